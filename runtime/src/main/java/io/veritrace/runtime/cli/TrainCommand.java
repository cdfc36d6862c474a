package io.veritrace.runtime.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.reasoners.StepPrompt;
import io.veritrace.reasoners.local.ChatTemplate;
import io.veritrace.reasoners.local.LocalModel;
import io.veritrace.reasoners.local.LocalReasoner;
import io.veritrace.reasoners.local.Sampling;
import io.veritrace.runtime.Journals;
import io.veritrace.trainer.AdapterRegistry;
import io.veritrace.trainer.EvaluationGate;
import io.veritrace.trainer.Gsm8kReplay;
import io.veritrace.trainer.qlora.LoraAdapters;
import io.veritrace.trainer.qlora.LoraConfig;
import io.veritrace.trainer.qlora.LoraTrainer;
import io.veritrace.trainer.qlora.Nf4Linear;
import io.veritrace.trainer.qlora.Preference;
import io.veritrace.trainer.qlora.Sequence;
import io.veritrace.trainer.qlora.TrainingConfig;
import io.veritrace.trainer.qlora.TrlDataset;
import io.veritrace.verifiers.CheckSuite;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * {@code veritrace train --model DIR --data DIR}: one training round by hand. QLoRA on the local
 * model (NF4 base, LoRA on every linear layer): SFT on {@code sft-train.jsonl}, then DPO on
 * {@code dpo-train.jsonl} when asked; then the evaluation gate, which runs the model's first round
 * through the standard checks with and without the adapter on the held-out failure prompts
 * ({@code dpo-eval.jsonl}: each comes from a trace whose first answer failed) and on GSM8K replay
 * questions; finally the adapter goes into the registry, promoted or rejected, with the decision
 * journalled. Progress on stderr.
 */
@CommandLine.Command(name = "train", sortOptions = false,
    description = "Train a QLoRA adapter on exported datasets, gate it on held-out failures and replay, and register it.")
public final class TrainCommand extends Command {

  @CommandLine.Option(names = "--model", paramLabel = "DIR", required = true, description = "the local model folder (Hugging Face layout)")
  private String model;

  @CommandLine.Option(names = "--data", paramLabel = "DIR", required = true, description = "datasets written by ./veritrace export")
  private String data;

  @CommandLine.Option(names = "--registry", paramLabel = "DIR", defaultValue = "var/adapters", description = "the adapter registry (default: ${DEFAULT-VALUE})")
  private String registry;

  @CommandLine.Option(names = "--steps", paramLabel = "N", defaultValue = "100", description = "SFT optimizer steps (default: ${DEFAULT-VALUE})")
  private int steps;

  @CommandLine.Option(names = "--dpo-steps", paramLabel = "N", defaultValue = "0", description = "DPO steps after SFT, 0 for none (default: ${DEFAULT-VALUE})")
  private int dpoSteps;

  @CommandLine.Option(names = "--lr", paramLabel = "RATE", defaultValue = "2e-4", description = "peak learning rate (default: ${DEFAULT-VALUE})")
  private double lr;

  @CommandLine.Option(names = "--rank", paramLabel = "R", defaultValue = "64", description = "LoRA rank (default: ${DEFAULT-VALUE})")
  private int rank;

  @CommandLine.Option(names = "--alpha", paramLabel = "A", defaultValue = "16", description = "LoRA alpha (default: ${DEFAULT-VALUE})")
  private double alpha;

  @CommandLine.Option(names = "--dropout", paramLabel = "P", defaultValue = "0.05", description = "LoRA dropout (default: ${DEFAULT-VALUE})")
  private double dropout;

  @CommandLine.Option(names = "--batch", paramLabel = "N", defaultValue = "4", description = "sequences per micro-batch (default: ${DEFAULT-VALUE})")
  private int batch;

  @CommandLine.Option(names = "--accumulation", paramLabel = "N", defaultValue = "4", description = "micro-batches per step (default: ${DEFAULT-VALUE})")
  private int accumulation;

  @CommandLine.Option(names = "--max-tokens", paramLabel = "N", defaultValue = "1024", description = "longer examples are skipped (default: ${DEFAULT-VALUE})")
  private int maxTokens;

  @CommandLine.Option(names = "--replay", paramLabel = "FILE", defaultValue = "data/gsm8k/train.jsonl",
      description = "questions for the gate's replay set (default: ${DEFAULT-VALUE})")
  private String replay;

  @CommandLine.Option(names = "--eval-prompts", paramLabel = "N", defaultValue = "20", description = "prompts per gate set (default: ${DEFAULT-VALUE})")
  private int evalPrompts;

  @CommandLine.Option(names = "--margin", paramLabel = "POINTS", defaultValue = "1.0", description = "largest replay drop allowed, in points (default: ${DEFAULT-VALUE})")
  private double margin;

  @CommandLine.Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "256", description = "tokens per answer in the gate (default: ${DEFAULT-VALUE})")
  private int maxNewTokens;

  @CommandLine.Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "seed of initialisation, data order and dropout (default: ${DEFAULT-VALUE})")
  private long seed;

  @Override
  protected int execute(InputStream in, PrintStream out, PrintStream err) throws Exception {
    Path dataDir = Path.of(data), sft = dataDir.resolve("sft-train.jsonl"), dpo = dataDir.resolve("dpo-train.jsonl");
    Path heldOutFile = dataDir.resolve("dpo-eval.jsonl");
    if (!Files.isRegularFile(sft)) throw new UsageException(sft + " is missing: run ./veritrace export --out " + data + " first");
    if (!Files.isRegularFile(heldOutFile)) throw new UsageException(heldOutFile + " is missing: the gate needs held-out failure prompts");
    TrainingConfig config;
    EvaluationGate gate;
    try {
      LoraConfig lora = new LoraConfig(rank, alpha, dropout, LoraConfig.ALL_LINEAR);
      config = TrainingConfig.defaults(steps).withLora(lora).withLearningRate(lr).withBatch(batch, accumulation);
      gate = new EvaluationGate(margin);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    List<String> heldOut = TrlDataset.questions(heldOutFile).stream().limit(evalPrompts).toList();
    List<String> replayQuestions = Gsm8kReplay.load(Journals.resolve(replay)).stream()
        .map(r -> r.prompt()).limit(evalPrompts).toList();
    if (heldOut.isEmpty()) throw new UsageException(heldOutFile + " has no prompts");

    AdapterRegistry adapterRegistry = new AdapterRegistry(Path.of(registry));
    LoraAdapters adapters = new LoraAdapters(config.lora(), Nf4Linear.PROJECTIONS, seed);
    err.printf("loading %s with NF4 base weights and LoRA r %d...%n", model, rank);
    LocalModel local = LocalModel.load(Path.of(model), Device.cpu(), DataType.FLOAT32, null, adapters);
    Path trained = Files.createTempDirectory(Path.of(registry), "training-");
    try (LocalReasoner reasoner = new LocalReasoner(local, Sampling.greedy(maxNewTokens))) {
      TrlDataset reader = new TrlDataset(StepPrompt.SYSTEM, local.template(), local.tokenizer(), maxTokens);
      List<Sequence> sftData = reader.sft(sft);
      List<Preference> dpoData = dpoSteps > 0 && Files.isRegularFile(dpo) ? reader.dpo(dpo) : List.of();
      if (reader.skipped() > 0) err.printf("skipped %d examples longer than %d tokens%n", reader.skipped(), maxTokens);
      if (sftData.isEmpty()) throw new UsageException(sft + " has no usable examples");
      err.printf("SFT: %d examples, %d steps%n", sftData.size(), steps);
      try (LoraTrainer trainer = new LoraTrainer(local.llama(), adapters, config, err)) {
        trainer.sft(sftData);
        trainer.checkpoint(trained, model);
      }
      if (!dpoData.isEmpty()) {
        err.printf("DPO: %d pairs, %d steps%n", dpoData.size(), dpoSteps);
        try (LoraTrainer trainer = new LoraTrainer(local.llama(), adapters, config.withSteps(dpoSteps), err)) {
          trainer.dpo(dpoData);
          trainer.checkpoint(trained, model);
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
      String version = adapterRegistry.submit(trained, gate, decision);
      out.printf("%s %s: %s%n", version, decision.promoted() ? "promoted" : "rejected", decision.reason());
      out.println("serving: " + adapterRegistry.serving().orElse("none (the base model)"));
    } finally {
      try (var files = Files.walk(trained)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return 0;
  }
}
