package io.veritrace.simulations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.SolutionAudit;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code check} throughput: one pass of the offline audit over the GSM8K training split, in
 * traces per second ({@code -t 2} for two threads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class CheckBench {

  static final int TRACES = 7473;

  private final CheckSuite suite = CheckSuite.standard();
  private List<String[]> traces;

  @Setup
  public void load() throws Exception {
    Path file = Path.of(System.getProperty("gsm8k", "data/gsm8k/train.jsonl"));
    ObjectMapper om = new ObjectMapper();
    traces = new ArrayList<>();
    for (String l : Files.readAllLines(file)) {
      JsonNode j = om.readTree(l);
      traces.add(new String[] {j.get("question").asText(), j.get("answer").asText()});
    }
    if (traces.size() != TRACES) throw new IllegalStateException("expected the GSM8K training split, got " + traces.size());
  }

  @Benchmark
  @OperationsPerInvocation(TRACES)
  public int auditGsm8k() {
    int accepted = 0;
    for (String[] t : traces) if (SolutionAudit.of(suite, "b", t[0], t[1]).accepted()) accepted++;
    return accepted;
  }
}
