package io.veritrace.actors.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.Trace;
import io.veritrace.core.Turn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** What every journal must do, run against the file journal and against PostgreSQL. */
abstract class JournalContract {

  /** A new, empty journal. */
  abstract TraceJournal fresh() throws Exception;

  /** The same journal as {@code j}, closed and opened again. */
  abstract TraceJournal reopen(TraceJournal j) throws Exception;

  /** Damages the stored record at {@code offset} so it no longer checks out. */
  abstract void corrupt(TraceJournal j, long offset) throws Exception;

  /** Bytes the journal's records take in storage. */
  abstract long storedBytes(TraceJournal j) throws Exception;

  static List<JournalBatch.Entry> readAll(TraceJournal j, long from, int page, List<JournalBatch.Corruption> corruptions) {
    List<JournalBatch.Entry> all = new ArrayList<>();
    long at = from;
    while (true) {
      JournalBatch b = j.read(at, page);
      all.addAll(b.entries());
      corruptions.addAll(b.corruptions());
      if (b.next() == at || (b.entries().isEmpty() && b.corruptions().isEmpty())) return all;
      at = b.next();
    }
  }

  @Test
  void appendsComeBackIntactInOrderWithGrowingOffsets() throws Exception {
    try (TraceJournal j = fresh()) {
      List<Long> offsets = new ArrayList<>();
      for (int i = 0; i < 20; i++) offsets.add(j.append(Traces.corrected(i)).toCompletableFuture().join());
      for (int i = 1; i < offsets.size(); i++) assertTrue(offsets.get(i) > offsets.get(i - 1), offsets.toString());
      List<JournalBatch.Corruption> corruptions = new ArrayList<>();
      List<JournalBatch.Entry> read = readAll(j, 0, 7, corruptions);
      assertEquals(20, read.size());
      for (int i = 0; i < 20; i++) {
        assertEquals(offsets.get(i), read.get(i).offset());
        assertEquals(Traces.corrected(i), read.get(i).trace());
      }
      assertEquals(List.of(), corruptions);
      assertTrue(j.end() > offsets.get(19));
    }
  }

  @Test
  void concurrentAppendsAreGroupCommittedAndAllKept() throws Exception {
    try (TraceJournal j = fresh()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        int n = i;
        futures.add(CompletableFuture.supplyAsync(() -> j.append(Traces.corrected(n)).toCompletableFuture().join(), pool));
      }
      Set<Long> offsets = new HashSet<>();
      for (CompletableFuture<Long> f : futures) offsets.add(f.join());
      pool.shutdown();
      assertEquals(400, offsets.size());
      Set<String> ids = new HashSet<>();
      for (JournalBatch.Entry e : readAll(j, 0, 1000, new ArrayList<>())) ids.add(e.trace().query().id());
      assertEquals(400, ids.size());
    }
  }

  @Test
  void consumersResumeFromTheirCommittedOffsetAfterAReopen() throws Exception {
    TraceJournal j = fresh();
    for (int i = 0; i < 10; i++) j.append(Traces.corrected(i)).toCompletableFuture().join();
    assertEquals(0, j.committed("trainer"));
    JournalBatch first = j.read(j.committed("trainer"), 4);
    assertEquals(4, first.entries().size());
    j.commit("trainer", first.next());
    TraceJournal again = reopen(j);
    try (again) {
      assertEquals(first.next(), again.committed("trainer"));
      assertEquals(0, again.committed("other"));
      List<JournalBatch.Entry> rest = readAll(again, again.committed("trainer"), 100, new ArrayList<>());
      assertEquals(6, rest.size());
      assertEquals("q-4", rest.get(0).trace().query().id());
      long before = again.end();
      again.append(Traces.corrected(99)).toCompletableFuture().join();
      assertTrue(again.end() > before);
    }
  }

  @Test
  void aCorruptRecordIsReportedWithItsPositionAndSkipped() throws Exception {
    try (TraceJournal j = fresh()) {
      List<Long> offsets = new ArrayList<>();
      for (int i = 0; i < 5; i++) offsets.add(j.append(Traces.corrected(i)).toCompletableFuture().join());
      corrupt(j, offsets.get(2));
      List<JournalBatch.Corruption> corruptions = new ArrayList<>();
      List<JournalBatch.Entry> read = readAll(j, 0, 100, corruptions);
      assertEquals(List.of("q-0", "q-1", "q-3", "q-4"), read.stream().map(e -> e.trace().query().id()).toList());
      assertEquals(1, corruptions.size(), corruptions.toString());
      assertEquals((long) offsets.get(2), corruptions.get(0).offset());
      assertTrue(corruptions.get(0).reason().contains("skipped"), corruptions.get(0).reason());
      assertTrue(corruptions.get(0).lost());
    }
  }

  @Test
  void aTraceWhoseEarlierTurnsAreInACorruptRecordIsReadWithTheRestOfItsHistory() throws Exception {
    try (TraceJournal j = fresh()) {
      Trace first = Traces.answered("q-0", "s", "first question", List.of());
      long firstAt = j.append(first).toCompletableFuture().join();
      List<Turn> history = List.of(Turn.user("first question"), Turn.assistant(first.text()));
      long secondAt = j.append(Traces.answered("q-1", "s", "second question", history)).toCompletableFuture().join();
      corrupt(j, firstAt);
      List<JournalBatch.Corruption> corruptions = new ArrayList<>();
      List<JournalBatch.Entry> read = readAll(j, 0, 100, corruptions);
      assertEquals(List.of("q-1"), read.stream().map(e -> e.trace().query().id()).toList());
      assertEquals(List.of(true, false), corruptions.stream().map(JournalBatch.Corruption::lost).toList(), corruptions.toString());
      assertEquals(List.of(firstAt, secondAt), corruptions.stream().map(JournalBatch.Corruption::offset).toList());
    }
  }

  private static List<Trace> traces(TraceJournal j) {
    List<JournalBatch.Corruption> corruptions = new ArrayList<>();
    List<Trace> out = readAll(j, 0, 7, corruptions).stream().map(JournalBatch.Entry::trace).toList();
    assertEquals(List.of(), corruptions);
    return out;
  }

  @Test
  void aConversationRefersToItsEarlierTurnsSoTheJournalGrowsLinearly() throws Exception {
    int turns = 40;
    int chars = 20_000;
    List<Trace> written = new ArrayList<>();
    TraceJournal j = fresh();
    try {
      List<Turn> history = new ArrayList<>();
      for (int i = 0; i < turns; i++) {
        String question = ("turn " + i + " ").repeat(chars / 7);
        Trace t = Traces.answered("q-" + i, "long-session", question, history);
        // another session in between: references are per session
        j.append(Traces.answered("other-" + i, "other", "short " + i, List.of(Turn.user("x"), Turn.assistant("y")))).toCompletableFuture().join();
        j.append(t).toCompletableFuture().join();
        written.add(t);
        history.add(Turn.user(question));
        history.add(Turn.assistant(t.text()));
      }
      // each question and answer stored once; copying the history into every trace would be ~turns/2 times as much
      long bytes = storedBytes(j);
      long once = 0;
      for (Trace t : written) once += t.query().question().length() + t.text().length();
      assertTrue(bytes < once + once / 10 + 64 * 1024, "journal holds " + bytes + " bytes for " + once + " characters of conversation");
      List<Trace> back = traces(j).stream().filter(t -> t.query().sessionId().equals("long-session")).toList();
      assertEquals(written, back, "reading restores every trace's whole history");
      j = reopen(j);
      JournalBatch all = j.read(0, 1000);
      JournalBatch last = j.read(all.entries().get(2 * turns - 1).offset(), 1);
      assertEquals(written.get(turns - 1), last.entries().get(0).trace(), "a fresh reader starting at the last record follows the chain back");
    } finally {
      j.close();
    }
  }

  @Test
  void aHistoryThatDivergesIsWrittenFromWhereItDiffers() throws Exception {
    try (TraceJournal j = fresh()) {
      Trace first = Traces.answered("q-1", "s", "first", List.of(Turn.user("a"), Turn.assistant("b")));
      // a client that rewrote the conversation: shares one turn, then differs
      Trace second = Traces.answered("q-2", "s", "second", List.of(Turn.user("a"), Turn.assistant("edited"), Turn.user("first")));
      Trace third = Traces.answered("q-3", "s", "third", StoredTrace.turnsAfter(second));
      // the same session twice in one group commit: the second refers to the first
      List<CompletableFuture<Long>> pending = new ArrayList<>();
      for (Trace t : List.of(first, second, third)) pending.add(j.append(t).toCompletableFuture());
      for (CompletableFuture<Long> p : pending) p.join();
      assertEquals(List.of(first, second, third), traces(j));
    }
  }

  @Test
  void badConsumerNamesAreRefused() throws Exception {
    try (TraceJournal j = fresh()) {
      for (String bad : new String[] {"", "../etc", "a b", "x".repeat(65)}) {
        try {
          j.commit(bad, 1);
          throw new AssertionError("accepted " + bad);
        } catch (IllegalArgumentException expected) {
          assertTrue(expected.getMessage().contains("consumer names"));
        }
      }
    }
  }
}
