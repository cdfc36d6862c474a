package io.veritrace.actors.journal;

/** An append that did not reach stable storage: a full disk, a lost database, a full queue. */
public final class JournalWriteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JournalWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
