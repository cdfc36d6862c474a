package io.veritrace.verifiers.arithmetic;

/** An expression that cannot be evaluated: malformed, too large, or undefined. */
public final class ArithmeticLimitException extends RuntimeException {
  public ArithmeticLimitException(String message) {
    super(message, null, false, false);
  }
}
