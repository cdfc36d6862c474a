package io.veritrace.core;

/** How a checker judged one claim. */
public enum Grade {
  /** The claim was checked and holds. */
  PASS,
  /** Reported, does not reject; in the loop it may ask the reasoner to justify. */
  WARN,
  /** The claim is wrong; the step is rejected. */
  FAIL,
  /** The checker could not decide (error, timeout, limit): never counts as a pass. */
  ERROR,
  /** The checker has nothing to say about this claim. */
  NOT_APPLICABLE;

  /** True for grades that stop an answer from being VERIFIED. */
  public boolean rejects() {
    return this == FAIL || this == ERROR;
  }
}
