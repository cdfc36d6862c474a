package io.veritrace.runtime.cli;

import io.veritrace.actors.Veritrace;
import io.veritrace.actors.journal.TraceJournal;
import io.veritrace.reasoners.simulated.Judgement;
import io.veritrace.reasoners.simulated.Script;
import io.veritrace.reasoners.simulated.Scripts;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.runtime.Journals;
import io.veritrace.runtime.Nodes;
import io.veritrace.runtime.Settings;
import io.veritrace.runtime.simulation.Arm;
import io.veritrace.runtime.simulation.HttpArm;
import io.veritrace.runtime.simulation.LoopArm;
import io.veritrace.runtime.simulation.ReportCharts;
import io.veritrace.runtime.simulation.ScriptRunner;
import io.veritrace.runtime.simulation.SimulationReport;
import io.veritrace.runtime.simulation.UncheckedArm;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import picocli.CommandLine;

/**
 * {@code veritrace simulate}: the embedded default job. Plays seeded adversarial sessions (or a
 * scenario file) against the simulated fallible reasoner twice, at the same concurrency: once
 * unchecked (its first proposal is what the user gets) and once behind Veritrace (in process, or a
 * running server over HTTP); prints the comparison and writes the report (JSON, HTML, PNG).
 */
@CommandLine.Command(name = "simulate", sortOptions = false,
    description = "Play seeded adversarial sessions against the simulated reasoner with and without verification; write a report (JSON, HTML, PNG).")
public final class SimulateCommand extends Command {

  @CommandLine.Option(names = "--sessions", paramLabel = "N",
      description = "sessions to generate, 1 to 1000000 (default: 200; with --scenarios, the file's first N)")
  private Integer sessions;

  @CommandLine.Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "the seed of sessions and mistakes (default: ${DEFAULT-VALUE})")
  private long seed;

  @CommandLine.Option(names = "--concurrency", paramLabel = "C", defaultValue = "8",
      description = "simulated users at once, in both arms (default: ${DEFAULT-VALUE})")
  private int concurrency;

  @CommandLine.Option(names = "--scenarios", paramLabel = "FILE", description = "play the scripted sessions of this JSONL file (docs/scenarios.md) instead of generating them")
  private Path scenarios;

  @CommandLine.Option(names = "--write-scenarios", paramLabel = "FILE", description = "also write the sessions played to this JSONL file")
  private Path writeScenarios;

  @CommandLine.Option(names = "--url", paramLabel = "URL",
      description = "the checked arm is a running `veritrace serve` at this API root (e.g. http://127.0.0.1:8080/v1) instead of an in-process node")
  private URI url;

  @CommandLine.Option(names = "--report", paramLabel = "DIR", description = "where the report goes (default: var/simulation/seed-S)")
  private Path report;

  @CommandLine.Option(names = "--journal", paramLabel = "DIR|none", description = "the folder of the trace journal, or none for no journal (default: veritrace.journal: var/journal)")
  private String journalDir;

  @CommandLine.Option(names = "--faithful", description = "a reasoner that never errs")
  private boolean faithful;

  @Override
  protected int execute(InputStream in, PrintStream out, PrintStream err) throws Exception {
    if (sessions != null && (sessions < 1 || sessions > 1_000_000)) throw new UsageException("--sessions must be between 1 and 1000000");
    if (concurrency < 1 || concurrency > 4096) throw new UsageException("--concurrency must be between 1 and 4096");
    List<Script> scripts = scripts();
    if (writeScenarios != null) Scripts.write(writeScenarios, scripts);
    SimulationProfile profile = faithful ? SimulationProfile.faithful() : SimulationProfile.DEFAULT;
    SimulatedReasoner reasoner = new SimulatedReasoner(Scripts.tasks(scripts), profile, seed);
    String driver = url == null ? "in-process" : "http " + url;
    err.printf("simulating %d sessions (seed %d, %s reasoner, %d at once): unchecked, then checked (%s)%n",
        scripts.size(), seed, faithful ? "faithful" : "fallible", concurrency, driver);
    // a prefix of its own keeps this run's conversations apart from any earlier one on the same server
    String prefix = "sim-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    ScriptRunner.ArmRun unchecked = ScriptRunner.run(scripts, new UncheckedArm(reasoner), concurrency, prefix, reasoner::mistakeOf, err);
    ScriptRunner.ArmRun checked;
    if (url != null) {
      checked = ScriptRunner.run(scripts, new HttpArm(url, Duration.ofMinutes(2), null), concurrency, prefix, reasoner::mistakeOf, err);
    } else {
      checked = inProcess(scripts, reasoner, prefix, err);
    }
    SimulationReport r = SimulationReport.of(seed, driver, profile, unchecked, checked);
    Path dir = report != null ? report : Path.of("var", "simulation", "seed-" + seed);
    Path page = ReportCharts.write(r, dir);
    print(out, r);
    out.printf("%nreport: %s (JSON: %s, charts: %s/*.png)%n", page.toAbsolutePath(), dir.resolve("report.json").toAbsolutePath(),
        dir.toAbsolutePath());
    return 0;
  }

  private List<Script> scripts() throws IOException {
    if (scenarios == null) return Scripts.generate(sessions == null ? 200 : sessions, seed);
    List<Script> all;
    try {
      all = Scripts.read(scenarios);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new UsageException("--scenarios: no such file " + scenarios);
    } catch (IOException e) {
      throw new UsageException("--scenarios: " + e.getMessage());
    }
    return sessions == null || sessions >= all.size() ? all : all.subList(0, sessions);
  }

  private ScriptRunner.ArmRun inProcess(List<Script> scripts, SimulatedReasoner reasoner, String prefix, PrintStream err) throws Exception {
    Settings settings = Settings.load();
    String journalArg = journalDir == null ? "" : journalDir;
    Optional<TraceJournal> journal = journalArg.equals("none") ? Optional.empty()
        : journalArg.isEmpty() ? Journals.open(settings.config())
        : Optional.of(Journals.openFile(Path.of(journalArg), settings.config().getConfig("veritrace.journal")));
    ScriptRunner.ArmRun run;
    LoopArm arm;
    try (Veritrace node = Nodes.start(settings, reasoner, journal.orElse(null))) {
      arm = new LoopArm(node);
      run = ScriptRunner.run(scripts, arm, concurrency, prefix, reasoner::mistakeOf, err);
    } finally {
      if (journal.isPresent()) journal.get().close();
    }
    if (journal.isPresent()) {
      err.printf("%d of %d traces durable in the journal (%s), which now ends at offset %d%n", arm.durable(), run.turns().size(),
          journalArg.isEmpty() ? settings.config().getString("veritrace.journal.kind") : journalArg, journal.get().end());
    }
    return run;
  }

  private static void print(PrintStream out, SimulationReport r) {
    SimulationReport.ArmSummary u = r.arms().get("unchecked");
    SimulationReport.ArmSummary k = r.arms().get("checked");
    out.printf("Veritrace simulation: %d sessions (%d turns), seed %d, %s, concurrency %d%n%n", r.sessions(), r.turns(), r.seed(),
        r.driver(), r.concurrency());
    out.printf("%-44s %16s %16s%n", "", "unchecked", "with Veritrace");
    for (Judgement j : Judgement.values()) {
      out.printf("%-44s %16d %16d%n", j.name().toLowerCase().replace('_', ' '), u.judgements().get(j), k.judgements().get(j));
    }
    out.printf("%-44s %16d %16d%n", "clarifications naming the missing piece", r.clarifications().uncheckedNamed(), r.clarifications().checkedNamed());
    out.printf("%-44s %16.2f %16.2f%n", "rounds per turn (mean)", u.meanRounds(), k.meanRounds());
    out.printf("%-44s %16.3f %16.3f%n", "latency p50 (ms)", u.latency().p50Ms(), k.latency().p50Ms());
    out.printf("%-44s %16.3f %16.3f%n", "latency p99 (ms)", u.latency().p99Ms(), k.latency().p99Ms());
    out.printf("%-44s %16.1f %16.1f%n", "sessions/s", u.throughput().sessionsPerSecond(), k.throughput().sessionsPerSecond());
    out.printf("%nwrong answers served, by the class of the reasoner's first mistake (* = no surface trace):%n");
    out.printf("%-30s %8s %12s %12s %12s%n", "", "made", "unchecked", "checked", "caught");
    for (SimulationReport.ErrorRow e : r.errors()) {
      if (e.made() == 0) continue;
      out.printf("%-30s %8d %12d %12d %12d%n", e.kind().toLowerCase().replace('_', ' ')
          + (e.surfaceTrace() || e.kind().equals(SimulationReport.NO_MISTAKE) ? "" : "*"), e.made(),
          e.uncheckedWrong(), e.checkedWrong(), e.checkedAbstained() + e.checkedCorrect());
    }
  }
}
