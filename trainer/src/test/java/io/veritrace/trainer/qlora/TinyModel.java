package io.veritrace.trainer.qlora;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.veritrace.reasoners.local.Llama;
import io.veritrace.reasoners.local.LlamaConfig;
import io.veritrace.reasoners.local.RandomWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A tiny random Llama (grouped-query attention, untied head) for the trainer's tests. */
final class TinyModel {

  static final LlamaConfig CONFIG = new LlamaConfig("llama", 48, 32, 64, 2, 4, 2, 8, 1e-5, 10000.0, null, 256, false, false, List.of());

  static final RandomWeights WEIGHTS = new RandomWeights(7, 0.08);

  private TinyModel() {}

  static Llama load(Llama.Projections projections) {
    return Llama.load(CONFIG, WEIGHTS, Device.cpu(), DataType.FLOAT32, projections);
  }

  /** Small adapters (r 4) for quick tests, on every linear layer. */
  static LoraConfig lora(double dropout) {
    return new LoraConfig(4, 8, dropout, LoraConfig.ALL_LINEAR);
  }

  static int[] ids(Random rnd, int n) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) ids[i] = 7 + rnd.nextInt(CONFIG.vocabSize() - 7);
    return ids;
  }

  /** {@code count} sequences with random prompts of 3 to 6 tokens and completions of 3 to 5. */
  static List<Sequence> sequences(long seed, int count) {
    Random rnd = new Random(seed);
    List<Sequence> out = new ArrayList<>();
    for (int i = 0; i < count; i++) out.add(new Sequence(ids(rnd, 3 + rnd.nextInt(4)), ids(rnd, 3 + rnd.nextInt(3))));
    return out;
  }

  static TrainingConfig training(int steps, double lr) {
    return TrainingConfig.defaults(steps).withLora(lora(0.0)).withLearningRate(lr).withBatch(2, 2).withSchedule(TrainingConfig.Schedule.CONSTANT, 0.0);
  }
}
