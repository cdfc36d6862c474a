package io.veritrace.actors.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veritrace.core.Trace;
import io.veritrace.core.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The writer's memory of conversations: a conversation longer than the memory's whole character
 * budget still has its next trace refer to its last record (issue 16: with 74 turns of 900 KB, every
 * trace from turn 20 on was written whole, 18 MB a turn and growing, once the history passed the
 * 16 M characters remembered), while other conversations make way for it.
 */
class SessionTailsTest {

  @Test
  void aConversationLongerThanTheBudgetStillRefersToItsLastRecord() {
    SessionTails tails = new SessionTails(10, 1_000);
    List<Turn> history = new ArrayList<>();
    long offset = 0;
    tails.put("other", 0, List.of(Turn.user("x".repeat(100))));
    for (int turn = 0; turn < 5; turn++) {
      Trace t = Traces.answered("q-" + turn, "long", "question " + turn + " " + "y".repeat(600), List.copyOf(history));
      StoredTrace stored = tails.record(t, Map.of());
      if (turn == 0) {
        assertEquals(-1, stored.base(), "the first trace of a conversation is written whole");
      } else {
        assertEquals(offset, stored.base(), "turn " + turn + " refers to the record before it");
        assertEquals(history.size(), stored.shared());
        assertEquals(0, stored.trace().query().history().size(), "only what is new is written");
      }
      offset = 1_000L * (turn + 1);
      history = StoredTrace.turnsAfter(t);
      tails.put("long", offset, history);
    }
    // the other conversation made way: its next trace is written whole, which is correct, only larger
    Trace other = Traces.answered("q-other", "other", "again", List.of(Turn.user("x".repeat(100))));
    assertEquals(-1, tails.record(other, Map.of()).base());
  }
}
