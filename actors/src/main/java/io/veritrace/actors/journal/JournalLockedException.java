package io.veritrace.actors.journal;

import java.io.IOException;

/** A journal directory another process (or another journal in this one) already writes to. */
public final class JournalLockedException extends IOException {
  private static final long serialVersionUID = 1L;

  public JournalLockedException(String message) {
    super(message);
  }
}
