package io.veritrace.simulations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrace.verifiers.logic.LogicChecker;
import io.veritrace.verifiers.logic.LogicProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time per FOLIO example (the validation dev half, cycled; the full three-way check with cores and
 * clarifying questions), sampled so JMH reports p50 and p99, on one thread. Baseline in the same
 * run: {@code trivialCheck}, the floor every check pays (a fresh Z3 context, one premise, one
 * conclusion).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class LogicBench {

  private final LogicChecker checker = new LogicChecker();
  private final LogicProblem trivial = LogicProblem.of(List.of("P(a)"), List.of(), "P(a)");
  private List<LogicProblem> folio;
  private int next;

  @Setup
  public void load() throws Exception {
    Path file = Path.of(System.getProperty("folio", "data/folio/folio-validation-dev-half.jsonl"));
    ObjectMapper om = new ObjectMapper();
    folio = new ArrayList<>();
    for (String l : Files.readAllLines(file)) {
      JsonNode j = om.readTree(l);
      List<String> premises = new ArrayList<>();
      List<String> glosses = new ArrayList<>();
      j.get("premises-FOL").forEach(p -> premises.add(p.asText()));
      j.get("premises").forEach(p -> glosses.add(p.asText()));
      folio.add(LogicProblem.of(premises, glosses, j.get("conclusion-FOL").asText() + " ::: " + j.get("conclusion").asText()));
    }
  }

  @Benchmark
  public String folioExample() {
    LogicProblem p = folio.get(next);
    next = (next + 1) % folio.size();
    return checker.check(p).label();
  }

  @Benchmark
  public String trivialCheck() {
    return checker.check(trivial).label();
  }
}
