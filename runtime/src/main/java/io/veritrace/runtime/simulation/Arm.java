package io.veritrace.runtime.simulation;

import io.veritrace.core.Outcome;
import io.veritrace.core.Query;

/**
 * One side of the comparison: how a turn is put to the system under test and what the user gets.
 * Implementations are called from several threads at once, one session per thread at a time.
 */
public interface Arm {

  /** What the user got for one turn. */
  record Served(Outcome outcome, String text, int rounds) {}

  /** {@code unchecked} or {@code checked}. */
  String name();

  /**
   * Asks {@code query}: its history holds the conversation so far (the earlier user turns and
   * what this arm answered), its session id names the conversation.
   */
  Served ask(Query query) throws Exception;
}
