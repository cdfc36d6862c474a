package io.veritrace.simulations;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.veritrace.reasoners.local.HostTensor;
import io.veritrace.reasoners.local.Llama;
import io.veritrace.reasoners.local.RandomWeights;
import io.veritrace.trainer.qlora.LoraAdapters;
import io.veritrace.trainer.qlora.LoraConfig;
import io.veritrace.trainer.qlora.LoraTrainer;
import io.veritrace.trainer.qlora.Nf4Linear;
import io.veritrace.trainer.qlora.Nf4Tensor;
import io.veritrace.trainer.qlora.Sequence;
import io.veritrace.trainer.qlora.StepReport;
import io.veritrace.trainer.qlora.TrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * QLoRA training speed on the CPU at the size of SmolLM2-135M (random weights): NF4 base
 * weights, LoRA r 64 / alpha 16 / dropout 0.05 on every linear layer, SFT on sequences of
 * {@code length} tokens (half prompt, half completion), one sequence per step. The baseline,
 * measured in the same run before and after the training steps, is the forward pass alone on the
 * same model and the same sequences (no gradients, no optimizer): training tokens/s divided by
 * forward tokens/s is the figure. Also prints the NF4 bytes per quantised parameter (scales
 * included) and per parameter of the whole model (embeddings stay float32), and, last, the forward
 * pass of the same model with dense float32 weights: what dequantising NF4 on every call costs.
 *
 * <p>Run: {@code java -Xmx2g -Dai.djl.pytorch.num_threads=1 -cp "simulations/target/classes:simulations/target/lib/*"
 * io.veritrace.simulations.TrainerBench [steps] [length]} (defaults 6 and 128). One engine thread:
 * on a shared machine two spinning engine threads slowed both figures several times over.
 */
public final class TrainerBench {

  private TrainerBench() {}

  public static void main(String[] args) throws Exception {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    int length = args.length > 1 ? Integer.parseInt(args[1]) : 128;
    var config = LocalModelBench.SMOLLM2_135M;
    RandomWeights weights = new RandomWeights(1, 0.02);

    long quantised = 0, others = 0;
    for (Map.Entry<String, long[]> e : Llama.parameterShapes(config).entrySet()) {
      long n = HostTensor.elements(e.getValue());
      if (e.getKey().endsWith("_proj.weight")) quantised += n;
      else others += n;
    }
    long quantisedBytes = 0; // every layer has the same shapes: quantise one of each kind and scale
    for (int i = 0; i < 7; i++) {
      String name = "model.layers.0." + List.of("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
          "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj").get(i) + ".weight";
      Nf4Tensor q = Nf4Tensor.quantize(weights.load(name, Llama.parameterShapes(config).get(name)));
      quantisedBytes += q.bytes() * config.numHiddenLayers();
    }
    System.out.printf("NF4: %.4f bytes per quantised parameter (scales included); whole model %.3f bytes/parameter "
        + "(%,d quantised, %,d float32 embeddings and norms)%n", (double) quantisedBytes / quantised,
        (quantisedBytes + 4.0 * others) / (quantised + others), quantised, others);

    Random rnd = new Random(3);
    List<Sequence> data = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int[] prompt = new int[length / 2], completion = new int[length - length / 2];
      for (int j = 0; j < prompt.length; j++) prompt[j] = rnd.nextInt(config.vocabSize());
      for (int j = 0; j < completion.length; j++) completion[j] = rnd.nextInt(config.vocabSize());
      data.add(new Sequence(prompt, completion));
    }
    TrainingConfig training = TrainingConfig.defaults(steps).withBatch(1, 1);
    LoraAdapters adapters = new LoraAdapters(LoraConfig.QLORA, Nf4Linear.PROJECTIONS, 1);
    long t0 = System.nanoTime();
    try (Llama model = Llama.load(config, weights, Device.cpu(), DataType.FLOAT32, adapters)) {
      System.out.printf("loaded and quantised in %.1f s; %,d adapter parameters%n", (System.nanoTime() - t0) / 1e9,
          adapters.parameters().values().stream().mapToLong(a -> a.size()).sum());
      double[] before = forward(model, data, 3);
      System.out.printf("forward passes before training: %s s%n", Arrays.toString(before));
      List<StepReport> reports;
      try (LoraTrainer trainer = new LoraTrainer(model, adapters, training, System.err)) {
        reports = trainer.sft(data);
      }
      double[] after = forward(model, data, 3);
      double[] forwardSeconds = new double[before.length + after.length];
      System.arraycopy(before, 0, forwardSeconds, 0, before.length);
      System.arraycopy(after, 0, forwardSeconds, before.length, after.length);
      double[] stepSeconds = reports.stream().skip(1).mapToDouble(StepReport::seconds).toArray(); // the first warms up
      double forwardRate = length / median(forwardSeconds), trainRate = length / median(stepSeconds);
      System.out.printf("forward pass alone (NF4 + LoRA, no gradients): %.1f tokens/s (median of %d passes of %d tokens)%n",
          forwardRate, forwardSeconds.length, length);
      System.out.printf("QLoRA SFT training: %.1f tokens/s (median of %d steps) → %.2f of the forward pass's rate%n",
          trainRate, stepSeconds.length, trainRate / forwardRate);
    }
    // what dequantising on every call costs: the same forward pass with dense float32 weights
    try (Llama dense = Llama.load(config, weights, Device.cpu(), DataType.FLOAT32)) {
      double denseRate = length / median(forward(dense, data, 3));
      System.out.printf("forward pass with dense float32 weights: %.1f tokens/s%n", denseRate);
    }
  }

  private static double[] forward(Llama model, List<Sequence> data, int passes) {
    double[] seconds = new double[passes];
    for (int i = 0; i < passes; i++) {
      try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
        long t = System.nanoTime();
        model.logits(m, new int[][] {data.get(i % data.size()).tokens()}).get(0, 0, 0).getFloat(); // forces the computation
        seconds[i] = (System.nanoTime() - t) / 1e9;
      }
    }
    return seconds;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
