package io.veritrace.actors;

import io.veritrace.reasoners.local.RandomCheckpoint;
import io.veritrace.trainer.DatasetBuilder;
import io.veritrace.trainer.TrainingRound;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** A trainer small enough for tests: a tiny random model over Tom's apples and rounds of seconds. */
public final class TinyTrainer {
  private TinyTrainer() {}

  /**
   * Writes the model and a one-question replay file under {@code dir}; the coordinator ticks
   * only when told ({@code Tick}), its timer being an hour.
   */
  public static TrainerCoordinator.Settings settings(Path dir, int threshold) throws IOException {
    List<String> words = new ArrayList<>(List.of("<<", ">>", "=", "+", "-", "####", ".", "?", "Tom", "has", "apples", "gives", "away", "how", "many", "left"));
    for (int i = 0; i <= 40; i++) words.add(Integer.toString(i));
    Path model = dir.resolve("tiny-llama");
    RandomCheckpoint.writeTiny(model, words, 5);
    Path replay = dir.resolve("replay.jsonl");
    Files.writeString(replay, "{\"question\": \"Tom has 2 apples . how many ?\", \"answer\": \"#### 2\"}\n");
    // a tiny round: two steps of rank 4, two gate prompts of six tokens
    TrainingRound.Settings round = new TrainingRound.Settings(2, 0, 2e-4, 4, 8, 0.05, 1, 1, 1024, 2, 1.0, 6, 42);
    // half the prompts held out, so a handful of traces leaves failure prompts for the gate
    DatasetBuilder.Options datasets = new DatasetBuilder.Options(EnumSet.allOf(DatasetBuilder.Kind.class), 0.15, 50, 1);
    return new TrainerCoordinator.Settings("trainer", threshold, Duration.ofHours(1), model, dir.resolve("adapters"), dir.resolve("rounds"),
        replay, datasets, round);
  }
}
