package io.veritrace.verifiers.grounding;

/** Sources that cannot be read as documented in {@code docs/sources.md}; says where and why. */
public final class SourceFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SourceFormatException(String message) {
    super(message);
  }

  public SourceFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
