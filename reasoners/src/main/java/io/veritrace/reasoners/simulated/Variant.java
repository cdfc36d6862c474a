package io.veritrace.reasoners.simulated;

import io.veritrace.core.Outcome;

/** What kind of question a generated word problem is, and so how a query about it should end. */
public enum Variant {
  /** Every quantity is given: the right outcome is a VERIFIED correct answer. */
  ANSWERABLE(Outcome.VERIFIED),
  /** A quantity the answer needs is never given: the right outcome is CLARIFY. */
  MISSING_QUANTITY(Outcome.CLARIFY),
  /** Two statements give the same quantity different values: the right outcome is REFUSE. */
  CONTRADICTORY(Outcome.REFUSE);

  private final Outcome expected;

  Variant(Outcome expected) {
    this.expected = expected;
  }

  public Outcome expected() {
    return expected;
  }
}
