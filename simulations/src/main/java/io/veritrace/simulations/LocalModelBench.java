package io.veritrace.simulations;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import io.veritrace.reasoners.local.Llama;
import io.veritrace.reasoners.local.LlamaConfig;
import io.veritrace.reasoners.local.RandomWeights;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU generation speed of the local model at the size of SmolLM2-135M (random weights, float32)
 * against the memory-bandwidth bound of this machine, measured in the same run.
 *
 * <p>Generating a token reads every weight once, so a token cannot take less time than one pass
 * over the weights' bytes. {@code weightPass} times that pass (the engine summing an array of the
 * same size, on the same threads): the memory-bandwidth bound. {@code weightMatVec} multiplies a
 * vector by a matrix of all those bytes in one engine call: the best the engine's matrix-vector
 * kernel does, with no per-operation overhead. {@code javaCopy} is a second view of the bandwidth
 * (a plain array copy, read and written, of as many bytes). {@code decodeToken} generates one
 * token with the KV cache, at contexts cycling through 1 .. 256. The efficiency is
 * {@code weightPass / decodeToken} (1.0 would be the bound); tokens per second are
 * {@code 1000 / decodeToken}.
 *
 * <p>Run: {@code simulations/jmh LocalModelBench}. On a machine others are using, {@link #main}
 * measures the same three in alternation, round by round, so that interference hits all alike,
 * and prints the median of the per-round ratios.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class LocalModelBench {

  /** SmolLM2-135M's architecture. */
  static final LlamaConfig SMOLLM2_135M = new LlamaConfig("llama", 49152, 576, 1536, 30, 9, 3, 64, 1e-5, 100000.0, null,
      8192, true, false, List.of(0));

  static final int CONTEXT = 256;

  /** Bytes of float32 weights the model reads per token. */
  static long weightBytes() {
    return Llama.parameterShapes(SMOLLM2_135M).values().stream().mapToLong(s -> {
      long n = 1;
      for (long d : s) n *= d;
      return n;
    }).sum() * Float.BYTES;
  }

  @State(Scope.Benchmark)
  public static class Model {
    Llama llama;
    Llama.KvCache cache;
    int token;

    @Setup(Level.Trial)
    public void load() {
      llama = Llama.load(SMOLLM2_135M, new RandomWeights(1, 0.02), Device.cpu(), DataType.FLOAT32);
      cache = llama.newCache(1);
    }

    @TearDown(Level.Trial)
    public void close() {
      cache.close();
      llama.close();
    }
  }

  @State(Scope.Benchmark)
  public static class WeightSizedArray {
    NDManager manager;
    NDArray array; // [weights / H, H]
    NDArray vector; // [1, H]

    @Setup(Level.Trial)
    public void allocate() {
      manager = NDManager.newBaseManager(Device.cpu());
      long h = SMOLLM2_135M.hiddenSize();
      array = manager.randomUniform(-1, 1, new Shape(weightBytes() / Float.BYTES / h, h), DataType.FLOAT32);
      vector = manager.randomUniform(-1, 1, new Shape(1, h), DataType.FLOAT32);
    }

    @TearDown(Level.Trial)
    public void close() {
      manager.close();
    }
  }

  @State(Scope.Benchmark)
  public static class JavaArrays {
    // a quarter of the weights' size each way, scaled by 4 in javaCopy, keeps the heap small
    long[] from = new long[(int) (weightBytes() / 4 / Long.BYTES)];
    long[] to = new long[from.length];
  }

  @Benchmark
  public float decodeToken(Model m) {
    if (m.cache.length() == CONTEXT) {
      m.cache.close();
      m.cache = m.llama.newCache(1);
    }
    m.token = (m.token * 31 + 7) % SMOLLM2_135M.vocabSize();
    return m.llama.forward(new int[][] {{m.token}}, m.cache, false).values()[0];
  }

  @Benchmark
  public float weightPass(WeightSizedArray w) {
    try (NDArray sum = w.array.sum()) {
      return sum.getFloat();
    }
  }

  @Benchmark
  public float weightMatVec(WeightSizedArray w) {
    try (NDArray y = Linear.linear(w.vector, w.array).singletonOrThrow()) {
      return y.getFloat(0, 0);
    }
  }

  /** Time to copy a quarter of the weights' bytes, times 4: read and write, so a conservative bound. */
  @Benchmark
  public long javaCopy(JavaArrays a) {
    for (int i = 0; i < 4; i++) System.arraycopy(a.from, 0, a.to, 0, a.from.length);
    return a.to[a.to.length - 1];
  }

  /**
   * Interleaved measurement: each round decodes 16 tokens, then makes 4 passes of each bound;
   * prints medians and the median per-round efficiency. Arguments: [rounds, default 15].
   */
  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    LocalModelBench bench = new LocalModelBench();
    Model m = new Model();
    WeightSizedArray w = new WeightSizedArray();
    m.load();
    w.allocate();
    try {
      for (int i = 0; i < 32; i++) bench.decodeToken(m);
      for (int i = 0; i < 8; i++) bench.weightPass(w);
      for (int i = 0; i < 8; i++) bench.weightMatVec(w);
      double[] decode = new double[rounds];
      double[] pass = new double[rounds];
      double[] matVec = new double[rounds];
      double[] efficiency = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < 16; i++) bench.decodeToken(m);
        decode[r] = (System.nanoTime() - t0) / 16e6;
        t0 = System.nanoTime();
        for (int i = 0; i < 4; i++) bench.weightPass(w);
        pass[r] = (System.nanoTime() - t0) / 4e6;
        t0 = System.nanoTime();
        for (int i = 0; i < 4; i++) bench.weightMatVec(w);
        matVec[r] = (System.nanoTime() - t0) / 4e6;
        efficiency[r] = pass[r] / decode[r];
      }
      double gb = weightBytes() / 1e9;
      System.out.printf("SmolLM2-135M-sized model, float32, %.3f GB of weights per token, %d rounds%n", gb, rounds);
      System.out.printf("decode:         %7.2f ms/token  = %6.1f tokens/s  (%.1f GB/s of weights)%n", median(decode), 1000 / median(decode), gb / median(decode) * 1000);
      System.out.printf("bandwidth pass: %7.2f ms        = %6.1f tokens/s bound (%.1f GB/s)%n", median(pass), 1000 / median(pass), gb / median(pass) * 1000);
      System.out.printf("one mat-vec:    %7.2f ms        = %6.1f tokens/s (%.1f GB/s)%n", median(matVec), 1000 / median(matVec), gb / median(matVec) * 1000);
      System.out.printf("efficiency (bandwidth pass / decode, median of rounds): %.2f%n", median(efficiency));
    } finally {
      w.close();
      m.close();
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
