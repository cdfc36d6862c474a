package io.veritrace.actors.journal;

import io.veritrace.core.Trace;
import io.veritrace.core.Turn;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader's memory of the conversation after recently read records, so a session's chain of
 * {@link StoredTrace records that refer to earlier ones} is read once, not once per trace. The
 * journal supplies how to load the record at an offset.
 */
final class ResolvedTurns {

  /** Loads the stored record at an offset. */
  interface Records {
    StoredTrace at(long offset) throws IOException;
  }

  private final Map<Long, List<Turn>> resolved = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, List<Turn>> eldest) {
      return size() > 256;
    }
  };

  /** The whole trace of {@code record}, read at {@code offset}, its shared turns read back from its base. */
  Trace resolve(long offset, StoredTrace record, Records records) throws IOException {
    Trace whole = record.base() < 0 ? record.trace() : record.resolve(turnsAfter(record.base(), record.shared(), records));
    synchronized (resolved) {
      resolved.put(offset, StoredTrace.turnsAfter(whole));
    }
    return whole;
  }

  /**
   * The conversation after the record at {@code offset}: its chain of earlier records is walked
   * back iteratively (a session may have thousands of turns) to one already known or whole.
   */
  private List<Turn> turnsAfter(long offset, int atLeast, Records records) throws IOException {
    Deque<StoredTrace> chain = new ArrayDeque<>();
    List<Turn> known;
    long at = offset;
    while (true) {
      synchronized (resolved) {
        known = resolved.get(at);
      }
      if (known != null) break;
      StoredTrace record = records.at(at);
      chain.push(record);
      if (record.base() < 0) break;
      if (record.base() >= at) throw new IOException("record at offset " + at + " refers forward to " + record.base());
      at = record.base();
    }
    while (!chain.isEmpty()) {
      StoredTrace r = chain.pop();
      Trace whole = r.base() < 0 ? r.trace() : r.resolve(known);
      known = StoredTrace.turnsAfter(whole);
    }
    if (known.size() < atLeast) throw new IOException("the record at offset " + offset + " holds " + known.size() + " turns, not " + atLeast);
    synchronized (resolved) {
      resolved.put(offset, known);
    }
    return known;
  }
}
