package io.veritrace.reasoners.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forward pass on real DJL tensors, over tiny random checkpoints written to disk and read back. */
class LlamaTest {

  private static final float TOLERANCE = 2e-5f;

  @TempDir Path tmp;

  private Llama load(LlamaConfig config, long seed) throws Exception {
    Path dir = TinyModels.write(tmp.resolve(config.modelType() + seed), config, seed);
    try (Checkpoint weights = Checkpoint.open(dir)) {
      return Llama.load(LlamaConfig.read(dir), weights, Device.cpu(), DataType.FLOAT32);
    }
  }

  private static int[] tokens(int n, long seed) {
    Random r = new Random(seed);
    int[] t = new int[n];
    for (int i = 0; i < n; i++) t[i] = r.nextInt(TinyModels.VOCAB);
    return t;
  }

  private static void assertClose(float[] expected, float[] actual, float tolerance, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance * (1 + Math.abs(expected[i])),
          what + " differs at " + i + ": " + expected[i] + " vs " + actual[i]);
    }
  }

  @Test
  void incrementalDecodingWithTheCacheGivesTheLogitsOfAFullRecompute() throws Exception {
    for (LlamaConfig config : List.of(TinyModels.llama(), TinyModels.qwen2())) {
      try (Llama model = load(config, 7)) {
        int[] seq = tokens(12, 3);
        Llama.Logits full;
        try (Llama.KvCache cache = model.newCache(1)) {
          full = model.forward(new int[][] {seq}, cache, true);
          assertEquals(12, cache.length());
        }
        try (Llama.KvCache cache = model.newCache(1)) {
          // a prompt of 5, then one token at a time
          Llama.Logits prefill = model.forward(new int[][] {java.util.Arrays.copyOf(seq, 5)}, cache, true);
          for (int t = 0; t < 5; t++) assertClose(full.at(0, t), prefill.at(0, t), TOLERANCE, config.modelType() + " prefill position " + t);
          for (int t = 5; t < seq.length; t++) {
            Llama.Logits step = model.forward(new int[][] {{seq[t]}}, cache, false);
            assertClose(full.at(0, t), step.last(0), TOLERANCE, config.modelType() + " cached position " + t);
          }
        }
      }
    }
  }

  @Test
  void aBatchGivesTheLogitsOfEachSequenceAlone() throws Exception {
    try (Llama model = load(TinyModels.qwen2(), 11)) {
      int[][] batch = {tokens(9, 1), tokens(9, 2), tokens(9, 3)};
      Llama.Logits together;
      try (Llama.KvCache cache = model.newCache(3)) {
        together = model.forward(batch, cache, true);
        int[][] next = {{4}, {5}, {6}};
        Llama.Logits stepTogether = model.forward(next, cache, false);
        for (int b = 0; b < 3; b++) {
          try (Llama.KvCache alone = model.newCache(1)) {
            Llama.Logits single = model.forward(new int[][] {batch[b]}, alone, true);
            for (int t = 0; t < 9; t++) assertClose(single.at(0, t), together.at(b, t), TOLERANCE, "sequence " + b + " position " + t);
            assertClose(model.forward(new int[][] {next[b]}, alone, false).last(0), stepTogether.last(b), TOLERANCE, "sequence " + b + " next");
          }
        }
      }
    }
  }

  @Test
  void differentSequencesGiveDifferentLogitsAndTheHeadIsTiedOrNotAsConfigured() throws Exception {
    try (Llama model = load(TinyModels.llama(), 5); Llama.KvCache c = model.newCache(2)) {
      Llama.Logits l = model.forward(new int[][] {{1, 2, 3}, {1, 2, 4}}, c, false);
      assertNotEquals(l.last(0)[0], l.last(1)[0]);
    }
    assertTrue(Llama.parameterShapes(TinyModels.llama()).containsKey("lm_head.weight"));
    assertTrue(!Llama.parameterShapes(TinyModels.qwen2()).containsKey("lm_head.weight"));
    assertTrue(Llama.parameterShapes(TinyModels.qwen2()).containsKey("model.layers.1.self_attn.k_proj.bias"));
  }

  @Test
  void ropeRotatesEachDimensionWithTheOneHalfAHeadAwayByPositionTimesFrequency() {
    LlamaConfig config = new LlamaConfig("llama", 8, 8, 8, 1, 1, 1, 8, 1e-5, 10000.0, null, 16, false, false, List.of());
    float[][] tables = Llama.rotaryTables(config);
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      float[] x = {1, 2, 3, 4, 5, 6, 7, 8};
      int[] positions = {0, 1, 5};
      for (int p : positions) {
        NDArray cos = m.create(java.util.Arrays.copyOfRange(tables[0], p * 8, p * 8 + 8), new Shape(1, 8));
        NDArray sin = m.create(java.util.Arrays.copyOfRange(tables[1], p * 8, p * 8 + 8), new Shape(1, 8));
        float[] got = Llama.rotate(m.create(x, new Shape(1, 1, 1, 8)), cos, sin).toFloatArray();
        float[] expected = new float[8];
        for (int i = 0; i < 4; i++) {
          // frequency of pair (i, i+4): 10000^(-2i/8); the pair is rotated by position * frequency
          double angle = p * Math.pow(10000, -2.0 * i / 8);
          expected[i] = (float) (x[i] * Math.cos(angle) - x[i + 4] * Math.sin(angle));
          expected[i + 4] = (float) (x[i + 4] * Math.cos(angle) + x[i] * Math.sin(angle));
        }
        assertClose(expected, got, 1e-5f, "position " + p);
      }
      assertEquals(1f, tables[0][0]); // position 0 is no rotation
    }
  }

  @Test
  void llama3RopeScalingStretchesOnlyTheSlowFrequencies() {
    LlamaConfig plain = new LlamaConfig("llama", 8, 64, 8, 1, 1, 1, 64, 1e-5, 500000.0, null, 16, false, false, List.of());
    LlamaConfig scaled = new LlamaConfig("llama", 8, 64, 8, 1, 1, 1, 64, 1e-5, 500000.0, new LlamaConfig.RopeScaling(8, 1, 4, 8192), 16, false, false, List.of());
    double[] a = Llama.inverseFrequencies(plain);
    double[] b = Llama.inverseFrequencies(scaled);
    assertEquals(a[0], b[0]); // wavelength 2π: far below 8192/4, unchanged
    assertEquals(a[31] / 8, b[31], 1e-15); // the slowest: wavelength beyond 8192, divided by the factor
    int between = 0;
    for (int i = 0; i < 32; i++) if (b[i] < a[i] && b[i] > a[i] / 8) between++;
    assertTrue(between > 0, "some frequencies are interpolated");
  }

  @Test
  void badInputIsRejectedBeforeTheEngineSeesIt() throws Exception {
    try (Llama model = load(TinyModels.llama(), 2); Llama.KvCache c = model.newCache(1)) {
      assertThrows(IllegalArgumentException.class, () -> model.forward(new int[][] {{TinyModels.VOCAB}}, c, false));
      assertThrows(IllegalArgumentException.class, () -> model.forward(new int[][] {{-1}}, c, false));
      assertThrows(IllegalArgumentException.class, () -> model.forward(new int[][] {{1}, {2}}, c, false));
      assertThrows(IllegalArgumentException.class, () -> model.forward(new int[][] {new int[TinyModels.CONTEXT + 1]}, c, false));
      assertEquals(0, c.length());
      assertThrows(IllegalArgumentException.class, () -> Llama.load(TinyModels.llama(), new RandomWeights(1, 0.02), Device.cpu(), DataType.BFLOAT16));
    }
  }

  @Test
  void bf16AndFp16CheckpointsAreWidenedOnLoadAndMatchFp32() throws Exception {
    LlamaConfig config = TinyModels.llama();
    Path f32 = tmp.resolve("f32");
    Path bf16 = tmp.resolve("bf16");
    RandomCheckpoint.write(f32, config, TinyModels.WORDS, 9, Safetensors.DType.F32);
    RandomCheckpoint.write(bf16, config, TinyModels.WORDS, 9, Safetensors.DType.BF16);
    int[] seq = tokens(6, 4);
    float[][] logits = new float[2][];
    Path[] dirs = {f32, bf16};
    for (int i = 0; i < 2; i++) {
      try (Checkpoint w = Checkpoint.open(dirs[i]); Llama model = Llama.load(config, w, Device.cpu(), DataType.FLOAT32);
          Llama.KvCache c = model.newCache(1)) {
        logits[i] = model.forward(new int[][] {seq}, c, false).last(0);
      }
    }
    // bf16 keeps 8 bits of mantissa: weights move by up to 0.4 %, logits by about as much
    assertClose(logits[0], logits[1], 0.05f, "bf16 against f32");
    assertTrue(!java.util.Arrays.equals(logits[0], logits[1]), "bf16 rounding is visible");
  }

  @Test
  void aCheckpointThatDoesNotFitTheConfigurationFailsNamingTheTensor() throws Exception {
    Path dir = TinyModels.write(tmp.resolve("m"), TinyModels.llama(), 1);
    // the same weights read with a configuration that wants biases and a wider MLP
    LlamaConfig biased = new LlamaConfig("llama", TinyModels.VOCAB, 32, 64, 2, 4, 2, 8, 1e-5, 500000.0, null, 256, false, true, List.of());
    LlamaConfig wider = new LlamaConfig("llama", TinyModels.VOCAB, 32, 72, 2, 4, 2, 8, 1e-5, 500000.0, null, 256, false, false, List.of());
    try (Checkpoint w = Checkpoint.open(dir)) {
      CheckpointException missing = assertThrows(CheckpointException.class, () -> Llama.load(biased, w, Device.cpu(), DataType.FLOAT32));
      assertTrue(missing.getMessage().contains("missing tensor 'model.layers.0.self_attn.q_proj.bias'"), missing.getMessage());
      CheckpointException shape = assertThrows(CheckpointException.class, () -> Llama.load(wider, w, Device.cpu(), DataType.FLOAT32));
      assertTrue(shape.getMessage().contains("'model.layers.0.mlp.gate_proj.weight' has shape [64, 32] but the configuration needs [72, 32]"), shape.getMessage());
    }
  }

  @Test
  void forwardPassesFreeTheirTemporariesAndTheCacheHoldsOnlyKeysAndValues() throws Exception {
    try (Llama model = load(TinyModels.llama(), 8)) {
      int modelArrays = liveResources(model, Llama.class);
      try (Llama.KvCache cache = model.newCache(1)) {
        model.forward(new int[][] {tokens(7, 1)}, cache, true);
        for (int i = 0; i < 20; i++) model.forward(new int[][] {{i}}, cache, false);
        // one key and one value array per layer; every intermediate of 21 forward passes is gone
        assertEquals(2 * TinyModels.llama().numHiddenLayers(), liveResources(cache, Llama.KvCache.class));
      }
      assertEquals(modelArrays, liveResources(model, Llama.class));
    }
  }

  // the native resources a manager still holds (DJL keeps them in a protected map)
  private static int liveResources(Object owner, Class<?> type) throws Exception {
    java.lang.reflect.Field managerField = type.getDeclaredField("manager");
    managerField.setAccessible(true);
    java.lang.reflect.Field resources = ai.djl.ndarray.BaseNDManager.class.getDeclaredField("resources");
    resources.setAccessible(true);
    return ((java.util.Map<?, ?>) resources.get(managerField.get(owner))).size();
  }
}
