package io.veritrace.actors.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A separate JVM runs the loop under load with a file journal and is killed with SIGKILL
 * mid-stream, twice; every trace whose answer it had returned as durable is in the journal,
 * intact, and the journal opens with no manual repair.
 */
class JournalCrashTest {

  @TempDir Path tmp;

  private Set<String> runAndKill(Path dir, int acks) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process node = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        CrashingNode.class.getName(), dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Set<String> acked = new HashSet<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acked.size() < acks && (line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) acked.add(line.substring(4));
      }
      node.destroyForcibly(); // SIGKILL: no shutdown hooks, no flush, writes cut wherever they are
      assertTrue(node.waitFor(30, TimeUnit.SECONDS));
    }
    assertEquals(acks, acked.size(), "the node died before answering enough queries");
    return acked;
  }

  @Test
  void everyAnswerReturnedAsDurableSurvivesSigkill() throws Exception {
    Path dir = tmp.resolve("journal");
    Set<String> acked = runAndKill(dir, 400);
    acked.addAll(runAndKill(dir, 300)); // the second run opens what the first left behind
    try (FileTraceJournal journal = FileTraceJournal.open(dir)) {
      System.out.println("journal after SIGKILL: " + journal.recovery());
      List<JournalBatch.Corruption> corruptions = new ArrayList<>();
      Set<String> stored = new HashSet<>();
      for (JournalBatch.Entry e : JournalContract.readAll(journal, 0, 5000, corruptions)) {
        stored.add(e.trace().query().id());
        assertTrue(e.trace().rounds().size() >= 1, "intact rounds");
      }
      assertEquals(List.of(), corruptions);
      Set<String> missing = new HashSet<>(acked);
      missing.removeAll(stored);
      assertEquals(Set.of(), missing, "answers returned as durable but not in the journal");
    }
  }
}
