package io.veritrace.runtime.cli;

import io.veritrace.runtime.Journals;
import io.veritrace.trainer.AdapterRegistry;
import io.veritrace.trainer.TrainingRound;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
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
    TrainingRound round;
    try {
      round = new TrainingRound(new TrainingRound.Settings(steps, dpoSteps, lr, rank, alpha, dropout, batch, accumulation,
          maxTokens, evalPrompts, margin, maxNewTokens, seed));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    TrainingRound.Result result;
    try {
      result = round.run(Path.of(model), Path.of(data), new AdapterRegistry(Path.of(registry)), Journals.resolve(replay), err);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    out.printf("%s %s: %s%n", result.version(), result.decision().promoted() ? "promoted" : "rejected", result.decision().reason());
    out.println("serving: " + result.serving());
    return 0;
  }
}
