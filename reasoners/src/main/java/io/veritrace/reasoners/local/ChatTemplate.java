package io.veritrace.reasoners.local;

import io.veritrace.core.Role;
import io.veritrace.core.Turn;
import java.util.List;
import java.util.Locale;

/**
 * How a conversation becomes the text a chat model was trained on, ending with the opening of the
 * assistant's turn, and which token closes that turn.
 */
public enum ChatTemplate {
  /** Qwen, SmolLM2 and many others: {@code <|im_start|>role\ntext<|im_end|>\n}. */
  CHATML("<|im_end|>") {
    @Override
    String turn(Role role, String text) {
      return "<|im_start|>" + roleName(role) + "\n" + text + "<|im_end|>\n";
    }

    @Override
    String begin() {
      return "";
    }

    @Override
    String assistantOpening() {
      return "<|im_start|>assistant\n";
    }
  },
  /** Llama 3: header tokens around the role, {@code <|eot_id|>} after each turn. */
  LLAMA3("<|eot_id|>") {
    @Override
    String turn(Role role, String text) {
      return "<|start_header_id|>" + roleName(role) + "<|end_header_id|>\n\n" + text.strip() + "<|eot_id|>";
    }

    @Override
    String begin() {
      return "<|begin_of_text|>";
    }

    @Override
    String assistantOpening() {
      return "<|start_header_id|>assistant<|end_header_id|>\n\n";
    }
  };

  private final String endOfTurn;

  ChatTemplate(String endOfTurn) {
    this.endOfTurn = endOfTurn;
  }

  abstract String turn(Role role, String text);

  abstract String begin();

  abstract String assistantOpening();

  /** The special token that ends the assistant's turn; generation stops there. */
  public String endOfTurn() {
    return endOfTurn;
  }

  /** The prompt for the assistant's next turn after {@code conversation}. */
  public String render(List<Turn> conversation) {
    StringBuilder sb = new StringBuilder(begin());
    for (Turn t : conversation) sb.append(turn(t.role(), t.text()));
    return sb.append(assistantOpening()).toString();
  }

  /**
   * The template a model folder uses, recognised from the Jinja template in its
   * tokenizer_config.json, or else from the special tokens its vocabulary has; null when neither
   * tells.
   */
  public static ChatTemplate recognise(String jinjaTemplate, ModelTokenizer tokenizer) {
    if (jinjaTemplate != null && jinjaTemplate.contains("<|im_start|>")) return CHATML;
    if (jinjaTemplate != null && jinjaTemplate.contains("<|start_header_id|>")) return LLAMA3;
    if (tokenizer.specialId("<|im_start|>") >= 0 && tokenizer.specialId("<|im_end|>") >= 0) return CHATML;
    if (tokenizer.specialId("<|start_header_id|>") >= 0 && tokenizer.specialId("<|eot_id|>") >= 0) return LLAMA3;
    return null;
  }

  private static String roleName(Role role) {
    return role.name().toLowerCase(Locale.ROOT);
  }
}
