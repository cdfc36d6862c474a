package io.veritrace.trainer.qlora;

import java.util.List;
import java.util.Set;

/**
 * Low-rank adapter settings, named as in PEFT's LoraConfig.
 *
 * @param r the rank
 * @param alpha the scale numerator: the update is (alpha / r) · B·A
 * @param dropout the dropout applied to the adapter's input while training
 * @param targetModules the short module names adapted (q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj)
 */
public record LoraConfig(int r, double alpha, double dropout, List<String> targetModules) {

  /** Every linear layer of a block, as QLoRA adapts them. */
  public static final List<String> ALL_LINEAR = List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

  /** The QLoRA reference's settings: r 64, alpha 16, dropout 0.05 (for models up to 13B), every linear layer. */
  public static final LoraConfig QLORA = new LoraConfig(64, 16, 0.05, ALL_LINEAR);

  public LoraConfig {
    if (r < 1) throw new IllegalArgumentException("LoRA rank must be >= 1: " + r);
    if (!(alpha > 0)) throw new IllegalArgumentException("lora_alpha must be > 0: " + alpha);
    if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("lora_dropout must be in [0, 1): " + dropout);
    targetModules = List.copyOf(targetModules);
    if (targetModules.isEmpty()) throw new IllegalArgumentException("no target modules");
    for (String t : targetModules) {
      if (!ALL_LINEAR.contains(t)) throw new IllegalArgumentException("unknown target module " + t + "; known: " + ALL_LINEAR);
    }
    if (Set.copyOf(targetModules).size() != targetModules.size()) throw new IllegalArgumentException("repeated target modules: " + targetModules);
  }

  /** alpha / r. */
  public double scale() {
    return alpha / r;
  }

  /** Whether the module (a full name such as model.layers.3.mlp.up_proj) is adapted. */
  public boolean targets(String module) {
    String last = module.substring(module.lastIndexOf('.') + 1);
    return targetModules.contains(last);
  }
}
