package io.veritrace.verifiers.logic;

/** Thrown inside the parsing pipeline; {@link LogicChecker} turns it into a result. */
final class InputRejected extends Exception {
  private static final long serialVersionUID = 1L;

  final transient Rejection rejection;

  InputRejected(Rejection.Cause cause, String where, String detail) {
    super(where + ": " + detail, null, false, false);
    this.rejection = new Rejection(cause, where, detail);
  }
}
