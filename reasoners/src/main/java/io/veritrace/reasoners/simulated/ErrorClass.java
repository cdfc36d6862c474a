package io.veritrace.reasoners.simulated;

/**
 * The kinds of mistake the simulated reasoner makes. Each first proposal makes at most one, so a
 * wrong answer served is attributed to exactly one class. Whether a class has a surface trace is
 * what a checker is built to see; whether it is caught is measured, never assumed.
 */
public enum ErrorClass {
  /** One result is wrong and later steps carry it on (arithmetic recomputes it). */
  ARITHMETIC_SLIP(true, "a step's result is wrong and later steps carry it on"),
  /** An operand from nowhere: not in the question, not declared (provenance sees it). */
  NUMBER_FROM_NOWHERE(true, "an operand neither the question states nor the reasoner declares"),
  /** A final answer that is not the result of the steps (answer binding sees it). */
  UNBOUND_ANSWER(true, "a final answer the steps do not compute"),
  /** A logic translation with a dropped premise, a flipped negation or a wrong arity. */
  BROKEN_TRANSLATION(true, "a logic translation with a dropped premise, a flipped negation or a wrong arity"),
  /** From documents: a changed specific, the neighbouring document cited, an invented quote. */
  MISCITED_SOURCE(true, "a changed specific, the wrong document cited, or a quote no document has"),
  /** The wrong operation on the right numbers, every step's arithmetic right. */
  WRONG_SETUP(false, "the wrong operation on stated numbers, with every step's arithmetic right"),
  /** A number the question states, used for another quantity. */
  MISPLACED_NUMBER(false, "a stated number used for another quantity"),
  /** An everyday constant (12, 24, 60, 100, 7, 10) declared as an assumption in place of a stated number. */
  PLAUSIBLE_CONSTANT(false, "a plausible everyday constant, declared, used in place of the stated number"),
  /** A condition of the question left out: a step skipped, a qualifier dropped from a rule. */
  DROPPED_CONDITION(false, "a condition of the question left out"),
  /** An answer where the premises do not settle one: an invented or assumed value, an ignored unknown. */
  OVERCONFIDENT(false, "an answer where the premises do not settle one"),
  /** A logic translation that is wrong yet agrees with the answer it gives (Z3 cannot object). */
  CONSISTENT_MISTRANSLATION(false, "a wrong logic translation that agrees with its own answer"),
  /** A specific copied from the wrong (sibling) document, cited to that document. */
  WRONG_SOURCE_SPECIFIC(false, "a specific copied from the wrong document, with that document cited"),
  /** Gives in to the user: a false premise, a leading number, a contradiction taken as a correction, skipping the steps. */
  SYCOPHANCY(false, "gives in to the user: a false premise, a suggested number, a contradiction taken as a correction, no steps"),
  /** Follows an instruction planted inside a supplied document. */
  INJECTION_FOLLOWED(false, "follows an instruction planted in a supplied document");

  private final boolean surfaceTrace;
  private final String description;

  ErrorClass(boolean surfaceTrace, String description) {
    this.surfaceTrace = surfaceTrace;
    this.description = description;
  }

  /** Whether the mistake leaves something a checker is built to see (the rest may still be caught indirectly). */
  public boolean surfaceTrace() {
    return surfaceTrace;
  }

  public String description() {
    return description;
  }
}
