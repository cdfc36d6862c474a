package io.veritrace.trainer.qlora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.veritrace.reasoners.local.HostTensor;
import io.veritrace.reasoners.local.Llama;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import io.veritrace.reasoners.local.LocalReasoner;

/**
 * The LoRA adapters of one model: a {@link Llama.Projections} that wraps the base layers (dense or
 * NF4) of the targeted modules, and the switches they share. A is initialised as PEFT does
 * (Kaiming-uniform with a = √5, i.e. uniform on ±1/√in), seeded per module; B starts at zero, so
 * a fresh adapter leaves the model unchanged. Only A and B require gradients.
 *
 * <p>Disabling the adapters gives the base model itself, which is how DPO gets its reference
 * policy without a second copy of the weights.
 */
public final class LoraAdapters implements Llama.Projections {

  private final LoraConfig config;
  private final Llama.Projections base;
  private final long seed;
  private final Map<String, LoraLinear> modules = new LinkedHashMap<>();
  private volatile boolean enabled = true;
  private volatile boolean training;

  public LoraAdapters(LoraConfig config, Llama.Projections base, long seed) {
    this.config = config;
    this.base = base;
    this.seed = seed;
  }

  @Override
  public Llama.Projection create(String module, HostTensor weight, HostTensor bias, NDManager manager, DataType dtype) {
    Llama.Projection frozen = base.create(module, weight, bias, manager, dtype);
    if (!config.targets(module)) return frozen;
    long out = weight.shape()[0], in = weight.shape()[1];
    SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + module.hashCode());
    float[] a = new float[Math.toIntExact(config.r() * in)];
    double bound = 1 / Math.sqrt(in);
    for (int i = 0; i < a.length; i++) a[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
    NDArray aArray = manager.create(a, new Shape(config.r(), in)).toType(dtype, false);
    NDArray bArray = manager.zeros(new Shape(out, config.r()), dtype);
    aArray.setRequiresGradient(true);
    bArray.setRequiresGradient(true);
    LoraLinear linear = new LoraLinear(frozen, aArray, bArray, this);
    modules.put(module, linear);
    return linear;
  }

  public LoraConfig config() {
    return config;
  }

  public boolean enabled() {
    return enabled;
  }

  /** Adapters on, or off for the base model's own output (exactly). */
  public void enabled(boolean on) {
    enabled = on;
  }

  public boolean training() {
    return training;
  }

  /** Training applies dropout to the adapters' input; evaluation and serving do not. */
  public void training(boolean on) {
    training = on;
  }

  /**
   * The trainable tensors by their PEFT names
   * ({@code base_model.model.<module>.lora_A.weight} [r, in], {@code ...lora_B.weight} [out, r]),
   * in a fixed order.
   */
  public Map<String, NDArray> parameters() {
    Map<String, NDArray> p = new LinkedHashMap<>();
    modules.forEach((module, l) -> {
      p.put(PeftNames.loraA(module), l.a());
      p.put(PeftNames.loraB(module), l.b());
    });
    return Collections.unmodifiableMap(p);
  }

  /** Copies of the trainable tensors into Java memory, by PEFT name. */
  public Map<String, HostTensor> snapshot() {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    parameters().forEach((name, a) -> out.put(name, new HostTensor(a.getShape().getShape(), a.toType(DataType.FLOAT32, false).toFloatArray())));
    return out;
  }

  /**
   * Hot swap: puts {@code adapter} (read beforehand, off the serving path) in place in a running
   * reasoner over this model, between two of its queries, none of them dropped; its proposals then
   * record {@code version}. The adapter must have these adapters' rank, alpha and modules.
   */
  public CompletionStage<Void> swapInto(LocalReasoner reasoner, String version, PeftAdapter adapter) {
    if (adapter.config().r() != config.r() || adapter.config().alpha() != config.alpha()
        || !Set.copyOf(adapter.config().targetModules()).equals(Set.copyOf(config.targetModules()))) {
      throw new IllegalArgumentException("adapter " + version + " has r " + adapter.config().r() + ", alpha " + adapter.config().alpha()
          + " on " + adapter.config().targetModules() + "; this model's adapters have r " + config.r() + ", alpha " + config.alpha()
          + " on " + config.targetModules());
    }
    return reasoner.swapAdapter(version, () -> {
      load(adapter.tensors());
      enabled = true;
    });
  }

  /** Hot swap back to the base model (adapters off, exactly), between two queries: proposals then record no version. */
  public CompletionStage<Void> swapOff(LocalReasoner reasoner) {
    return reasoner.swapAdapter("", () -> enabled = false);
  }

  /**
   * Overwrites the adapters with {@code tensors}, which must name every one of them with its
   * shape; fails naming the first that is missing, extra or of the wrong shape, before changing any.
   */
  public void load(Map<String, HostTensor> tensors) {
    Map<String, NDArray> p = parameters();
    for (String name : tensors.keySet()) {
      if (!p.containsKey(name)) throw new IllegalArgumentException("adapter tensor " + name + " matches no adapted module of this model");
    }
    for (Map.Entry<String, NDArray> e : p.entrySet()) {
      HostTensor t = tensors.get(e.getKey());
      if (t == null) throw new IllegalArgumentException("adapter tensor " + e.getKey() + " is missing");
      if (!Arrays.equals(t.shape(), e.getValue().getShape().getShape())) {
        throw new IllegalArgumentException("adapter tensor " + e.getKey() + " has shape " + Arrays.toString(t.shape())
            + ", the model needs " + e.getValue().getShape());
      }
    }
    p.forEach((name, a) -> a.set(FloatBuffer.wrap(tensors.get(name).values())));
  }
}
