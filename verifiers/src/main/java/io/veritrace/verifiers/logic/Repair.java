package io.veritrace.verifiers.logic;

import java.util.Objects;

/**
 * A change made to messy input so that it could be checked, reported with the result so that
 * nobody mistakes the repaired reading for what was written.
 *
 * @param kind which class of mess it was
 * @param where {@code premise 3}, {@code conclusion}, {@code program line 7}
 * @param description what was changed, in words a translator can act on
 */
public record Repair(Kind kind, String where, String description) {

  public enum Kind {
    UNBALANCED_PARENTHESES,
    TRAILING_FULL_STOP,
    CARET_AS_AND,
    MULTI_WORD_CONSTANT,
    MISSING_CONNECTIVE,
    EMPTY_PREMISE,
    DUPLICATE_QUANTIFIER,
    FREE_VARIABLE,
    ARITY_CLASH,
    CODE_FENCE;

    /**
     * Whether the repaired reading is a guess that can change what the formula says: a free
     * variable closed universally (LLM translators mostly meant ∃ or a constant), a predicate
     * split in two. A variable quantified twice ({@link #DUPLICATE_QUANTIFIER}) is not: its
     * second ∀ read as the free variable is what the written ∀ says (FOLIO's ∀x ∀x … y). A result read that way is never a confident
     * True or False; the formula goes back to whoever wrote it.
     */
    public boolean changesMeaning() {
      return this == FREE_VARIABLE || this == ARITY_CLASH;
    }
  }

  public Repair {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(description, "description");
  }

  @Override
  public String toString() {
    return where + ": " + description;
  }
}
