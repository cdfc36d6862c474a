package io.veritrace.runtime;

import com.typesafe.config.Config;
import io.veritrace.actors.TrainerCoordinator;
import io.veritrace.trainer.DatasetBuilder;
import io.veritrace.trainer.TrainingRound;
import io.veritrace.trainer.qlora.LoraConfig;
import java.nio.file.Path;
import java.util.EnumSet;

/** The trainer's settings on a {@code serve} node, from {@code veritrace.trainer} (veritrace-defaults.conf). */
public final class TrainerSettings {
  private TrainerSettings() {}

  /**
   * The coordinator's and the rounds' settings.
   *
   * @param model the local model folder to train
   * @param registry the adapter registry rounds register in
   * @throws IllegalArgumentException naming the setting that is out of range
   */
  public static TrainerCoordinator.Settings settings(Config config, Path model, Path registry) {
    Config t = config.getConfig("veritrace.trainer");
    TrainingRound.Settings round = new TrainingRound.Settings(t.getInt("steps"), t.getInt("dpo-steps"), t.getDouble("lr"), t.getInt("rank"),
        t.getDouble("alpha"), t.getDouble("dropout"), t.getInt("batch"), t.getInt("accumulation"), t.getInt("max-tokens"),
        t.getInt("eval-prompts"), t.getDouble("margin"), t.getInt("max-new-tokens"), t.getLong("seed"));
    new TrainingRound(round); // checks the ranges now rather than at the first round
    DatasetBuilder.Options datasets = new DatasetBuilder.Options(EnumSet.allOf(DatasetBuilder.Kind.class), t.getDouble("replay-share"),
        t.getInt("eval-percent"), t.getLong("seed"));
    return new TrainerCoordinator.Settings(t.getString("consumer"), t.getInt("threshold"), t.getDuration("interval"), model, registry,
        Journals.resolve(t.getString("work")), Journals.resolve(t.getString("replay")), datasets, round);
  }

  /** The adapter layers a served model gets before anything is promoted: the shape the trainer trains. */
  public static LoraConfig adapterShape(Config config) {
    Config t = config.getConfig("veritrace.trainer");
    return new LoraConfig(t.getInt("rank"), t.getDouble("alpha"), t.getDouble("dropout"), LoraConfig.ALL_LINEAR);
  }
}
