package io.veritrace.verifiers.logic;

import java.util.List;
import java.util.Objects;

/**
 * The evidence that the premises do not settle a conclusion, and the question it raises.
 *
 * @param question one question for the user, naming the fact that would settle it
 * @param deciding the ground atom the question asks about ({@code Performs(bonnie)}); empty when
 *     the models differ on nothing named
 * @param settles true when each answer to the question decides the conclusion
 * @param differences the ground atoms on which the model where the conclusion holds and the
 *     model where it fails disagree, each with its two values
 */
public record Clarification(
    String question, String deciding, boolean settles, List<String> differences) {
  public Clarification {
    Objects.requireNonNull(question, "question");
    deciding = deciding == null ? "" : deciding;
    differences = List.copyOf(differences);
  }
}
