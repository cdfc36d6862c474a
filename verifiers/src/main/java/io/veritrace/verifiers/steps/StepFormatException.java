package io.veritrace.verifiers.steps;

/** A trace whose format cannot be read; the message says what is wrong, for a person or a model. */
public final class StepFormatException extends RuntimeException {
  public StepFormatException(String message) {
    super(message);
  }
}
