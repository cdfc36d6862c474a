package io.veritrace.trainer.qlora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.veritrace.reasoners.local.HostTensor;
import io.veritrace.reasoners.local.Llama;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoraTrainerTest {

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final PrintStream progress = new PrintStream(log, true, StandardCharsets.UTF_8);

  private static float[] baseLogits(Llama model, LoraAdapters adapters, int[][] tokens) {
    adapters.enabled(false);
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      return model.logits(m, tokens).toFloatArray();
    } finally {
      adapters.enabled(true);
    }
  }

  @Test
  void sftLossFallsOnAnNf4ModelAndTheBaseStaysFrozen() {
    List<Sequence> data = TinyModel.sequences(11, 6);
    LoraAdapters adapters = new LoraAdapters(TinyModel.lora(0.05), Nf4Linear.PROJECTIONS, 3);
    int[][] probe = {data.get(0).tokens()};
    try (Llama model = TinyModel.load(adapters); LoraTrainer trainer = new LoraTrainer(model, adapters, TinyModel.training(20, 2e-2).withBatch(3, 1), progress)) {
      float[] before = baseLogits(model, adapters, probe);
      List<StepReport> reports = trainer.sft(data);
      assertEquals(20, reports.size());
      double first = (reports.get(0).loss() + reports.get(1).loss()) / 2, last = (reports.get(18).loss() + reports.get(19).loss()) / 2;
      assertTrue(last < first * 0.6, "SFT loss " + first + " → " + last);
      assertArrayEquals(before, baseLogits(model, adapters, probe), "only the adapters train");
      String out = log.toString(StandardCharsets.UTF_8);
      assertTrue(out.contains("warning: learning rate 2.0e-02 is far outside the range LoRA is known to train well with"), out);
      assertTrue(out.matches("(?s).*step 20/20  loss \\d+\\.\\d+  lr 2\\.00e-02  \\|g\\| \\d+\\.\\d+  \\d+ tokens/s  ETA 0:00:00.*"), out);
    }
  }

  /** Chosen completions start with token 7, rejected ones with 8: a preference the adapter can learn. */
  private static List<Preference> preferences(long seed, int count) {
    Random rnd = new Random(seed);
    List<Preference> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int[] prompt = TinyModel.ids(rnd, 4);
      int[] tail = TinyModel.ids(rnd, 3);
      int[] chosen = {7, tail[0], tail[1], tail[2]}, rejected = {8, tail[0], tail[1], tail[2]};
      out.add(new Preference(new Sequence(prompt, chosen), new Sequence(prompt, rejected)));
    }
    return out;
  }

  @Test
  void dpoRaisesTheMarginAndTheRewardAccuracy() {
    List<Preference> data = preferences(5, 8);
    LoraAdapters adapters = new LoraAdapters(TinyModel.lora(0), Nf4Linear.PROJECTIONS, 4);
    try (Llama model = TinyModel.load(adapters); LoraTrainer trainer = new LoraTrainer(model, adapters, TinyModel.training(12, 1e-2).withBatch(4, 1), progress)) {
      List<StepReport> r = trainer.dpo(data);
      StepReport first = r.get(0), last = r.get(r.size() - 1);
      // B = 0 at the start: the policy is the reference, every reward 0, the loss log 2
      assertEquals(Math.log(2), first.loss(), 1e-5);
      assertEquals(0.0, first.rewardAccuracy());
      assertEquals(0.0, first.rewardMargin(), 1e-6);
      assertTrue(last.rewardMargin() > 0.05, "margin " + last.rewardMargin());
      assertEquals(1.0, last.rewardAccuracy());
      assertTrue(last.loss() < first.loss(), first.loss() + " → " + last.loss());
      assertTrue(log.toString(StandardCharsets.UTF_8).contains("reward acc 1.00 margin"));
    }
  }

  @Test
  void aResumedRunContinuesExactlyAsTheUnbrokenOne(@TempDir Path dir) throws Exception {
    List<Sequence> data = TinyModel.sequences(12, 5); // 5 examples, micro-batches of 2: epochs straddle steps
    TrainingConfig config = TinyModel.training(4, 5e-3).withLora(TinyModel.lora(0.1)).withSchedule(TrainingConfig.Schedule.COSINE, 0.25);
    Map<String, HostTensor> unbroken;
    LoraAdapters a1 = new LoraAdapters(config.lora(), Nf4Linear.PROJECTIONS, 9);
    try (Llama model = TinyModel.load(a1); LoraTrainer t = new LoraTrainer(model, a1, config, progress)) {
      t.sft(data);
      unbroken = a1.snapshot();
    }
    LoraAdapters a2 = new LoraAdapters(config.lora(), Nf4Linear.PROJECTIONS, 9);
    try (Llama model = TinyModel.load(a2); LoraTrainer t = new LoraTrainer(model, a2, config.withSteps(2), progress)) {
      t.sft(data);
      t.checkpoint(dir, "tiny");
    }
    LoraAdapters a3 = new LoraAdapters(config.lora(), Nf4Linear.PROJECTIONS, 100); // a different init, overwritten by the resume
    try (Llama model = TinyModel.load(a3); LoraTrainer t = new LoraTrainer(model, a3, config, progress)) {
      t.resume(dir);
      assertEquals(2, t.step());
      assertEquals(2, t.sft(data).size());
      Map<String, HostTensor> resumed = a3.snapshot();
      unbroken.forEach((name, tensor) -> assertArrayEquals(tensor.values(), resumed.get(name).values(), name));
    }
  }

  @Test
  void adaptersRoundTripThroughPeftFiles(@TempDir Path dir) throws Exception {
    LoraAdapters adapters = new LoraAdapters(TinyModel.lora(0), Llama.DENSE, 5);
    int[][] probe = {{9, 10, 11, 12, 13}};
    try (Llama model = TinyModel.load(adapters); LoraTrainer trainer = new LoraTrainer(model, adapters, TinyModel.training(3, 1e-2), progress)) {
      trainer.sft(TinyModel.sequences(3, 4));
      new PeftAdapter(adapters.config(), "tiny-llama", adapters.snapshot()).write(dir);
      float[] trained;
      try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
        trained = model.logits(m, probe).toFloatArray();
      }
      String config = Files.readString(dir.resolve(PeftAdapter.CONFIG));
      assertTrue(config.contains("\"peft_type\" : \"LORA\"") && config.contains("\"lora_alpha\" : 8.0") && config.contains("\"r\" : 4"), config);
      PeftAdapter back = PeftAdapter.read(dir);
      assertEquals(adapters.config(), back.config());
      assertEquals("tiny-llama", back.baseModel());
      LoraAdapters fresh = new LoraAdapters(back.config(), Llama.DENSE, 77);
      try (Llama other = TinyModel.load(fresh); NDManager m = NDManager.newBaseManager(Device.cpu())) {
        fresh.load(back.tensors());
        assertArrayEquals(trained, other.logits(m, probe).toFloatArray());
      }
    }
  }

  @Test
  void peftFeaturesWeDoNotImplementAreRefusedByName(@TempDir Path dir) throws Exception {
    LoraAdapters adapters = new LoraAdapters(TinyModel.lora(0), Llama.DENSE, 5);
    try (Llama ignored = TinyModel.load(adapters)) {
      new PeftAdapter(adapters.config(), "tiny", adapters.snapshot()).write(dir);
    }
    Path config = dir.resolve(PeftAdapter.CONFIG);
    String original = Files.readString(config);
    for (String[] change : new String[][] {{"\"use_dora\" : false", "\"use_dora\" : true", "use_dora"},
        {"\"use_rslora\" : false", "\"use_rslora\" : true", "use_rslora"}, {"\"bias\" : \"none\"", "\"bias\" : \"all\"", "bias"}}) {
      Files.writeString(config, original.replace(change[0], change[1]));
      java.io.IOException e = assertThrows(java.io.IOException.class, () -> PeftAdapter.read(dir));
      assertTrue(e.getMessage().contains(change[2]), e.getMessage());
    }
    Files.delete(dir.resolve(PeftAdapter.WEIGHTS));
    Files.writeString(config, original);
    assertTrue(assertThrows(java.io.IOException.class, () -> PeftAdapter.read(dir)).getMessage().contains(PeftAdapter.WEIGHTS));
  }

  @Test
  void onlyCompletionTokensAreScored() {
    LoraAdapters adapters = new LoraAdapters(TinyModel.lora(0), Llama.DENSE, 5);
    try (Llama model = TinyModel.load(adapters); NDManager m = NDManager.newBaseManager(Device.cpu())) {
      Sequence a = new Sequence(new int[] {9, 10, 11, 12}, new int[] {20, 21});
      Sequence b = new Sequence(new int[] {30, 31, 32, 33}, new int[] {20, 21}); // another prompt, same completion
      Sequence longer = new Sequence(new int[] {9}, new int[] {20, 21, 22, 23, 24, 25, 26});
      SequenceLogProbs lp = SequenceLogProbs.of(model, m, List.of(a, b, longer));
      assertEquals(2 + 2 + 7, lp.scored());
      float[] sums = lp.sums().toFloatArray();
      assertTrue(sums[0] < 0 && sums[1] < 0 && sums[0] != sums[1], "prompt conditions the completion: " + sums[0] + " " + sums[1]);
      // padding after a short sequence changes nothing: a alone gives the same sum
      assertEquals(sums[0], SequenceLogProbs.of(model, m, List.of(a)).sums().toFloatArray()[0], 1e-5);
    }
  }

  @Test
  void learningRatesFarFromKnownGoodOnesAreWarnedAbout() {
    assertTrue(TrainingConfig.defaults(10).warnings().isEmpty());
    assertTrue(TrainingConfig.defaults(10).withLearningRate(0.5).warnings().get(0).contains("far outside"));
    assertTrue(TrainingConfig.defaults(10).withLearningRate(1e-8).warnings().get(0).contains("far outside"));
    assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults(10).withLearningRate(-1));
    TrainingConfig cosine = TrainingConfig.defaults(100).withSchedule(TrainingConfig.Schedule.COSINE, 0.1);
    assertEquals(2e-4 / 11, cosine.learningRateAt(0), 1e-12);
    assertEquals(2e-4, cosine.learningRateAt(10), 1e-12);
    assertEquals(1e-4, cosine.learningRateAt(55), 1e-12);
    assertEquals(2e-4, TrainingConfig.defaults(100).learningRateAt(99), 1e-12);
  }
}
