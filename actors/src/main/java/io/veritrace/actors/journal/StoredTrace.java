package io.veritrace.actors.journal;

import com.fasterxml.jackson.databind.JsonNode;
import io.veritrace.core.Query;
import io.veritrace.core.Trace;
import io.veritrace.core.Turn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A file-journal record: a trace whose conversation history starts with turns an earlier record
 * of the same session already holds, which it refers to instead of copying them. Without this a
 * conversation of n turns would write O(n²) bytes (every trace carrying all turns before it).
 *
 * @param base offset of the earlier record, or -1 when the trace carries its whole history
 * @param shared how many leading turns of the history are {@link #turnsAfter the turns after}
 *     the base record; the trace's own history holds only the rest
 * @param trace the trace, its history cut to the turns not shared
 */
record StoredTrace(long base, int shared, Trace trace) {

  static StoredTrace whole(Trace trace) {
    return new StoredTrace(-1, 0, trace);
  }

  /** A stored record; records written before traces shared their session's turns are plain traces. */
  static StoredTrace decode(byte[] bytes) throws IOException {
    JsonNode tree = TraceCodec.tree(bytes);
    if (tree != null && tree.has("trace")) return TraceCodec.value(tree, StoredTrace.class);
    return whole(TraceCodec.value(tree, Trace.class));
  }

  /** {@code trace} referring to its first {@code shared} history turns at {@code base}. */
  static StoredTrace sharing(long base, int shared, Trace trace) {
    List<Turn> history = trace.query().history();
    return new StoredTrace(base, shared, withHistory(trace, history.subList(shared, history.size())));
  }

  /** The conversation as it stands after a trace: its history, its question and the answer given. */
  static List<Turn> turnsAfter(Trace trace) {
    List<Turn> turns = new ArrayList<>(trace.query().history().size() + 2);
    turns.addAll(trace.query().history());
    turns.add(Turn.user(trace.query().question()));
    turns.add(Turn.assistant(trace.text()));
    return turns;
  }

  /** The whole trace again, given the turns after the base record. */
  Trace resolve(List<Turn> baseTurns) {
    List<Turn> history = new ArrayList<>(shared + trace.query().history().size());
    history.addAll(baseTurns.subList(0, shared));
    history.addAll(trace.query().history());
    return withHistory(trace, history);
  }

  static Trace withHistory(Trace t, List<Turn> history) {
    Query q = t.query();
    Query cut = new Query(q.id(), q.sessionId(), q.question(), history, q.established(), q.sources(), q.referenceDate(), q.parameters());
    return new Trace(cut, t.rounds(), t.outcome(), t.text(), t.certificate(), t.stopReason(), t.startedAtMillis(), t.elapsedNanos());
  }
}
