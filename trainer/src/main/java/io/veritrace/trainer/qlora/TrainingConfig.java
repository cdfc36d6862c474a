package io.veritrace.trainer.qlora;

import java.util.ArrayList;
import java.util.List;

/**
 * How an adapter is trained. Defaults follow the QLoRA reference for small models: learning rate
 * 2e-4, constant schedule after a 3 % warm-up, AdamW without weight decay, global gradient norm
 * clipped to 0.3, an effective batch of 16 (4 sequences × 4 accumulated micro-batches), and for
 * DPO β = 0.1 as in TRL.
 *
 * @param steps optimizer steps to run
 * @param microBatch sequences per forward pass
 * @param accumulation micro-batches per optimizer step
 */
public record TrainingConfig(
    LoraConfig lora,
    double learningRate,
    Schedule schedule,
    double warmupRatio,
    int steps,
    int microBatch,
    int accumulation,
    double maxGradNorm,
    double weightDecay,
    double beta1,
    double beta2,
    double epsilon,
    double dpoBeta,
    long seed) {

  /** The learning rate after warm-up: held, or decayed to zero along a half cosine. */
  public enum Schedule { CONSTANT, COSINE }

  /** Learning rates LoRA fine-tuning is known to work with (QLoRA: 1e-4 to 2e-4; common recipes 1e-5 to 1e-3). */
  public static final double LOW = 1e-5, HIGH = 1e-3;

  public static TrainingConfig defaults(int steps) {
    return new TrainingConfig(LoraConfig.QLORA, 2e-4, Schedule.CONSTANT, 0.03, steps, 4, 4, 0.3, 0.0, 0.9, 0.999, 1e-8, 0.1, 42);
  }

  public TrainingConfig {
    if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be > 0: " + learningRate);
    if (!(warmupRatio >= 0 && warmupRatio < 1)) throw new IllegalArgumentException("warm-up ratio must be in [0, 1): " + warmupRatio);
    if (steps < 1 || microBatch < 1 || accumulation < 1) throw new IllegalArgumentException("steps, micro-batch and accumulation must be >= 1");
    if (!(maxGradNorm > 0)) throw new IllegalArgumentException("max gradient norm must be > 0: " + maxGradNorm);
    if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be >= 0: " + weightDecay);
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0)) throw new IllegalArgumentException("AdamW betas in [0, 1), epsilon > 0");
    if (!(dpoBeta > 0)) throw new IllegalArgumentException("DPO beta must be > 0: " + dpoBeta);
  }

  public TrainingConfig withLearningRate(double lr) {
    return new TrainingConfig(lora, lr, schedule, warmupRatio, steps, microBatch, accumulation, maxGradNorm, weightDecay, beta1, beta2, epsilon, dpoBeta, seed);
  }

  public TrainingConfig withSteps(int n) {
    return new TrainingConfig(lora, learningRate, schedule, warmupRatio, n, microBatch, accumulation, maxGradNorm, weightDecay, beta1, beta2, epsilon, dpoBeta, seed);
  }

  public TrainingConfig withBatch(int micro, int accumulate) {
    return new TrainingConfig(lora, learningRate, schedule, warmupRatio, steps, micro, accumulate, maxGradNorm, weightDecay, beta1, beta2, epsilon, dpoBeta, seed);
  }

  public TrainingConfig withLora(LoraConfig l) {
    return new TrainingConfig(l, learningRate, schedule, warmupRatio, steps, microBatch, accumulation, maxGradNorm, weightDecay, beta1, beta2, epsilon, dpoBeta, seed);
  }

  public TrainingConfig withSchedule(Schedule s, double warmup) {
    return new TrainingConfig(lora, learningRate, s, warmup, steps, microBatch, accumulation, maxGradNorm, weightDecay, beta1, beta2, epsilon, dpoBeta, seed);
  }

  /** Warm-up steps: the ratio of all steps, rounded up. */
  public int warmupSteps() {
    return (int) Math.ceil(warmupRatio * steps);
  }

  /** The learning rate of optimizer step {@code step} (0-based), as Hugging Face's schedulers compute it. */
  public double learningRateAt(int step) {
    int warmup = warmupSteps();
    if (step < warmup) return learningRate * (step + 1) / (warmup + 1.0);
    if (schedule == Schedule.CONSTANT) return learningRate;
    double progress = (double) (step - warmup) / Math.max(1, steps - warmup);
    return learningRate * 0.5 * (1 + Math.cos(Math.PI * progress));
  }

  /** What looks wrong with these settings; empty when nothing does. */
  public List<String> warnings() {
    List<String> w = new ArrayList<>();
    if (learningRate < LOW / 10 || learningRate > HIGH * 10) {
      w.add(String.format("learning rate %.1e is far outside the range LoRA is known to train well with (%.0e to %.0e)", learningRate, LOW, HIGH));
    } else if (learningRate < LOW || learningRate > HIGH) {
      w.add(String.format("learning rate %.1e is outside the usual LoRA range (%.0e to %.0e)", learningRate, LOW, HIGH));
    }
    if (maxGradNorm > 10) w.add("max gradient norm " + maxGradNorm + " hardly clips anything (QLoRA uses 0.3)");
    return w;
  }
}
