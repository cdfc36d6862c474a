package io.veritrace.verifiers.logic;

import java.util.Objects;

/**
 * Why input could not be checked, precise enough to send back to whoever translated it (the
 * Logic-LM self-refinement loop works exactly this way).
 *
 * @param cause the class of problem, for reports grouping failures
 * @param where {@code premise 3, column 14}, {@code conclusion}, {@code program line 7}
 * @param detail what is wrong and, where known, how to write it instead
 */
public record Rejection(Cause cause, String where, String detail) {

  public enum Cause {
    /** A token where the grammar allows none of its kind. */
    SYNTAX,
    /** Parentheses that no single dropped or added parenthesis could balance. */
    UNBALANCED_PARENTHESES,
    /** A symbol used as two different kinds of thing (predicate and individual, number). */
    SORT_CLASH,
    /** Nothing to check: an empty conclusion or no premises. */
    EMPTY,
    /** The program layout (sections Predicates / Premises / Conclusion) is broken. */
    LAYOUT,
    /** Z3 rejected an SMT-LIB2 script. */
    SMTLIB,
    /** Readable only by a repair that may change the meaning ({@link Repair.Kind#changesMeaning}). */
    GUESSED,
    /** Over a size limit (characters, premises, digits). */
    TOO_LARGE,
    /** Over the nesting-depth limit. */
    TOO_DEEP,
    /** A label other than True, False or Uncertain. */
    LABEL
  }

  public Rejection {
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(detail, "detail");
  }

  /** The message for the translator: where, then what. */
  public String message() {
    return where.isEmpty() ? detail : where + ": " + detail;
  }

  @Override
  public String toString() {
    return message();
  }
}
