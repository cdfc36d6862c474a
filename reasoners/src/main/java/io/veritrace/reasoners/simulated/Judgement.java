package io.veritrace.reasoners.simulated;

/** How one turn's outcome compares with its ground truth. */
public enum Judgement {
  /** Answered, and the answer is right. */
  CORRECT_ANSWER,
  /** Answered, and the answer is wrong. */
  WRONG_ANSWER_SERVED,
  /** Abstained as the truth says: CLARIFY where something is missing, REFUSE where the premises conflict. */
  RIGHT_ABSTENTION,
  /** Abstained where abstaining is right, but the other way (CLARIFY for a conflict, REFUSE for a gap). */
  OTHER_ABSTENTION,
  /** Abstained where there was a right answer to give (over-refusal). */
  NEEDLESS_ABSTENTION,
  /** Answered where the right outcome was to ask or to refuse. */
  UNANSWERABLE_ANSWERED;

  /** Whether a user got an answer they should not have: a wrong one, or one to an unanswerable question. */
  public boolean servesWrong() {
    return this == WRONG_ANSWER_SERVED || this == UNANSWERABLE_ANSWERED;
  }
}
