package io.veritrace.trainer.qlora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.veritrace.reasoners.local.HostTensor;
import io.veritrace.reasoners.local.Llama;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LoraTest {

  private static final int[][] TOKENS = {{9, 14, 22, 31, 40, 8, 17, 25}, {12, 12, 33, 45, 19, 10, 7, 28}};

  private static Map<String, HostTensor> randomAdapter(LoraAdapters adapters, long seed, double std) {
    Random rnd = new Random(seed);
    Map<String, HostTensor> out = new LinkedHashMap<>();
    adapters.snapshot().forEach((name, t) -> {
      float[] v = new float[t.values().length];
      for (int i = 0; i < v.length; i++) v[i] = (float) (rnd.nextGaussian() * std);
      out.put(name, new HostTensor(t.shape(), v));
    });
    return out;
  }

  private static float[] logits(Llama model) {
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      return model.logits(m, TOKENS).toFloatArray();
    }
  }

  @Test
  void adaptersOffGiveTheBaseModelsLogitsExactly() {
    LoraAdapters adapters = new LoraAdapters(TinyModel.lora(0.05), Llama.DENSE, 1);
    try (Llama base = TinyModel.load(Llama.DENSE); Llama adapted = TinyModel.load(adapters)) {
      float[] expected = logits(base);
      assertArrayEquals(expected, logits(adapted), "a fresh adapter (B = 0) changes nothing");
      adapters.load(randomAdapter(adapters, 3, 0.2));
      float[] on = logits(adapted);
      assertFalse(java.util.Arrays.equals(expected, on), "a trained adapter changes the logits");
      adapters.enabled(false);
      assertArrayEquals(expected, logits(adapted));
    }
  }

  @Test
  void adaptersSitOnEveryLinearLayerWithPeftShapes() {
    LoraAdapters adapters = new LoraAdapters(TinyModel.lora(0), Llama.DENSE, 1);
    try (Llama ignored = TinyModel.load(adapters)) {
      Map<String, NDArray> p = adapters.parameters();
      assertEquals(2 * 7 * 2, p.size());
      assertArrayEquals(new long[] {4, 32}, p.get("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight").getShape().getShape());
      assertArrayEquals(new long[] {16, 4}, p.get("base_model.model.model.layers.1.self_attn.k_proj.lora_B.weight").getShape().getShape());
      assertArrayEquals(new long[] {4, 64}, p.get("base_model.model.model.layers.1.mlp.down_proj.lora_A.weight").getShape().getShape());
      float[] a = p.get("base_model.model.model.layers.0.mlp.up_proj.lora_A.weight").toFloatArray();
      double bound = 1 / Math.sqrt(32), max = 0;
      for (float f : a) max = Math.max(max, Math.abs(f));
      assertTrue(max <= bound && max > 0.8 * bound, "Kaiming-uniform(a=√5) keeps A within ±1/√in: " + max);
      for (float f : p.get("base_model.model.model.layers.0.mlp.up_proj.lora_B.weight").toFloatArray()) assertEquals(0f, f);
    }
  }

  /**
   * The engine's gradients of A and B against the closed form on the same tensors: for
   * y = x·Wᵀ + s·x·Aᵀ·Bᵀ and L = Σ y ⊙ G, ∂L/∂B = s·Gᵀ·(x·Aᵀ) and ∂L/∂A = s·(G·B)ᵀ·x, in double.
   */
  @Test
  void adapterGradientsMatchTheClosedForm() {
    int in = 6, out = 5, r = 3, n = 4;
    LoraAdapters adapters = new LoraAdapters(new LoraConfig(r, 6, 0, List.of("q_proj")), Llama.DENSE, 2);
    Random rnd = new Random(5);
    double[][] w = random(rnd, out, in), a = random(rnd, r, in), b = random(rnd, out, r), x = random(rnd, n, in), g = random(rnd, n, out);
    double s = 6.0 / 3;
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      Llama.Projection q = adapters.create("model.layers.0.self_attn.q_proj", host(w), null, m, DataType.FLOAT32);
      adapters.load(Map.of(PeftNames.loraA("model.layers.0.self_attn.q_proj"), host(a), PeftNames.loraB("model.layers.0.self_attn.q_proj"), host(b)));
      NDArray aArray = adapters.parameters().get(PeftNames.loraA("model.layers.0.self_attn.q_proj"));
      NDArray bArray = adapters.parameters().get(PeftNames.loraB("model.layers.0.self_attn.q_proj"));
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray y = q.apply(m.create(flat(x), new Shape(n, in)));
        gc.backward(y.mul(m.create(flat(g), new Shape(n, out))).sum());
      }
      double[][] xa = multiply(x, transpose(a)); // [n, r]
      double[][] gradB = scale(multiply(transpose(g), xa), s); // [out, r]
      double[][] gradA = scale(multiply(transpose(multiply(g, b)), x), s); // [r, in]
      assertClose(doubles(gradB), bArray.getGradient().toFloatArray());
      assertClose(doubles(gradA), aArray.getGradient().toFloatArray());
    }
  }

  @Test
  void loadingAnAdapterOfTheWrongShapeChangesNothing() {
    LoraAdapters adapters = new LoraAdapters(TinyModel.lora(0), Llama.DENSE, 1);
    try (Llama ignored = TinyModel.load(adapters)) {
      Map<String, HostTensor> bad = new LinkedHashMap<>(randomAdapter(adapters, 4, 0.1));
      String name = PeftNames.loraB("model.layers.1.mlp.up_proj");
      bad.put(name, new HostTensor(new long[] {64, 5}, new float[320]));
      Map<String, HostTensor> before = adapters.snapshot();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adapters.load(bad));
      assertTrue(e.getMessage().contains(name), e.getMessage());
      assertArrayEquals(before.get(PeftNames.loraA("model.layers.0.self_attn.q_proj")).values(),
          adapters.snapshot().get(PeftNames.loraA("model.layers.0.self_attn.q_proj")).values());
    }
  }

  @Test
  void configurationOutsideLoraIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new LoraConfig(0, 16, 0.05, LoraConfig.ALL_LINEAR));
    assertThrows(IllegalArgumentException.class, () -> new LoraConfig(8, 16, 1.0, LoraConfig.ALL_LINEAR));
    assertThrows(IllegalArgumentException.class, () -> new LoraConfig(8, 16, 0.05, List.of("lm_head")));
  }

  static void assertClose(double[] expected, float[] got) {
    assertEquals(expected.length, got.length);
    for (int i = 0; i < got.length; i++) {
      assertEquals(expected[i], got[i], 1e-5 + 1e-5 * Math.abs(expected[i]), "element " + i);
    }
  }

  private static double[][] random(Random rnd, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) for (int j = 0; j < cols; j++) row[j] = (float) rnd.nextGaussian(); // float-representable
    return m;
  }

  private static HostTensor host(double[][] m) {
    float[] v = new float[m.length * m[0].length];
    for (int i = 0; i < m.length; i++) for (int j = 0; j < m[0].length; j++) v[i * m[0].length + j] = (float) m[i][j];
    return new HostTensor(new long[] {m.length, m[0].length}, v);
  }

  private static float[] flat(double[][] m) {
    return host(m).values();
  }

  private static double[] doubles(double[][] m) {
    return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  private static double[][] multiply(double[][] p, double[][] q) {
    double[][] out = new double[p.length][q[0].length];
    for (int i = 0; i < p.length; i++) for (int k = 0; k < q.length; k++) for (int j = 0; j < q[0].length; j++) out[i][j] += p[i][k] * q[k][j];
    return out;
  }

  private static double[][] transpose(double[][] p) {
    double[][] out = new double[p[0].length][p.length];
    for (int i = 0; i < p.length; i++) for (int j = 0; j < p[0].length; j++) out[j][i] = p[i][j];
    return out;
  }

  private static double[][] scale(double[][] p, double s) {
    for (double[] row : p) for (int j = 0; j < row.length; j++) row[j] *= s;
    return p;
  }
}
