package io.veritrace.reasoners.local;

/**
 * A model folder that cannot be loaded: a malformed file, a missing tensor, a shape that does not
 * match the configuration, an architecture this runtime does not implement. The message names the
 * file and the tensor or field.
 */
public final class CheckpointException extends RuntimeException {
  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
