package io.veritrace.trainer.qlora;

/** Tensor names in PEFT's adapter_model.safetensors for a module named as in the base checkpoint. */
final class PeftNames {

  static final String PREFIX = "base_model.model.";

  private PeftNames() {}

  static String loraA(String module) {
    return PREFIX + module + ".lora_A.weight";
  }

  static String loraB(String module) {
    return PREFIX + module + ".lora_B.weight";
  }
}
