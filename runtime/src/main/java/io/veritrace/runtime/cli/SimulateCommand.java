package io.veritrace.runtime.cli;

import io.veritrace.actors.QueryResult;
import io.veritrace.actors.Veritrace;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.reasoners.simulated.Scenario;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.actors.journal.TraceJournal;
import io.veritrace.runtime.Journals;
import io.veritrace.runtime.Nodes;
import io.veritrace.runtime.Settings;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;

/**
 * {@code veritrace simulate --sessions N --seed S}: the embedded default job. Runs N simulated
 * sessions through the actor loop and compares what users would get with verification against
 * the same simulated reasoner passed through unchecked.
 */
@CommandLine.Command(name = "simulate", sortOptions = false,
    description = "Run seeded simulated sessions through the verification loop and compare them with the raw reasoner.")
public final class SimulateCommand extends Command {

  @CommandLine.Option(names = "--sessions", paramLabel = "N", defaultValue = "200", description = "sessions, 1 to 1000000 (default: ${DEFAULT-VALUE})")
  private int sessions;

  @CommandLine.Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "the seed of tasks and mistakes (default: ${DEFAULT-VALUE})")
  private long seed;

  @CommandLine.Option(names = "--logic", paramLabel = "SHARE", defaultValue = "0.25", description = "share of logic stories (default: ${DEFAULT-VALUE})")
  private double logicShare;

  @CommandLine.Option(names = "--retrieval", paramLabel = "SHARE", defaultValue = "0.15",
      description = "share of questions on supplied documents (default: ${DEFAULT-VALUE})")
  private double retrievalShare;

  @CommandLine.Option(names = "--journal", paramLabel = "DIR|none", description = "the folder of the trace journal, or none for no journal (default: veritrace.journal: var/journal)")
  private String journalDir;

  @CommandLine.Option(names = "--faithful", description = "a reasoner that never errs")
  private boolean faithful;

  @CommandLine.Option(names = "--misses", description = "print the trace of every session that did not end right")
  private boolean misses;

  @Override
  protected int execute(InputStream in, PrintStream out, PrintStream err) throws Exception {
    int n = sessions;
    if (n < 1 || n > 1_000_000) throw new UsageException("--sessions must be between 1 and 1000000");
    SimulationProfile profile = faithful ? SimulationProfile.faithful() : SimulationProfile.DEFAULT;
    double logic = logicShare;
    double retrieval = retrievalShare;
    if (!(logic >= 0 && retrieval >= 0 && logic + retrieval <= 1)) {
      throw new UsageException("--logic and --retrieval are shares between 0 and 1, together at most 1");
    }
    List<Scenario> scenarios = Scenario.mixed(n, seed, logic, retrieval);
    SimulatedReasoner reasoner = new SimulatedReasoner(scenarios.stream().map(Scenario::task).toList(), profile, seed);

    Tally raw = new Tally();
    for (Scenario s : scenarios) {
      long t0 = System.nanoTime();
      Proposal p = reasoner.propose(ReasonerRequest.first(s.query())).toCompletableFuture().join();
      Outcome served = switch (p.stance()) {
        case ANSWER -> Outcome.UNVERIFIED;
        case CLARIFY -> Outcome.CLARIFY;
        case REFUSE -> Outcome.REFUSE;
      };
      raw.add(s.judge(served, p.answer()), 1, System.nanoTime() - t0);
    }

    Tally checked = new Tally();
    Settings settings = Settings.load();
    err.printf("simulating %d sessions (seed %d, %s reasoner) through the verification loop...%n",
        n, seed, faithful ? "faithful" : "fallible");
    String journalArg = journalDir == null ? "" : journalDir;
    Optional<TraceJournal> journal = journalArg.equals("none") ? Optional.empty()
        : journalArg.isEmpty() ? Journals.open(settings.config())
        : Optional.of(Journals.openFile(Path.of(journalArg), settings.config().getConfig("veritrace.journal")));
    int durable = 0;
    try (Veritrace node = Nodes.start(settings, reasoner, journal.orElse(null))) {
      List<CompletableFuture<QueryResult>> futures = new ArrayList<>(n);
      long[] started = new long[n];
      AtomicInteger done = new AtomicInteger();
      int step = Math.max(1, n / 10);
      for (int i = 0; i < n; i++) {
        Scenario s = scenarios.get(i);
        started[i] = System.nanoTime();
        futures.add(node.askOnce(s.query()).toCompletableFuture().whenComplete((r, e) -> {
          int d = done.incrementAndGet();
          if (d % step == 0 || d == n) err.printf("  %d/%d sessions done%n", d, n);
        }));
      }
      for (int i = 0; i < n; i++) {
        QueryResult r = futures.get(i).join();
        long elapsed = r.trace() == null ? System.nanoTime() - started[i] : r.trace().elapsedNanos();
        Scenario.Judgement j = scenarios.get(i).judge(r.outcome(), r.text());
        checked.add(j, r.rounds(), elapsed);
        if (r.durable()) durable++;
        if (misses && j != Scenario.Judgement.CORRECT_ANSWER && j != Scenario.Judgement.CORRECT_ABSTENTION) {
          err.printf("MISS %s: %s -> %s %s%n", j, scenarios.get(i).query().question(), r.outcome(), r.text());
          r.trace().rounds().forEach(round -> err.printf("  round %d: %s%n    %s%n", round.number(),
              round.proposal().text().replace("\n", " | "),
              round.verdicts().stream().filter(v -> v.grade() != io.veritrace.core.Grade.PASS).map(v -> v.rule() + ":" + v.grade() + " " + v.message()).toList()));
        }
      }
    } finally {
      if (journal.isPresent()) journal.get().close();
    }
    if (journal.isPresent()) {
      err.printf("%d of %d traces durable in the journal (%s), which now ends at offset %d%n", durable, n,
          journalArg.isEmpty() ? settings.config().getString("veritrace.journal.kind") : journalArg, journal.get().end());
    }
    print(out, n, seed, logic, retrieval, raw, checked);
    return 0;
  }

  private static void print(PrintStream out, int n, long seed, double logic, double retrieval, Tally raw, Tally checked) {
    out.printf("Veritrace simulation: %d sessions, seed %d: %.0f%% logic stories (true / false / undetermined /"
        + " contradictory), %.0f%% questions on supplied documents (one in five not answered by them), the rest"
        + " word problems (70%% answerable, 15%% missing a quantity, 15%% contradictory)%n%n", n, seed, 100 * logic, 100 * retrieval);
    out.printf("%-34s %16s %16s%n", "", "raw reasoner", "with Veritrace");
    for (Scenario.Judgement j : Scenario.Judgement.values()) {
      out.printf("%-34s %16d %16d%n", label(j), raw.count(j), checked.count(j));
    }
    out.printf("%-34s %16.2f %16.2f%n", "rounds per query (mean)", raw.meanRounds(), checked.meanRounds());
    out.printf("%-34s %16.3f %16.3f%n", "latency p50 (ms)", raw.percentileMs(50), checked.percentileMs(50));
    out.printf("%-34s %16.3f %16.3f%n", "latency p99 (ms)", raw.percentileMs(99), checked.percentileMs(99));
  }

  private static String label(Scenario.Judgement j) {
    return switch (j) {
      case CORRECT_ANSWER -> "correct answers";
      case WRONG_ANSWER_SERVED -> "wrong answers served";
      case CORRECT_ABSTENTION -> "right clarify / refuse";
      case NEEDLESS_ABSTENTION -> "needless clarify / refuse";
      case UNANSWERABLE_ANSWERED -> "unanswerable questions answered";
    };
  }

  /** Outcome counts, rounds and latencies of one arm of the comparison. */
  static final class Tally {
    private final Map<Scenario.Judgement, Integer> counts = new EnumMap<>(Scenario.Judgement.class);
    private final List<Long> nanos = new ArrayList<>();
    private long rounds;

    void add(Scenario.Judgement j, int r, long elapsedNanos) {
      counts.merge(j, 1, Integer::sum);
      rounds += r;
      nanos.add(elapsedNanos);
    }

    int count(Scenario.Judgement j) {
      return counts.getOrDefault(j, 0);
    }

    double meanRounds() {
      return nanos.isEmpty() ? 0 : (double) rounds / nanos.size();
    }

    double percentileMs(int p) {
      if (nanos.isEmpty()) return 0;
      long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(sorted);
      int idx = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
      return sorted[Math.max(0, idx)] / 1e6;
    }
  }
}
