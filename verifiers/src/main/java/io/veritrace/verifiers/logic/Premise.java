package io.veritrace.verifiers.logic;

import java.util.Objects;

/**
 * One premise as given.
 *
 * @param number its position in the input, counting from 1 as people do (empty premises keep
 *     their number, so the others are not renumbered)
 * @param formula the formula as written
 * @param gloss its natural-language reading; empty when none was given
 */
public record Premise(int number, String formula, String gloss) {
  public Premise {
    Objects.requireNonNull(formula, "formula");
    gloss = gloss == null ? "" : gloss.strip();
  }

  /** {@code premise 3 “All dogs bark.”}, or with the formula when there is no gloss. */
  public String named() {
    return "premise " + number + (gloss.isEmpty() ? " (" + formula.strip() + ")" : " “" + gloss + "”");
  }
}
