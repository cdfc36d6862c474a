package io.veritrace.reasoners.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole forward pass against an independent implementation: src/test/python/reference_forward.py
 * computes the same checkpoint's logits in NumPy (float64). Agreement is required to 1e-5 absolute
 * plus 1e-5 relative: the float32 forward pass stays within 2e-6 here, while interleaved RoPE
 * instead of the half split moves these logits by about 1e-3. Skipped where python3 with NumPy is
 * not installed.
 *
 * <p>The folders stay in {@code target/reference-models/} after the run, for a by-hand check
 * ({@code python3 src/test/python/reference_forward.py DIR 5,9,2}) and for
 * {@code compare_transformers.py}, which holds the same reference to Hugging Face transformers on a
 * machine that has it.
 */
class ReferenceForwardTest {

  private static final Path SCRIPT = Path.of("src/test/python/reference_forward.py");

  private static final Path MODELS = Path.of("target/reference-models");

  @BeforeAll
  static void needsNumpy() throws Exception {
    boolean available;
    try {
      Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
      available = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException e) {
      available = false;
    }
    assumeTrue(available, "python3 with numpy is not installed");
  }

  private static double[][] reference(Path dir, int[] ids) throws Exception {
    String list = IntStream.of(ids).mapToObj(Integer::toString).collect(Collectors.joining(","));
    Process p = new ProcessBuilder("python3", SCRIPT.toString(), dir.toString(), list).redirectErrorStream(false).start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "reference timed out");
    assertEquals(0, p.exitValue(), err);
    return new ObjectMapper().readValue(out, double[][].class);
  }

  private void compare(LlamaConfig config, Safetensors.DType dtype) throws Exception {
    Path dir = MODELS.resolve(config.modelType() + "-" + dtype.name().toLowerCase(java.util.Locale.ROOT));
    RandomCheckpoint.write(dir, config, TinyModels.WORDS, 21, dtype);
    int[] ids = {3, 17, 42, 8, 8, 60, 1, 25, 33, 12};
    double[][] expected = reference(dir, ids);
    try (Checkpoint w = Checkpoint.open(dir); Llama model = Llama.load(config, w, Device.cpu(), DataType.FLOAT32);
        Llama.KvCache cache = model.newCache(1)) {
      Llama.Logits got = model.forward(new int[][] {ids}, cache, true);
      assertEquals(ids.length, expected.length);
      float[][] rows = new float[ids.length][];
      for (int t = 0; t < ids.length; t++) rows[t] = got.at(0, t);
      // kept beside the checkpoint, so compare_transformers.py can hold transformers to the Java logits too
      new ObjectMapper().writeValue(dir.resolve("java_logits.json").toFile(), java.util.Map.of("ids", ids, "logits", rows));
      for (int t = 0; t < ids.length; t++) {
        float[] row = got.at(0, t);
        assertEquals(config.vocabSize(), expected[t].length);
        for (int v = 0; v < row.length; v++) {
          double diff = Math.abs(row[v] - expected[t][v]);
          assertTrue(diff <= 1e-5 + 1e-5 * Math.abs(expected[t][v]),
              config.modelType() + " position " + t + " token " + v + ": " + row[v] + " vs reference " + expected[t][v]);
        }
      }
    }
  }

  @Test
  void llamaWithGroupedQueriesAndRopeScalingMatchesNumpy() throws Exception {
    compare(TinyModels.llama(), Safetensors.DType.F32);
  }

  @Test
  void qwen2WithBiasesAndATiedHeadMatchesNumpy() throws Exception {
    compare(TinyModels.qwen2(), Safetensors.DType.F32);
  }

  @Test
  void aBf16CheckpointMatchesNumpyReadingTheSameBits() throws Exception {
    compare(TinyModels.qwen2(), Safetensors.DType.BF16);
  }
}
