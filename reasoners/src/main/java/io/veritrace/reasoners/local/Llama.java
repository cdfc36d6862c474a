package io.veritrace.reasoners.local;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Llama-family decoder (Llama 2/3, SmolLM, Qwen2) on DJL tensors, in the spirit of llama2.c:
 * the whole forward pass in one file. Notation in the shape comments: B batch, T new positions,
 * S positions in the cache (past + T), H hidden size, V vocabulary, nh query heads, nkv key/value
 * heads, g = nh / nkv query heads per key/value head, d head width, I MLP width.
 *
 * <p>Weights keep Hugging Face's layout (a linear layer's weight is [out, in]) so the trainer can
 * read and write them unchanged. RMSNorm and softmax run in float32 whatever the weights' dtype.
 * Instances are not thread-safe: one forward pass at a time.
 */
public final class Llama implements AutoCloseable {

  private final LlamaConfig config;
  private final NDManager manager;
  private final DataType dtype;
  private final NDArray embed; // [V, H]
  private final NDArray head; // [V, H]; the embedding itself when tied
  private final NDArray norm; // [H]
  private final List<Block> blocks;
  private final NDArray cos; // [P, d] rotary tables for every position P the model allows
  private final NDArray sin; // [P, d]

  /** One transformer block. */
  private record Block(
      NDArray attnNorm, // [H]
      Projection wq, // H → nh*d (with a bias in Qwen2)
      Projection wk, // H → nkv*d (with a bias in Qwen2)
      Projection wv, // H → nkv*d (with a bias in Qwen2)
      Projection wo, // nh*d → H
      NDArray mlpNorm, // [H]
      Projection gate, // H → I
      Projection up, // H → I
      Projection down) {} // I → H

  /**
   * One of a block's linear layers, x [.., in] → x·Wᵀ + b [.., out]. The dense default holds W;
   * the trainer puts in NF4-quantised weights and LoRA adapters instead, without a copy of this
   * forward pass.
   */
  @FunctionalInterface
  public interface Projection {
    NDArray apply(NDArray x);
  }

  /**
   * Makes the projection of a module named as in Hugging Face checkpoints (e.g.
   * {@code model.layers.0.self_attn.q_proj}) from its weight [out, in] and its bias [out] (null
   * when the architecture has none), with engine arrays owned by {@code manager}.
   */
  @FunctionalInterface
  public interface Projections {
    Projection create(String module, HostTensor weight, HostTensor bias, NDManager manager, DataType dtype);
  }

  /** Plain weights in {@code dtype}: what serving uses. */
  public static final Projections DENSE = (module, weight, bias, manager, dtype) -> {
    NDArray w = onDevice(manager, weight, dtype);
    NDArray b = bias == null ? null : onDevice(manager, bias, dtype);
    return x -> linear(x, w, b);
  };

  private static final List<String> PROJECTIONS = List.of(
      "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj");

  private Llama(LlamaConfig config, NDManager manager, DataType dtype, NDArray embed, NDArray head, NDArray norm,
      List<Block> blocks, NDArray cos, NDArray sin) {
    this.config = config;
    this.manager = manager;
    this.dtype = dtype;
    this.embed = embed;
    this.head = head;
    this.norm = norm;
    this.blocks = blocks;
    this.cos = cos;
    this.sin = sin;
  }

  /** Every parameter the architecture has, by its Hugging Face name, with its shape. */
  public static Map<String, long[]> parameterShapes(LlamaConfig c) {
    long h = c.hiddenSize(), q = (long) c.numAttentionHeads() * c.headDim(), kv = (long) c.numKeyValueHeads() * c.headDim();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    shapes.put("model.embed_tokens.weight", new long[] {c.vocabSize(), h});
    for (int i = 0; i < c.numHiddenLayers(); i++) {
      String p = "model.layers." + i + ".";
      shapes.put(p + "input_layernorm.weight", new long[] {h});
      shapes.put(p + "self_attn.q_proj.weight", new long[] {q, h});
      shapes.put(p + "self_attn.k_proj.weight", new long[] {kv, h});
      shapes.put(p + "self_attn.v_proj.weight", new long[] {kv, h});
      if (c.attentionBias()) {
        shapes.put(p + "self_attn.q_proj.bias", new long[] {q});
        shapes.put(p + "self_attn.k_proj.bias", new long[] {kv});
        shapes.put(p + "self_attn.v_proj.bias", new long[] {kv});
      }
      shapes.put(p + "self_attn.o_proj.weight", new long[] {h, q});
      shapes.put(p + "post_attention_layernorm.weight", new long[] {h});
      shapes.put(p + "mlp.gate_proj.weight", new long[] {c.intermediateSize(), h});
      shapes.put(p + "mlp.up_proj.weight", new long[] {c.intermediateSize(), h});
      shapes.put(p + "mlp.down_proj.weight", new long[] {h, c.intermediateSize()});
    }
    shapes.put("model.norm.weight", new long[] {h});
    if (!c.tieWordEmbeddings()) shapes.put("lm_head.weight", new long[] {c.vocabSize(), h});
    return shapes;
  }

  /**
   * Builds the model on {@code device}. The CPU runs float32 only (the engine aborts on bfloat16
   * there); a GPU may use bfloat16 or float16.
   */
  public static Llama load(LlamaConfig config, Weights weights, Device device, DataType dtype) {
    return load(config, weights, device, dtype, DENSE);
  }

  /** As {@link #load(LlamaConfig, Weights, Device, DataType)}, with each block's linear layers made by {@code projections}. */
  public static Llama load(LlamaConfig config, Weights weights, Device device, DataType dtype, Projections projections) {
    if (dtype != DataType.FLOAT32 && !device.isGpu()) {
      throw new IllegalArgumentException("on the CPU the local model runs in float32, not " + dtype);
    }
    if (dtype != DataType.FLOAT32 && dtype != DataType.BFLOAT16 && dtype != DataType.FLOAT16) {
      throw new IllegalArgumentException("unsupported dtype " + dtype + " (float32, bfloat16, float16)");
    }
    NDManager manager = NDManager.newBaseManager(device);
    try {
      Map<String, long[]> shapes = parameterShapes(config);
      Map<String, NDArray> p = new LinkedHashMap<>();
      Map<String, Projection> linear = new LinkedHashMap<>();
      for (Map.Entry<String, long[]> e : shapes.entrySet()) {
        String name = e.getKey();
        if (name.endsWith(".bias")) continue; // taken with its weight
        String module = name.substring(0, name.length() - ".weight".length());
        if (PROJECTIONS.stream().anyMatch(module::endsWith)) {
          HostTensor bias = shapes.containsKey(module + ".bias") ? weights.load(module + ".bias", shapes.get(module + ".bias")) : null;
          linear.put(module, projections.create(module, weights.load(name, e.getValue()), bias, manager, dtype));
        } else {
          p.put(name, onDevice(manager, weights.load(name, e.getValue()), dtype));
        }
      }
      List<Block> blocks = new ArrayList<>();
      for (int i = 0; i < config.numHiddenLayers(); i++) {
        String b = "model.layers." + i + ".";
        blocks.add(new Block(
            p.get(b + "input_layernorm.weight"),
            linear.get(b + "self_attn.q_proj"), linear.get(b + "self_attn.k_proj"), linear.get(b + "self_attn.v_proj"),
            linear.get(b + "self_attn.o_proj"),
            p.get(b + "post_attention_layernorm.weight"),
            linear.get(b + "mlp.gate_proj"), linear.get(b + "mlp.up_proj"), linear.get(b + "mlp.down_proj")));
      }
      NDArray embed = p.get("model.embed_tokens.weight");
      float[][] tables = rotaryTables(config);
      int positions = tables[0].length / config.headDim();
      Shape tableShape = new Shape(positions, config.headDim());
      return new Llama(config, manager, dtype, embed,
          config.tieWordEmbeddings() ? embed : p.get("lm_head.weight"), p.get("model.norm.weight"), List.copyOf(blocks),
          manager.create(tables[0], tableShape).toType(dtype, false), manager.create(tables[1], tableShape).toType(dtype, false));
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private static NDArray onDevice(NDManager manager, HostTensor t, DataType dtype) {
    NDArray a = manager.create(t.values(), new Shape(t.shape()));
    return dtype == DataType.FLOAT32 ? a : a.toType(dtype, false);
  }

  /**
   * The rotation frequency of each pair of a head's dimensions: theta^(-2i/d), scaled as Llama 3.1
   * does for long contexts when the configuration asks for it.
   */
  static double[] inverseFrequencies(LlamaConfig c) {
    int half = c.headDim() / 2;
    double[] inv = new double[half];
    for (int i = 0; i < half; i++) inv[i] = 1.0 / Math.pow(c.ropeTheta(), (2.0 * i) / c.headDim());
    LlamaConfig.RopeScaling s = c.ropeScaling();
    if (s == null) return inv;
    double lowWavelength = s.originalMaxPositionEmbeddings() / s.lowFreqFactor();
    double highWavelength = s.originalMaxPositionEmbeddings() / s.highFreqFactor();
    for (int i = 0; i < half; i++) {
      double wavelength = 2 * Math.PI / inv[i];
      if (wavelength > lowWavelength) {
        inv[i] /= s.factor(); // slow rotations are stretched to the long context
      } else if (wavelength >= highWavelength) {
        double smooth = (s.originalMaxPositionEmbeddings() / wavelength - s.lowFreqFactor()) / (s.highFreqFactor() - s.lowFreqFactor());
        inv[i] = (1 - smooth) * inv[i] / s.factor() + smooth * inv[i];
      }
    }
    return inv;
  }

  /**
   * cos and sin of position * frequency, laid out as Hugging Face does: the frequencies repeated
   * for the two halves of a head, row p for position p. Computed in double, stored as float.
   */
  static float[][] rotaryTables(LlamaConfig c) {
    double[] inv = inverseFrequencies(c);
    int d = c.headDim();
    int positions = Math.min(c.maxPositionEmbeddings(), 1 << 15); // longer contexts are not served on this runtime
    float[] cos = new float[positions * d];
    float[] sin = new float[positions * d];
    for (int p = 0; p < positions; p++) {
      for (int i = 0; i < d; i++) {
        double angle = p * inv[i % (d / 2)];
        cos[p * d + i] = (float) Math.cos(angle);
        sin[p * d + i] = (float) Math.sin(angle);
      }
    }
    return new float[][] {cos, sin};
  }

  /** The longest sequence (prompt and generated tokens) the model takes. */
  public int maxPositions() {
    return (int) cos.getShape().get(0);
  }

  /** An empty key/value cache for {@code batch} sequences generated together. */
  public KvCache newCache(int batch) {
    if (batch < 1) throw new IllegalArgumentException("batch must be >= 1: " + batch);
    return new KvCache(manager.newSubManager(), batch, config.numHiddenLayers());
  }

  /**
   * Runs {@code tokens} (one row per sequence, all of the same length) after what {@code cache}
   * holds, appends their keys and values to it, and returns the logits of every new position, or
   * of the last one only when {@code allPositions} is false (all generation needs).
   */
  public Logits forward(int[][] tokens, KvCache cache, boolean allPositions) {
    if (tokens.length != cache.batch) throw new IllegalArgumentException("cache is for " + cache.batch + " sequences, got " + tokens.length);
    // everything created in this scope is freed at its end, except the new cache entries
    try (NDScope scope = new NDScope()) {
      NDArray logits = run(cache.manager, tokens, cache, allPositions);
      return new Logits(tokens.length, (int) logits.getShape().get(1), config.vocabSize(), logits.toFloatArray());
    }
  }

  /**
   * The float32 logits [B, T, V] of every position of {@code tokens}, computed from scratch with
   * no cache and left in {@code manager}: the training forward pass, through which gradients flow
   * to whatever the projections hold. Shorter sequences may be padded at the end: causal
   * attention keeps padding from changing the positions before it.
   */
  public NDArray logits(NDManager manager, int[][] tokens) {
    return run(manager, tokens, null, true);
  }

  // tokens [B, T] after what cache (or nothing, when null) holds → float32 logits [B, T or 1, V]
  private NDArray run(NDManager m, int[][] tokens, KvCache cache, boolean allPositions) {
    int b = tokens.length;
    int t = tokens[0].length;
    long[] ids = new long[b * t];
    for (int i = 0; i < b; i++) {
      if (tokens[i].length != t) throw new IllegalArgumentException("all sequences of a batch need the same length");
      for (int j = 0; j < t; j++) {
        int id = tokens[i][j];
        if (id < 0 || id >= config.vocabSize()) throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + config.vocabSize());
        ids[i * t + j] = id;
      }
    }
    int past = cache == null ? 0 : cache.length;
    if (t < 1 || past + t > maxPositions()) {
      throw new IllegalArgumentException(past + " cached + " + t + " new positions; the model takes 1 to " + maxPositions());
    }
    NDArray x = Embedding.embedding(m.create(ids, new Shape(b, t)), embed, SparseFormat.DENSE).singletonOrThrow(); // [B, T, H]
    NDArray mask = t > 1 ? causalMask(m, t, past) : null; // [T, S]
    NDArray cosT = cos.get(new NDIndex("{}:{}", past, past + t)); // [T, d]
    NDArray sinT = sin.get(new NDIndex("{}:{}", past, past + t)); // [T, d]
    for (int layer = 0; layer < blocks.size(); layer++) {
      Block block = blocks.get(layer);
      x = x.add(attention(rmsNorm(x, block.attnNorm), block, layer, cache, past, cosT, sinT, mask));
      x = x.add(mlp(rmsNorm(x, block.mlpNorm), block));
    }
    if (!allPositions) x = x.get(new NDIndex(":, {}:, :", t - 1)); // [B, 1, H]
    NDArray logits = linear(rmsNorm(x, norm), head, null); // [B, T or 1, V]
    if (cache != null) cache.length += t;
    return dtype == DataType.FLOAT32 ? logits : logits.toType(DataType.FLOAT32, false);
  }

  // x [B, T, H] → [B, T, H]; cos and sin [T, d] of the new positions; mask [T, S] or null for T = 1
  private NDArray attention(NDArray x, Block w, int layer, KvCache cache, int past, NDArray cos, NDArray sin, NDArray mask) {
    long b = x.getShape().get(0), t = x.getShape().get(1), s = past + t;
    int nh = config.numAttentionHeads(), nkv = config.numKeyValueHeads(), d = config.headDim(), g = config.groups();
    NDArray q = w.wq.apply(x).reshape(b, t, nh, d).transpose(0, 2, 1, 3); // [B, nh, T, d]
    NDArray k = w.wk.apply(x).reshape(b, t, nkv, d).transpose(0, 2, 1, 3); // [B, nkv, T, d]
    NDArray v = w.wv.apply(x).reshape(b, t, nkv, d).transpose(0, 2, 1, 3); // [B, nkv, T, d]
    q = rotate(q, cos, sin);
    k = rotate(k, cos, sin);
    NDArray keys = cache == null ? k : cache.append(cache.keys, layer, k); // [B, nkv, S, d]
    NDArray values = cache == null ? v : cache.append(cache.values, layer, v); // [B, nkv, S, d]
    // grouped-query attention: query heads j*g .. j*g+g-1 share key/value head j, so their rows
    // are stacked into one matmul per key/value head rather than copying keys and values g times
    NDArray scores = q.reshape(b, nkv, g * t, d).matMul(keys.transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(d)); // [B, nkv, g*T, S]
    if (mask != null) scores = scores.reshape(b, nkv, g, t, s).add(mask).reshape(b, nkv, g * t, s);
    NDArray attn = scores.toType(DataType.FLOAT32, false).softmax(-1).toType(dtype, false); // [B, nkv, g*T, S]
    NDArray out = attn.matMul(values) // [B, nkv, g*T, d]
        .reshape(b, nh, t, d).transpose(0, 2, 1, 3).reshape(b, t, (long) nh * d); // [B, T, nh*d]
    return w.wo.apply(out);
  }

  // SwiGLU: down(silu(gate(x)) * up(x)); x [B, T, H] → [B, T, H]
  private static NDArray mlp(NDArray x, Block w) {
    NDArray gate = w.gate.apply(x); // [B, T, I]
    return w.down.apply(gate.mul(Activation.sigmoid(gate)).mul(w.up.apply(x)));
  }

  // x / sqrt(mean(x²) + eps) * weight, computed in float32
  private NDArray rmsNorm(NDArray x, NDArray weight) {
    NDArray xf = x.toType(DataType.FLOAT32, false);
    NDArray rms = xf.square().mean(new int[] {-1}, true).add(config.rmsNormEps()).sqrt(); // [B, T, 1]
    return xf.div(rms).toType(dtype, false).mul(weight);
  }

  /**
   * Rotary position embedding in Hugging Face's half-split convention: dimension i is paired with
   * i + d/2 (not with its neighbour, as in the original paper's interleaved form), so
   * rotate(x) = x * cos + rotate_half(x) * sin with rotate_half(x) = [-x2, x1].
   * x [B, h, T, d], cos and sin [T, d].
   */
  static NDArray rotate(NDArray x, NDArray cos, NDArray sin) {
    long half = x.getShape().get(3) / 2;
    NDArray x1 = x.get(new NDIndex("..., :{}", half));
    NDArray x2 = x.get(new NDIndex("..., {}:", half));
    return x.mul(cos).add(x2.neg().concat(x1, -1).mul(sin));
  }

  // [T, S]: query i (at position past + i) sees keys 0 .. past + i
  private static NDArray causalMask(NDManager m, int t, int past) {
    int s = past + t;
    float[] mask = new float[t * s];
    for (int i = 0; i < t; i++) Arrays.fill(mask, i * s + past + i + 1, (i + 1) * s, Float.NEGATIVE_INFINITY);
    return m.create(mask, new Shape(t, s));
  }

  private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
    return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).singletonOrThrow();
  }

  @Override
  public void close() {
    manager.close();
  }

  /** Logits of {@code positions} positions of {@code batch} sequences, row-major [B, T, V]. */
  public record Logits(int batch, int positions, int vocab, float[] values) {
    /** The logits of sequence {@code b} at new position {@code t}. */
    public float[] at(int b, int t) {
      int from = (b * positions + t) * vocab;
      return Arrays.copyOfRange(values, from, from + vocab);
    }

    public float[] last(int b) {
      return at(b, positions - 1);
    }
  }

  /**
   * Keys and values of every position run so far, per layer [B, nkv, S, d]; it owns their native
   * memory, released by {@link #close}.
   */
  public static final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final int batch;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;

    private KvCache(NDManager manager, int batch, int layers) {
      this.manager = manager;
      this.batch = batch;
      this.keys = new NDArray[layers];
      this.values = new NDArray[layers];
    }

    /** Positions cached so far. */
    public int length() {
      return length;
    }

    // concatenates along S and keeps the result out of the forward pass's scope
    private NDArray append(NDArray[] store, int layer, NDArray fresh) {
      NDArray old = store[layer];
      NDArray all = old == null ? fresh : old.concat(fresh, 2);
      NDScope.unregister(all);
      all.attach(manager);
      if (old != null) old.close();
      store[layer] = all;
      return all;
    }

    @Override
    public void close() {
      manager.close();
    }
  }
}
