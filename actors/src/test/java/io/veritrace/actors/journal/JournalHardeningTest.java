package io.veritrace.actors.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.Trace;
import io.veritrace.core.Turn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal keeps every answered query whatever the client sent (issue 16): text that is not
 * valid Unicode and traces over the record limit, and it refuses a second writer on its directory.
 * Long conversations (linear growth) are part of {@link JournalContract}.
 */
class JournalHardeningTest {

  @TempDir Path tmp;

  private static List<Trace> readAll(TraceJournal j) {
    List<JournalBatch.Corruption> corruptions = new ArrayList<>();
    List<Trace> out = JournalContract.readAll(j, 0, 7, corruptions).stream().map(JournalBatch.Entry::trace).toList();
    assertEquals(List.of(), corruptions);
    return out;
  }

  @Test
  void aLoneSurrogateIsReplacedNotDropped() throws Exception {
    try (FileTraceJournal j = FileTraceJournal.open(tmp.resolve("surrogate"))) {
      Trace t = Traces.answered("q-1", "s", "What is \ud800 plus \udc00x? 😀", List.of(Turn.user("earlier \udbff")));
      long offset = j.append(t).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(0, offset);
      Trace back = readAll(j).get(0);
      assertEquals("What is \uFFFD plus \uFFFDx? 😀", back.query().question(), "the pair stays, each lone half becomes U+FFFD");
      assertEquals("earlier \uFFFD", back.query().history().get(0).text());
      assertEquals(0, j.failedAppends());
    }
  }

  @Test
  void aTraceOverTheRecordLimitIsWrittenCutAndMarked() throws Exception {
    FileTraceJournal.Options small = new FileTraceJournal.Options(1 << 20, 16, 100, false, 64 * 1024);
    try (FileTraceJournal j = FileTraceJournal.open(tmp.resolve("large"), small)) {
      Trace huge = Traces.answered("q-huge", "s", "x".repeat(500_000), List.of());
      j.append(huge).toCompletableFuture().get(10, TimeUnit.SECONDS);
      Trace back = readAll(j).get(0);
      assertEquals("q-huge", back.query().id());
      assertTrue(back.query().question().length() < 64 * 1024);
      assertTrue(back.query().question().contains(TraceCodec.TRUNCATED),
          "the cut is marked");
      assertTrue(back.query().question().contains("of 500000 characters cut"), back.query().question().substring(back.query().question().length() - 80));
      assertEquals(1, j.truncatedTraces());
    }
  }

  @Test
  void aSecondWriterOnTheSameDirectoryIsRefusedClearly() throws Exception {
    Path dir = tmp.resolve("locked");
    try (FileTraceJournal first = FileTraceJournal.open(dir)) {
      JournalLockedException e = assertThrows(JournalLockedException.class, () -> FileTraceJournal.open(dir));
      assertTrue(e.getMessage().contains("already open for writing in this process (pid " + ProcessHandle.current().pid() + ")"),
          e.getMessage());
      // another process: the OS lock, not only this JVM's bookkeeping
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process other = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          CrashingNode.class.getName(), dir.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("other.out").toFile()).start();
      boolean exited = other.waitFor(60, TimeUnit.SECONDS);
      if (!exited) other.destroyForcibly().waitFor();
      String said = Files.readString(tmp.resolve("other.out"));
      assertTrue(exited && other.exitValue() != 0, "the second writer must stop at once: " + said);
      assertTrue(said.contains("already open for writing by another process (pid " + ProcessHandle.current().pid() + ")"), said);
      assertFalse(said.contains("RECOVERED"), "the second process never opened the journal");
      first.append(Traces.answered("q-1", "s", "still writing", List.of())).toCompletableFuture().join();
      try (FileTraceJournal reader = FileTraceJournal.openForReading(dir)) {
        assertEquals(1, readAll(reader).size(), "reading beside the writer needs no lock");
      }
    }
    try (FileTraceJournal again = FileTraceJournal.open(dir)) {
      assertEquals(1, readAll(again).size(), "closing releases the lock");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().equals(FileTraceJournal.LOCK)));
    }
  }
}
