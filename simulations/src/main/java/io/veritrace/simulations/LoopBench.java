package io.veritrace.simulations;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The actor loop's cost per query against the same loop as direct calls, on the same 1,000
 * simulated queries: {@code actorLoop / directLoop} is the overhead ratio. The actor loop is
 * asked by 64 clients, each asking again when answered ({@link Clients}), as the HTTP API is.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx2g", "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4"})
public class LoopBench {

  static final int QUERIES = 1000;

  private List<Scenario> scenarios;
  private List<Query> queries;
  private SimulatedReasoner reasoner;
  private DirectLoop direct;
  private Veritrace node;

  @Setup(Level.Trial)
  public void start() {
    scenarios = Scenario.generate(QUERIES, 99);
    queries = scenarios.stream().map(Scenario::query).toList();
    reasoner = new SimulatedReasoner(scenarios.stream().map(Scenario::task).toList(), SimulationProfile.DEFAULT, 99);
    Settings settings = Settings.load();
    direct = new DirectLoop(reasoner, CheckSuite.standard(), settings.policy());
    node = Nodes.start(settings, reasoner, null);
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    node.close();
  }

  @Benchmark
  @OperationsPerInvocation(QUERIES)
  public int directLoop() {
    int n = 0;
    for (Scenario s : scenarios) n += direct.run(s.query()).ordinal();
    return n;
  }

  @Benchmark
  @OperationsPerInvocation(QUERIES)
  public Map<Outcome, Integer> actorLoop() throws InterruptedException {
    return Clients.ask(node, queries, 64);
  }
}
