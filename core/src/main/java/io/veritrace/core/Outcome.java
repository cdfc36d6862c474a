package io.veritrace.core;

/** How a query ends: the contract with the user (see DESIGN.md). */
public enum Outcome {
  /** Every step passed and the answer is derived from the checked steps. */
  VERIFIED,
  /** The premises do not determine the answer: a question goes back to the user. */
  CLARIFY,
  /** Contradictory premises, a false premise, or no checked answer within the budget. */
  REFUSE,
  /** Best effort in a domain no checker covers, where the operator's policy allows it. */
  UNVERIFIED
}
