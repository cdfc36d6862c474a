package io.veritrace.runtime.cli;

/** A usage mistake a command finds after parsing (a bad combination or value): printed with a hint, exit code 2. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
