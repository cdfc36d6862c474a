package io.veritrace.actors.journal;

import io.veritrace.core.Trace;
import io.veritrace.core.Turn;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal writer's memory of each conversation's last record and the turns after it, so the
 * next trace of that session can refer to them ({@link StoredTrace}). Bounded by sessions and by
 * characters, least recently written evicted first: forgetting a session only means its next
 * trace is written whole. The turns are mostly the same strings the live Session holds.
 */
final class SessionTails {

  record Tail(long offset, List<Turn> turns, long chars) {}

  private final int maxSessions;
  private final long maxChars;
  private final LinkedHashMap<String, Tail> tails = new LinkedHashMap<>(16, 0.75f, true);
  private long chars;

  SessionTails(int maxSessions, long maxChars) {
    this.maxSessions = maxSessions;
    this.maxChars = maxChars;
  }

  void put(String session, long offset, List<Turn> turns) {
    long size = 0;
    for (Turn t : turns) size += t.text().length();
    Tail old = tails.put(session, new Tail(offset, List.copyOf(turns), size));
    if (old != null) chars -= old.chars();
    chars += size;
    Iterator<Map.Entry<String, Tail>> eldest = tails.entrySet().iterator();
    // the tail just written is always kept: a conversation longer than maxChars on its own used to be
    // forgotten at once, and each of its later traces was written whole (74 turns of 900 KB: 18 MB a turn from turn 20)
    while ((tails.size() > maxSessions || chars > maxChars) && tails.size() > 1) {
      chars -= eldest.next().getValue().chars();
      eldest.remove();
    }
  }

  /**
   * {@code t} as a record that refers to its session's last record, one written earlier in the
   * same batch ({@code batch}) or before it, for the leading turns that record holds.
   */
  StoredTrace record(Trace t, Map<String, Tail> batch) {
    String session = t.query().sessionId();
    Tail tail = batch.containsKey(session) ? batch.get(session) : tails.get(session);
    int shared = shared(tail, t.query().history());
    return shared > 0 ? StoredTrace.sharing(tail.offset(), shared, t) : StoredTrace.whole(t);
  }

  /** How many leading turns of {@code history} equal the tail's turns (equal strings, usually the same ones). */
  private static int shared(Tail tail, List<Turn> history) {
    if (tail == null) return 0;
    int n = Math.min(tail.turns().size(), history.size());
    int i = 0;
    while (i < n && tail.turns().get(i).equals(history.get(i))) i++;
    return i;
  }
}
