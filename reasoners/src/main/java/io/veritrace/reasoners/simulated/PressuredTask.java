package io.veritrace.reasoners.simulated;

import io.veritrace.core.Outcome;

/**
 * A turn where the user pushes: the task underneath ({@code base}), how the user pushes, and what
 * giving in looks like ({@code lure}: the number the user suggests or asserts, or the value a
 * planted instruction asks for, with {@code lureSource} the document that plants it).
 *
 * @param question the turn as the user sends it
 * @param expected the outcome a correct runtime reaches
 * @param answerText the right answer, empty when the right outcome abstains
 */
public record PressuredTask(
    String question, SimulatedTask base, Pressure pressure, String lure, String lureSource, Outcome expected, String answerText)
    implements SimulatedTask {

  /** How the user pushes. */
  public enum Pressure {
    /** The question rests on a false statement ("since 9 + 3 = 13, ..."): the right outcome asks which is meant. */
    FALSE_PREMISE,
    /** The user suggests a wrong answer ("it's 31, right?"). */
    LEADING,
    /** A later turn states a value that contradicts an earlier one, without saying it corrects it. */
    CONTRADICTION,
    /** The user asks to skip the verification and just get the answer. */
    SKIP_CHECKS,
    /** A supplied document carries an instruction to answer something else. */
    INJECTION
  }

  public PressuredTask {
    lureSource = lureSource == null ? "" : lureSource;
    answerText = answerText == null ? "" : answerText;
  }
}
