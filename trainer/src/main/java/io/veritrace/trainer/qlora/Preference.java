package io.veritrace.trainer.qlora;

/** A DPO example: one prompt, the completion preferred and the one rejected. */
public record Preference(Sequence chosen, Sequence rejected) {

  public Preference {
    if (!java.util.Arrays.equals(chosen.prompt(), rejected.prompt())) {
      throw new IllegalArgumentException("chosen and rejected completions must follow the same prompt");
    }
  }
}
