package io.veritrace.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default job, end to end through a real actor system. */
class SimulateCommandTest {

  @TempDir Path tmp;
  private int journals;

  /** Runs simulate with a journal of its own, and checks every trace reached it. */
  private String run(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> argv = new java.util.ArrayList<>(List.of(args));
    argv.addAll(List.of("--journal", tmp.resolve("journal-" + journals++).toString()));
    int code = new SimulateCommand().run(argv, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code);
    String log = err.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("200/200 sessions done"), log);
    assertTrue(log.contains("200 of 200 traces durable in the journal"), log);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int[] row(String table, String label) {
    String line = table.lines().filter(l -> l.startsWith(label)).findFirst().orElseThrow();
    String[] f = line.substring(label.length()).trim().split("\\s+");
    return new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1])};
  }

  @Test
  void verificationStopsWrongAnswersAndTheSameSeedGivesTheSameOutcomes() throws Exception {
    String a = run("--sessions", "200", "--seed", "5");
    int[] wrong = row(a, "wrong answers served");
    assertTrue(wrong[0] > 10, "the raw simulated reasoner should serve wrong answers: " + a);
    assertEquals(0, wrong[1], a);
    assertEquals(0, row(a, "unanswerable questions answered")[1], a);
    String b = run("--sessions", "200", "--seed", "5");
    // everything but the latency rows is determined by the seed
    assertEquals(a.lines().filter(l -> !l.startsWith("latency")).toList(), b.lines().filter(l -> !l.startsWith("latency")).toList());
  }

  @Test
  void badOptionsAreUsageErrors() {
    UsageException e = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, () -> run("--sessions", "many"));
    assertTrue(e.getMessage().contains("--sessions") && e.getMessage().contains("many"), e.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, () -> run("--bogus", "1"));
  }
}
