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

  /** Conversations remembered, and the text they may hold together (UTF-16 chars; shared turns counted each time). */
  private static final int MAX_ENTRIES = 256;
  private static final long MAX_CHARS = 8L << 20;

  // a count alone is not a bound: 256 conversations of 900 KB each held 230 MB and a reader at -Xmx256m ran out of memory
  private final Map<Long, List<Turn>> resolved = new LinkedHashMap<>(16, 0.75f, true);
  private long chars;

  private void remember(long offset, List<Turn> turns) {
    synchronized (resolved) {
      List<Turn> before = resolved.put(offset, turns);
      chars += length(turns) - (before == null ? 0 : length(before));
      var eldest = resolved.entrySet().iterator();
      while (resolved.size() > 1 && (resolved.size() > MAX_ENTRIES || chars > MAX_CHARS)) {
        chars -= length(eldest.next().getValue());
        eldest.remove();
      }
    }
  }

  private static long length(List<Turn> turns) {
    long n = 0;
    for (Turn t : turns) n += t.text().length();
    return n;
  }

  /** The whole trace of {@code record}, read at {@code offset}, its shared turns read back from its base. */
  Trace resolve(long offset, StoredTrace record, Records records) throws IOException {
    Trace whole = record.base() < 0 ? record.trace() : record.resolve(turnsAfter(record.base(), record.shared(), records));
    remember(offset, StoredTrace.turnsAfter(whole));
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
    remember(offset, known);
    return known;
  }
}
