package io.veritrace.trainer;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.reasoners.StepPrompt;
import io.veritrace.reasoners.local.LocalModel;
import io.veritrace.reasoners.local.LocalReasoner;
import io.veritrace.reasoners.local.Sampling;
import io.veritrace.trainer.qlora.LoraAdapters;
import io.veritrace.trainer.qlora.LoraConfig;
import io.veritrace.trainer.qlora.LoraTrainer;
import io.veritrace.trainer.qlora.Nf4Linear;
import io.veritrace.trainer.qlora.Preference;
import io.veritrace.trainer.qlora.Sequence;
import io.veritrace.trainer.qlora.TrainingConfig;
import io.veritrace.trainer.qlora.TrlDataset;
import io.veritrace.verifiers.CheckSuite;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One training round on exported datasets: QLoRA on the local model (NF4 base, LoRA on every
 * linear layer), SFT on {@code sft-train.jsonl}, then DPO on {@code dpo-train.jsonl} when asked;
 * then the evaluation gate, which runs the model's first round through the standard checks with
 * and without the adapter on the held-out failure prompts ({@code dpo-eval.jsonl}: each comes from
 * a trace whose first answer failed) and on replay questions; finally the adapter goes into the
 * registry, promoted or rejected, with the decision journalled. Both {@code ./veritrace train} and
 * the trainer coordinator run this, so a round by hand and a round on a tick are the same round.
 */
public final class TrainingRound {

  /**
   * What a round trains with and how it is gated.
   *
   * @param steps SFT optimizer steps
   * @param dpoSteps DPO steps after SFT, 0 for none
   * @param evalPrompts prompts per gate set
   * @param maxTokens longer examples are skipped
   * @param maxNewTokens tokens per answer in the gate
   */
  public record Settings(int steps, int dpoSteps, double lr, int rank, double alpha, double dropout, int batch, int accumulation,
      int maxTokens, int evalPrompts, double margin, int maxNewTokens, long seed) {

    /** The QLoRA reference's defaults (r 64, alpha 16, dropout 0.05, lr 2e-4), 100 SFT steps, a 1-point margin. */
    public static final Settings DEFAULT = new Settings(100, 0, 2e-4, 64, 16, 0.05, 4, 4, 1024, 20, 1.0, 256, 42);
  }

  /** The registered version and the gate's decision on it. */
  public record Result(String version, EvaluationGate.Decision decision, String serving) {}

  private final Settings settings;
  private final TrainingConfig config;
  private final EvaluationGate gate;

  /** @throws IllegalArgumentException when a setting is out of range */
  public TrainingRound(Settings settings) {
    this.settings = settings;
    LoraConfig lora = new LoraConfig(settings.rank(), settings.alpha(), settings.dropout(), LoraConfig.ALL_LINEAR);
    this.config = TrainingConfig.defaults(settings.steps()).withLora(lora).withLearningRate(settings.lr())
        .withBatch(settings.batch(), settings.accumulation());
    this.gate = new EvaluationGate(settings.margin());
  }

  /**
   * Trains on the datasets in {@code data}, gates and registers the adapter.
   *
   * @param replay GSM8K-layout questions for the gate's replay set
   * @throws IllegalArgumentException when the datasets are missing or have nothing to train or gate on
   */
  public Result run(Path model, Path data, AdapterRegistry registry, Path replay, PrintStream err) throws IOException {
    return run(model, Device.cpu(), data, registry, replay, "", err);
  }

  /**
   * As {@link #run(Path, Path, AdapterRegistry, Path, PrintStream)}, training on {@code device}
   * (fp32 weights there too) and registering the version as trained on {@code source}.
   */
  public Result run(Path model, Device device, Path data, AdapterRegistry registry, Path replay, String source, PrintStream err)
      throws IOException {
    Path sft = data.resolve("sft-train.jsonl"), dpo = data.resolve("dpo-train.jsonl"), heldOutFile = data.resolve("dpo-eval.jsonl");
    if (!Files.isRegularFile(sft)) throw new IllegalArgumentException(sft + " is missing: run ./veritrace export --out " + data + " first");
    if (!Files.isRegularFile(heldOutFile)) throw new IllegalArgumentException(heldOutFile + " is missing: the gate needs held-out failure prompts");
    List<String> heldOut = TrlDataset.questions(heldOutFile).stream().limit(settings.evalPrompts()).toList();
    List<String> replayQuestions = Gsm8kReplay.load(replay).stream().map(DatasetBuilder.ReplayExample::prompt).limit(settings.evalPrompts()).toList();
    if (heldOut.isEmpty()) throw new IllegalArgumentException(heldOutFile + " has no prompts");

    LoraAdapters adapters = new LoraAdapters(config.lora(), Nf4Linear.PROJECTIONS, settings.seed());
    err.printf("loading %s on %s with NF4 base weights and LoRA r %d...%n", model, device, settings.rank());
    LocalModel local = LocalModel.load(model, device, DataType.FLOAT32, null, adapters);
    Path trained = Files.createTempDirectory(registry.root(), "training-");
    try (LocalReasoner reasoner = new LocalReasoner(local, Sampling.greedy(settings.maxNewTokens()))) {
      TrlDataset reader = new TrlDataset(StepPrompt.SYSTEM, local.template(), local.tokenizer(), settings.maxTokens());
      List<Sequence> sftData = reader.sft(sft);
      List<Preference> dpoData = settings.dpoSteps() > 0 && Files.isRegularFile(dpo) ? reader.dpo(dpo) : List.of();
      if (reader.skipped() > 0) err.printf("skipped %d examples longer than %d tokens%n", reader.skipped(), settings.maxTokens());
      if (sftData.isEmpty()) throw new IllegalArgumentException(sft + " has no usable examples");
      err.printf("SFT: %d examples, %d steps%n", sftData.size(), settings.steps());
      try (LoraTrainer trainer = new LoraTrainer(local.llama(), adapters, config, err)) {
        trainer.sft(sftData);
        trainer.checkpoint(trained, model.toString());
      }
      if (!dpoData.isEmpty()) {
        err.printf("DPO: %d pairs, %d steps%n", dpoData.size(), settings.dpoSteps());
        try (LoraTrainer trainer = new LoraTrainer(local.llama(), adapters, config.withSteps(settings.dpoSteps()), err)) {
          trainer.dpo(dpoData);
          trainer.checkpoint(trained, model.toString());
        }
      }
      CheckSuite suite = CheckSuite.standard();
      err.printf("gate: first rounds on %d held-out failure prompts and %d replay questions, with and without the adapter%n",
          heldOut.size(), replayQuestions.size());
      int[] counter = {0};
      EvaluationGate.Decision decision = gate.decide("candidate", heldOut, replayQuestions, (question, withAdapter) -> {
        adapters.enabled(withAdapter);
        try {
          Query query = Query.of("gate-" + counter[0]++, question);
          Proposal p = reasoner.propose(ReasonerRequest.first(query)).toCompletableFuture().get(10, TimeUnit.MINUTES);
          return CheckSuite.judge(query, p, suite.check(query, p)) == Outcome.VERIFIED;
        } catch (Exception e) {
          throw new IllegalStateException("gate evaluation failed on \"" + question + "\": " + e.getMessage(), e);
        } finally {
          adapters.enabled(true);
        }
      });
      String version = registry.submit(trained, decision, source);
      return new Result(version, decision, registry.serving().orElse("none (the base model)"));
    } finally {
      try (var files = Files.walk(trained)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
