package io.veritrace.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.reasoners.simulated.Scripts;
import io.veritrace.runtime.simulation.SimulationReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default job, end to end through a real actor system and real files. */
class SimulateCommandTest {

  @TempDir Path tmp;
  private int runs;

  private record Run(String out, String err, Path report) {}

  /** Runs simulate with a journal and a report folder of its own. */
  private Run run(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path report = tmp.resolve("report-" + runs);
    List<String> argv = new ArrayList<>(List.of(args));
    argv.addAll(List.of("--journal", tmp.resolve("journal-" + runs++).toString(), "--report", report.toString()));
    int code = new SimulateCommand().run(argv, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    return new Run(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), report);
  }

  private static int[] row(String table, String label) {
    String line = table.lines().filter(l -> l.startsWith(label)).findFirst().orElseThrow();
    String[] f = line.substring(label.length()).trim().split("\\s+");
    return new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1])};
  }

  @Test
  void writesTheReportAndTheSameSeedGivesTheSameNumbers() throws Exception {
    Run a = run("--sessions", "120", "--seed", "5", "--concurrency", "4");
    assertTrue(a.err().contains("unchecked: 120/120 sessions done") && a.err().contains("checked: 120/120 sessions done"), a.err());
    SimulationReport r = SimulationReport.read(a.report().resolve("report.json"));
    assertTrue(a.err().contains(r.turns() + " of " + r.turns() + " traces durable in the journal"), a.err());
    assertTrue(a.out().contains("report: " + a.report().resolve("report.html").toAbsolutePath()), a.out());
    for (String png : List.of("wrong-served", "error-classes", "outcomes-checked", "outcomes-unchecked", "latency")) {
      assertTrue(Files.size(a.report().resolve(png + ".png")) > 5_000, png);
    }
    int[] wrong = row(a.out(), "wrong answer served");
    assertTrue(wrong[0] > 10 && wrong[1] < wrong[0], "verification serves fewer wrong answers: " + a.out());
    assertEquals(wrong[0], r.arms().get("unchecked").judgements().get(io.veritrace.reasoners.simulated.Judgement.WRONG_ANSWER_SERVED));

    Run b = run("--sessions", "120", "--seed", "5", "--concurrency", "8");
    // everything but timings (and the rounds spent, see SimulationReport#numbers) is decided by the seed
    java.util.function.Predicate<String> timed = l -> l.startsWith("latency") || l.startsWith("sessions/s") || l.startsWith("report:")
        || l.startsWith("Veritrace simulation") || l.startsWith("rounds per turn");
    assertEquals(a.out().lines().filter(timed.negate()).toList(), b.out().lines().filter(timed.negate()).toList());
    assertEquals(r.numbers().errors(), SimulationReport.read(b.report().resolve("report.json")).numbers().errors());
  }

  @Test
  void playsAScenarioFileItWrote() throws Exception {
    Path file = tmp.resolve("scenarios.jsonl");
    Run generated = run("--sessions", "30", "--seed", "8", "--write-scenarios", file.toString());
    assertEquals(30, Scripts.read(file).size());
    Run played = run("--scenarios", file.toString(), "--seed", "8");
    assertEquals(SimulationReport.read(generated.report().resolve("report.json")).numbers().scenarios(),
        SimulationReport.read(played.report().resolve("report.json")).numbers().scenarios());
  }

  @Test
  void badOptionsAreUsageErrors() throws Exception {
    UsageException e = assertThrows(UsageException.class, () -> run("--sessions", "many"));
    assertTrue(e.getMessage().contains("--sessions") && e.getMessage().contains("many"), e.getMessage());
    assertThrows(UsageException.class, () -> run("--bogus", "1"));
    e = assertThrows(UsageException.class, () -> run("--concurrency", "0"));
    assertTrue(e.getMessage().contains("--concurrency"), e.getMessage());
    e = assertThrows(UsageException.class, () -> run("--scenarios", tmp.resolve("none.jsonl").toString()));
    assertTrue(e.getMessage().contains("none.jsonl"), e.getMessage());
    Path bad = tmp.resolve("bad.jsonl");
    Files.writeString(bad, "{\"id\":\"x\"}\n");
    e = assertThrows(UsageException.class, () -> run("--scenarios", bad.toString()));
    assertTrue(e.getMessage().contains("line 1"), e.getMessage());
  }
}
