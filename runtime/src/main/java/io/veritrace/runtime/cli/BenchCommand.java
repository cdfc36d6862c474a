package io.veritrace.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrace.actors.Veritrace;
import io.veritrace.core.Outcome;
import io.veritrace.core.Query;
import io.veritrace.reasoners.simulated.Scenario;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.runtime.Nodes;
import io.veritrace.runtime.Settings;
import io.veritrace.runtime.bench.Clients;
import io.veritrace.runtime.bench.DirectLoop;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.SolutionAudit;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;

/**
 * {@code veritrace bench}: the two figures the spine promises, each against a baseline measured
 * in the same run. (1) {@code check} throughput on the GSM8K training split, one thread and all
 * cores. (2) The actor loop's time per query against the same reasoner, checks, corrector and
 * decision rules called directly ({@link DirectLoop}), at the same parallelism.
 */
@CommandLine.Command(name = "bench", sortOptions = false,
    description = "Measure check throughput on GSM8K and the actor loop's overhead against the same checks called directly.")
public final class BenchCommand extends Command {

  @CommandLine.Option(names = "--gsm8k", paramLabel = "FILE", description = "GSM8K JSON Lines (default: data/gsm8k/train.jsonl under VERITRACE_HOME)")
  private String gsm8kFile;

  @CommandLine.Option(names = "--queries", paramLabel = "N", defaultValue = "4000", description = "simulated queries for the loop figure (default: ${DEFAULT-VALUE})")
  private int queries;

  @CommandLine.Option(names = "--clients", paramLabel = "C", defaultValue = "64",
      description = "questions in flight in the actor loop: C clients each ask again when answered; 0 asks all at once (default: ${DEFAULT-VALUE})")
  private int clients;

  @CommandLine.Option(names = "--passes", paramLabel = "P", defaultValue = "3", description = "timed passes; the best counts (default: ${DEFAULT-VALUE})")
  private int passes;

  @Override
  protected int execute(InputStream in, PrintStream out, PrintStream err) throws Exception {
    String home = System.getenv().getOrDefault("VERITRACE_HOME", ".");
    Path gsm8k = Path.of(gsm8kFile != null ? gsm8kFile : home + "/data/gsm8k/train.jsonl");
    int cores = Runtime.getRuntime().availableProcessors();

    List<String[]> traces = load(gsm8k);
    CheckSuite suite = CheckSuite.standard();
    err.println("warming up the checkers...");
    checkAll(traces, suite, 1);
    double one = throughput(traces, suite, 1, passes);
    double all = throughput(traces, suite, cores, passes);
    out.printf("check throughput on %s (%d traces, best of %d passes):%n", gsm8k.getFileName(), traces.size(), passes);
    out.printf("  1 thread : %,10.0f traces/s%n", one);
    out.printf("  %d threads: %,10.0f traces/s  (%.2fx of one thread)%n", cores, all, all / one);

    List<Scenario> scenarios = Scenario.generate(queries, 99);
    SimulatedReasoner reasoner = new SimulatedReasoner(scenarios.stream().map(Scenario::task).toList(), SimulationProfile.DEFAULT, 99);
    Settings settings = Settings.load();
    err.println("warming up both loops...");
    // like the actor loop's checker routees, each direct thread keeps its suite and its thread
    // from pass to pass: neither is built inside a timed pass
    List<DirectLoop> loops = new ArrayList<>();
    for (int t = 0; t < cores; t++) loops.add(new DirectLoop(reasoner, CheckSuite.standard(), settings.policy()));
    ExecutorService pool = Executors.newFixedThreadPool(cores);
    long[] direct = {Long.MAX_VALUE, Long.MAX_VALUE};
    long[] actor = {Long.MAX_VALUE, Long.MAX_VALUE};
    List<Map<Outcome, Integer>> outcomes = new ArrayList<>(List.of(Map.of(), Map.of()));
    try (Veritrace node = Nodes.start(settings, reasoner, null)) {
      List<Query> asked = scenarios.stream().map(Scenario::query).toList();
      direct(scenarios.subList(0, Math.min(1000, queries)), loops, pool);
      Clients.ask(node, asked.subList(0, Math.min(1000, queries)), clients);
      for (int p = 0; p < passes; p++) {
        best(direct, timed(() -> outcomes.set(0, direct(scenarios, loops, pool))));
        best(actor, timed(() -> outcomes.set(1, Clients.ask(node, asked, clients))));
        err.printf("  pass %d/%d done%n", p + 1, passes);
      }
    } finally {
      pool.shutdownNow();
    }
    // wall time on a shared machine counts other processes' load; the process's CPU time per
    // query does not, so both are printed, each ratio from the same run
    out.printf("loop overhead, %d simulated queries at parallelism %d, actor loop with %s (best of %d passes):%n",
        queries, cores, clients <= 0 ? "all asked at once" : clients + " clients", passes);
    out.printf("  %-24s %10s %14s%n", "", "wall us/q", "CPU us/q");
    out.printf("  %-24s %10.1f %14.1f%n", "checkers called directly", direct[0] / 1e3 / queries, direct[1] / 1e3 / queries);
    out.printf("  %-24s %10.1f %14.1f%n", "actor loop", actor[0] / 1e3 / queries, actor[1] / 1e3 / queries);
    out.printf("  actor loop / direct: wall %.2fx, CPU %.2fx%n", (double) actor[0] / direct[0], (double) actor[1] / direct[1]);
    // the same checks run in both, so the same outcomes come out: a difference means the ratio compares different work
    out.printf("  outcomes (last pass): direct %s, actor loop %s%s%n", outcomes.get(0), outcomes.get(1),
        outcomes.get(0).equals(outcomes.get(1)) ? "" : "  -- DIFFERENT: the loops did not do the same work");
    return 0;
  }

  private interface Pass {
    void run() throws Exception;
  }

  /** {wall ns, CPU ns of the whole process} taken by one pass. */
  private static long[] timed(Pass pass) throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    pass.run();
    return new long[] {System.nanoTime() - t0, os.getProcessCpuTime() - cpu0};
  }

  private static void best(long[] best, long[] pass) {
    best[0] = Math.min(best[0], pass[0]);
    best[1] = Math.min(best[1], pass[1]);
  }

  private static List<String[]> load(Path file) throws Exception {
    ObjectMapper om = new ObjectMapper();
    List<String[]> out = new ArrayList<>();
    for (String l : Files.readAllLines(file)) {
      JsonNode j = om.readTree(l);
      out.add(new String[] {j.get("question").asText(), j.get("answer").asText()});
    }
    return out;
  }

  private static double throughput(List<String[]> traces, CheckSuite suite, int threads, int passes) throws Exception {
    long best = Long.MAX_VALUE;
    for (int p = 0; p < passes; p++) best = Math.min(best, checkAll(traces, suite, threads));
    return traces.size() / (best / 1e9);
  }

  private static long checkAll(List<String[]> traces, CheckSuite suite, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long t0 = System.nanoTime();
      List<Future<Integer>> parts = new ArrayList<>();
      int chunk = (traces.size() + threads - 1) / threads;
      for (int t = 0; t < threads; t++) {
        List<String[]> part = traces.subList(Math.min(traces.size(), t * chunk), Math.min(traces.size(), (t + 1) * chunk));
        parts.add(pool.submit(() -> {
          int accepted = 0;
          for (String[] tr : part) if (SolutionAudit.of(suite, "b", tr[0], tr[1]).accepted()) accepted++;
          return accepted;
        }));
      }
      for (Future<Integer> f : parts) f.get();
      return System.nanoTime() - t0;
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code scenarios} split evenly over {@code loops}, one thread of {@code pool} each; the outcomes counted. */
  private static Map<Outcome, Integer> direct(List<Scenario> scenarios, List<DirectLoop> loops, ExecutorService pool) throws Exception {
    List<Future<Map<Outcome, Integer>>> fs = new ArrayList<>();
    int threads = loops.size();
    int chunk = (scenarios.size() + threads - 1) / threads;
    for (int t = 0; t < threads; t++) {
      List<Scenario> part = scenarios.subList(Math.min(scenarios.size(), t * chunk), Math.min(scenarios.size(), (t + 1) * chunk));
      DirectLoop loop = loops.get(t);
      fs.add(pool.submit(() -> {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Scenario s : part) counts.merge(loop.run(s.query()), 1, Integer::sum);
        return counts;
      }));
    }
    Map<Outcome, Integer> out = new EnumMap<>(Outcome.class);
    for (Future<Map<Outcome, Integer>> f : fs) f.get().forEach((o, n) -> out.merge(o, n, Integer::sum));
    return out;
  }
}
