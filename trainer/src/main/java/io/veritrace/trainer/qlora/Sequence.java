package io.veritrace.trainer.qlora;

import io.veritrace.core.Turn;
import io.veritrace.reasoners.local.ChatTemplate;
import io.veritrace.reasoners.local.ModelTokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * A prompt and the completion trained on it, as token ids. Only the completion is scored: the
 * loss never asks the model to predict its prompt.
 */
public record Sequence(int[] prompt, int[] completion) {

  public Sequence {
    if (prompt.length == 0) throw new IllegalArgumentException("empty prompt");
    if (completion.length == 0) throw new IllegalArgumentException("empty completion");
    prompt = prompt.clone();
    completion = completion.clone();
  }

  /**
   * The conversation rendered exactly as serving renders it ({@link ChatTemplate#render}, ending
   * with the assistant's opening), followed by the reply and the template's end-of-turn token,
   * which the model must learn to produce to stop. Prompt and completion are tokenised
   * separately, so the prompt's tokens are those serving feeds the model.
   */
  public static Sequence of(List<Turn> conversation, String reply, ChatTemplate template, ModelTokenizer tokenizer) {
    return new Sequence(tokenizer.encode(template.render(conversation)), tokenizer.encode(reply + template.endOfTurn()));
  }

  public int length() {
    return prompt.length + completion.length;
  }

  /** Prompt then completion. */
  public int[] tokens() {
    int[] all = Arrays.copyOf(prompt, length());
    System.arraycopy(completion, 0, all, prompt.length, completion.length);
    return all;
  }

  @Override
  public int[] prompt() {
    return prompt.clone();
  }

  @Override
  public int[] completion() {
    return completion.clone();
  }
}
