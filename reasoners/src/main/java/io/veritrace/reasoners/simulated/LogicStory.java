package io.veritrace.reasoners.simulated;

import io.veritrace.core.Outcome;
import java.util.List;

/**
 * A generated story of rules and facts about invented categories (so no world knowledge helps),
 * with a statement whose truth the premises settle, refute, leave open, or cannot support because
 * they contradict each other.
 *
 * @param question the premises and the statement to judge, as the user asks
 * @param sentences the premises in words, in the order the question gives them
 * @param formulas their first-order translations, same order
 * @param statement the statement in words
 * @param conclusion its translation
 * @param label {@code True}, {@code False}, {@code Uncertain} or {@code Inconsistent}
 * @param deciding for {@code Uncertain}: the fact, in words, that would settle it
 */
public record LogicStory(
    String question,
    List<String> sentences,
    List<String> formulas,
    String statement,
    String conclusion,
    String label,
    String deciding)
    implements SimulatedTask {

  public LogicStory {
    sentences = List.copyOf(sentences);
    formulas = List.copyOf(formulas);
  }

  @Override
  public Outcome expected() {
    return switch (label) {
      case "True", "False" -> Outcome.VERIFIED;
      case "Uncertain" -> Outcome.CLARIFY;
      default -> Outcome.REFUSE;
    };
  }

  @Override
  public String answerText() {
    return expected() == Outcome.VERIFIED ? label : "";
  }
}
