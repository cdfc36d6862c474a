package io.veritrace.simulations;

import io.veritrace.actors.journal.FileTraceJournal;
import io.veritrace.core.Certificate;
import io.veritrace.core.Claim;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Round;
import io.veritrace.core.Step;
import io.veritrace.core.Trace;
import io.veritrace.core.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Journal appends with fsync, from 16 threads as the loop's queries make them: group commit
 * ({@code maxBatch} 512, one flush per batch) against a flush per trace ({@code maxBatch} 1).
 * Throughput mode gives appends/s; sample mode gives the latency an append adds to a query (p50,
 * p99).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Threads(16)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class JournalBench {

  @Param({"512", "1"})
  public int maxBatch;

  private Path dir;
  private FileTraceJournal journal;
  private final Trace trace = trace();

  @Setup(Level.Iteration)
  public void open() throws Exception {
    Path base = Files.createDirectories(Path.of(System.getProperty("bench.dir", "simulations/target")).toAbsolutePath());
    dir = Files.createTempDirectory(base, "journal-bench");
    journal = FileTraceJournal.open(dir, new FileTraceJournal.Options(64L << 20, maxBatch, 65_536, true));
  }

  @TearDown(Level.Iteration)
  public void close() throws Exception {
    journal.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  @Benchmark
  public long append() {
    return journal.append(trace).toCompletableFuture().join();
  }

  /** A typical trace: a failed round, its correction and a verified round, about 2 KB of CBOR. */
  private static Trace trace() {
    Query q = Query.of("bench", "Maya has 23 pencils. Then Maya finds 2 more pencils. Then she shares them equally among 5 boxes and keeps one box. How many pencils does Maya have now?");
    Proposal p = new Proposal(Proposal.Stance.ANSWER, List.of(
        new Step(0, "Maya has 23 pencils.", List.of(new Claim.Given("pencils", "23", "Maya has 23 pencils."))),
        new Step(1, "After that there are 23+2 = <<23+2=25>>25 pencils.", List.of(new Claim.Arithmetic("23+2", "25"))),
        new Step(2, "After that there are 25/5 = <<25/5=5>>5 pencils.", List.of(new Claim.Arithmetic("25/5", "5"))),
        new Step(3, "#### 5", List.of(new Claim.FinalAnswer("5")))), "5", "", "simulated", "");
    Verdict pass = Verdict.pass("arithmetic", "arithmetic.result", 1, "23+2 = 25");
    return new Trace(q, List.of(new Round(1, p, List.of(pass, pass, pass), null, 1000), new Round(2, p, List.of(pass), null, 900)),
        Outcome.VERIFIED, "5", Certificate.of(List.of(pass)), "verified", 0, 0);
  }
}
