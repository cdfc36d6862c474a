package io.veritrace.trainer.qlora;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritrace.reasoners.local.HostTensor;
import io.veritrace.reasoners.local.Llama;
import io.veritrace.reasoners.local.Safetensors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains the LoRA adapters of a (possibly NF4-quantised) model, with the base weights frozen:
 * SFT on completion tokens, or DPO against the same model with its adapters switched off.
 * Each optimizer step accumulates {@code accumulation} micro-batches, clips the global gradient
 * norm, and applies AdamW at the scheduled learning rate. Micro-batch k holds the examples at
 * positions k·b .. k·b + b − 1 of a sequence of seeded shuffles, one per epoch, and dropout is
 * seeded per step, so a run resumed from a checkpoint continues exactly as the unbroken run.
 * Progress (step, loss, tokens/s, ETA) goes to the given stream, one line per step.
 */
public final class LoraTrainer implements AutoCloseable {

  public static final String OPTIMIZER = "optimizer.safetensors";
  public static final String STATE = "trainer_state.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Llama model;
  private final LoraAdapters adapters;
  private final TrainingConfig config;
  private final PrintStream progress;
  private final NDManager manager;
  private final AdamW optimizer;
  private int step;

  public LoraTrainer(Llama model, LoraAdapters adapters, TrainingConfig config, PrintStream progress) {
    if (adapters.parameters().isEmpty()) throw new IllegalArgumentException("the model has no adapters to train");
    NDArray first = adapters.parameters().values().iterator().next();
    if (first.getDataType() != DataType.FLOAT32) {
      throw new IllegalArgumentException("training runs in float32 (the engine loses the graph across dtype changes), not " + first.getDataType());
    }
    this.model = model;
    this.adapters = adapters;
    this.config = config;
    this.progress = progress;
    this.manager = NDManager.newBaseManager(first.getDevice());
    this.optimizer = new AdamW(manager, config);
    config.warnings().forEach(w -> progress.println("warning: " + w));
  }

  /** Optimizer steps taken so far (including those before a resume). */
  public int step() {
    return step;
  }

  /** Runs the remaining steps of SFT on {@code data}. */
  public List<StepReport> sft(List<Sequence> data) {
    return run(data, (m, batch) -> {
      SequenceLogProbs lp = SequenceLogProbs.of(model, m, batch);
      return new Loss(lp.meanNegative(), lp.tokens, new float[0], new float[0]);
    });
  }

  /**
   * Runs the remaining steps of DPO on {@code data}: loss −log σ(β·((π_c − π_r) − (ref_c − ref_r)))
   * with log-probabilities summed over each completion, as TRL's sigmoid loss; the reference is
   * this model with its adapters off, computed without gradients.
   */
  public List<StepReport> dpo(List<Preference> data) {
    double beta = config.dpoBeta();
    return run(data, (m, batch) -> {
      int b = batch.size();
      List<Sequence> both = new ArrayList<>();
      batch.forEach(p -> both.add(p.chosen()));
      batch.forEach(p -> both.add(p.rejected()));
      float[] reference;
      adapters.enabled(false);
      try (NDManager scratch = m.newSubManager()) {
        reference = SequenceLogProbs.of(model, scratch, both).sums().toFloatArray();
      } finally {
        adapters.enabled(true);
      }
      SequenceLogProbs policy = SequenceLogProbs.of(model, m, both);
      NDArray sums = policy.sums(); // [2B]: chosen then rejected
      NDArray ref = m.create(reference, new Shape(2L * b));
      NDArray rewards = sums.sub(ref).mul(beta); // [2B] β·(log π − log π_ref)
      NDArray chosen = rewards.get("0:{}", b), rejected = rewards.get("{}:", b);
      NDArray loss = Activation.softPlus(chosen.sub(rejected).neg()).mean(); // −log σ(x) = softplus(−x)
      return new Loss(loss, policy.tokens, chosen.toFloatArray(), rejected.toFloatArray());
    });
  }

  private record Loss(NDArray value, int tokens, float[] chosenRewards, float[] rejectedRewards) {}

  @FunctionalInterface
  private interface Objective<T> {
    Loss compute(NDManager m, List<T> batch);
  }

  private <T> List<StepReport> run(List<T> data, Objective<T> objective) {
    if (data.isEmpty()) throw new IllegalArgumentException("no training examples");
    Map<String, NDArray> params = adapters.parameters();
    List<StepReport> reports = new ArrayList<>();
    long started = System.nanoTime();
    int first = step;
    adapters.training(true);
    // PyTorch's grad mode is per thread and on in a new one; a GradientCollector restores the mode it
    // found, so on a thread that never initialised the engine the in-place update after it would
    // fail ("a leaf Variable that requires grad is being used in an in-place operation")
    ai.djl.pytorch.jni.JniUtils.setGradMode(false);
    try {
      while (step < config.steps()) {
        long t0 = System.nanoTime();
        Engine.getInstance().setRandomSeed((int) (config.seed() * 31 + step)); // dropout masks, reproducible on resume
        double lr = config.learningRateAt(step);
        double loss = 0;
        long tokens = 0;
        int pairs = 0, correct = 0;
        double margin = 0;
        for (int a = 0; a < config.accumulation(); a++) {
          List<T> batch = microBatch(data, (long) step * config.accumulation() + a);
          try (NDManager m = manager.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            Loss l = objective.compute(m, batch);
            gc.backward(l.value().div(config.accumulation())); // the mean over the micro-batches of the step
            loss += l.value().getFloat() / config.accumulation();
            tokens += l.tokens();
            for (int i = 0; i < l.chosenRewards().length; i++) {
              pairs++;
              if (l.chosenRewards()[i] > l.rejectedRewards()[i]) correct++;
              margin += l.chosenRewards()[i] - l.rejectedRewards()[i];
            }
          }
        }
        double norm = AdamW.clipGlobalNorm(params, config.maxGradNorm());
        optimizer.step(params, lr);
        step++;
        double seconds = (System.nanoTime() - t0) / 1e9;
        StepReport r = new StepReport(step, loss, lr, norm, tokens, seconds,
            pairs == 0 ? Double.NaN : (double) correct / pairs, pairs == 0 ? Double.NaN : margin / pairs);
        reports.add(r);
        report(r, (System.nanoTime() - started) / 1e9 / (step - first));
      }
    } finally {
      adapters.training(false);
    }
    return reports;
  }

  private void report(StepReport r, double secondsPerStep) {
    long eta = Math.round(secondsPerStep * (config.steps() - r.step()));
    String dpo = Double.isNaN(r.rewardAccuracy()) ? "" : String.format("  reward acc %.2f margin %.4f", r.rewardAccuracy(), r.rewardMargin());
    progress.printf("step %d/%d  loss %.4f  lr %.2e  |g| %.3f  %.0f tokens/s  ETA %d:%02d:%02d%s%n", r.step(), config.steps(), r.loss(),
        r.learningRate(), r.gradNorm(), r.tokens() / r.seconds(), eta / 3600, eta / 60 % 60, eta % 60, dpo);
  }

  // examples k·b .. k·b + b − 1 of the concatenated per-epoch shuffles
  private <T> List<T> microBatch(List<T> data, long k) {
    int n = data.size();
    List<T> batch = new ArrayList<>(config.microBatch());
    for (int j = 0; j < config.microBatch(); j++) {
      long index = k * config.microBatch() + j;
      batch.add(data.get(epochOrder(n, index / n)[(int) (index % n)]));
    }
    return batch;
  }

  private long cachedEpoch = -1;
  private int[] cachedOrder;

  private int[] epochOrder(int n, long epoch) {
    if (epoch != cachedEpoch || cachedOrder.length != n) {
      int[] order = new int[n];
      for (int i = 0; i < n; i++) order[i] = i;
      SplittableRandom rnd = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + epoch);
      for (int i = n - 1; i > 0; i--) {
        int j = rnd.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      cachedEpoch = epoch;
      cachedOrder = order;
    }
    return cachedOrder;
  }

  /** Writes the adapter (PEFT format), the optimizer's moments and the step to {@code dir}. */
  public void checkpoint(Path dir, String baseModel) throws IOException {
    new PeftAdapter(adapters.config(), baseModel, adapters.snapshot()).write(dir);
    Safetensors.write(dir.resolve(OPTIMIZER), optimizer.state(), Safetensors.DType.F32);
    ObjectNode state = JSON.createObjectNode().put("step", step).put("seed", config.seed()).put("steps", config.steps());
    Files.writeString(dir.resolve(STATE), JSON.writeValueAsString(state));
  }

  /** Continues from a checkpoint of a run with the same data and settings. */
  public void resume(Path dir) throws IOException {
    var state = JSON.readTree(dir.resolve(STATE).toFile());
    if (state.path("seed").asLong() != config.seed()) {
      throw new IOException(dir + ": checkpoint of a run with seed " + state.path("seed") + ", this run has " + config.seed());
    }
    PeftAdapter adapter = PeftAdapter.read(dir);
    adapters.load(adapter.tensors());
    Map<String, HostTensor> moments = new LinkedHashMap<>();
    try (Safetensors file = Safetensors.open(dir.resolve(OPTIMIZER))) {
      for (String name : file.names()) moments.put(name, file.read(name));
    }
    optimizer.restore(moments, state.path("step").asInt());
    step = state.path("step").asInt();
  }

  @Override
  public void close() {
    manager.close();
  }
}
