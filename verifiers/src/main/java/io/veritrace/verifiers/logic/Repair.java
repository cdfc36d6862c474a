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
    CODE_FENCE
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
