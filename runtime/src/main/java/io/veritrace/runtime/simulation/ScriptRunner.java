package io.veritrace.runtime.simulation;

import io.veritrace.core.Outcome;
import io.veritrace.core.Query;
import io.veritrace.core.Turn;
import io.veritrace.reasoners.simulated.ErrorClass;
import io.veritrace.reasoners.simulated.Judgement;
import io.veritrace.reasoners.simulated.ScenarioClass;
import io.veritrace.reasoners.simulated.Script;
import io.veritrace.reasoners.simulated.ScriptTurn;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Plays scripted sessions against one arm: {@code concurrency} simulated users, each running one
 * session at a time, its turns in order, so both arms see the same sessions under the same load.
 * The time of each turn is its service time at that concurrency.
 */
public final class ScriptRunner {

  /**
   * What one turn got in one arm.
   *
   * @param mistake the class of the mistake the reasoner's first proposal made on this turn; null
   *     for none (or where it is not known: a backend that is not the simulated reasoner)
   */
  public record TurnRecord(int script, int turn, ScenarioClass kind, Outcome expected, Outcome outcome, Judgement judgement,
      boolean namesMissing, ErrorClass mistake, long nanos, int rounds) {}

  /** One arm's run: every turn, in script order, and the wall time of the whole run. */
  public record ArmRun(String arm, List<TurnRecord> turns, long wallNanos, int concurrency, int sessions) {}

  private ScriptRunner() {}

  /**
   * Runs {@code scripts} against {@code arm}. {@code mistakes} says which mistake the reasoner's
   * first proposal for a query makes; {@code sessionPrefix} keeps this run's sessions apart from
   * any other on the same server.
   */
  public static ArmRun run(List<Script> scripts, Arm arm, int concurrency, String sessionPrefix,
      Function<Query, Optional<SimulatedReasoner.Mistake>> mistakes, PrintStream progress) throws Exception {
    if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    ExecutorService users = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "simulated-user");
      t.setDaemon(true);
      return t;
    });
    AtomicInteger done = new AtomicInteger();
    int step = Math.max(1, scripts.size() / 10);
    long start = System.nanoTime();
    try {
      List<Future<List<TurnRecord>>> futures = new ArrayList<>(scripts.size());
      for (int i = 0; i < scripts.size(); i++) {
        int index = i;
        futures.add(users.submit(() -> {
          List<TurnRecord> out = session(index, scripts.get(index), arm, sessionPrefix, mistakes);
          int d = done.incrementAndGet();
          if (d % step == 0 || d == scripts.size()) progress.printf("  %s: %d/%d sessions done%n", arm.name(), d, scripts.size());
          return out;
        }));
      }
      List<TurnRecord> turns = new ArrayList<>();
      for (Future<List<TurnRecord>> f : futures) {
        try {
          turns.addAll(f.get());
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          throw cause instanceof Exception x ? x : e;
        }
      }
      return new ArmRun(arm.name(), List.copyOf(turns), System.nanoTime() - start, concurrency, scripts.size());
    } finally {
      users.shutdownNow();
    }
  }

  private static List<TurnRecord> session(int index, Script script, Arm arm, String prefix,
      Function<Query, Optional<SimulatedReasoner.Mistake>> mistakes) throws Exception {
    String session = prefix + script.id();
    List<Turn> history = new ArrayList<>();
    List<TurnRecord> out = new ArrayList<>();
    for (int t = 0; t < script.turns().size(); t++) {
      ScriptTurn turn = script.turns().get(t);
      Query q = new Query(session + "-" + t, session, turn.user(), history, List.of(), turn.sources(), turn.referenceDate());
      long t0 = System.nanoTime();
      Arm.Served served = arm.ask(q);
      long nanos = System.nanoTime() - t0;
      Judgement j = turn.judge(served.outcome(), served.text());
      boolean names = served.outcome() == Outcome.CLARIFY && turn.namesMissing(served.text());
      ErrorClass mistake = mistakes.apply(q).map(SimulatedReasoner.Mistake::kind).orElse(null);
      out.add(new TurnRecord(index, t, script.kind(), turn.expected(), served.outcome(), j, names, mistake, nanos, served.rounds()));
      history.add(Turn.user(turn.user()));
      history.add(Turn.assistant(served.text()));
    }
    return out;
  }
}
