package io.veritrace.reasoners.simulated;

import io.veritrace.core.Outcome;

/** Something the simulated reasoner can be asked, with the truth to judge the outcome by. */
public sealed interface SimulatedTask permits WordProblem, LogicStory {

  /** The question as the user asks it. */
  String question();

  /** The outcome a correct runtime reaches. */
  Outcome expected();

  /** The answer text a correct VERIFIED outcome gives; empty when the right outcome abstains. */
  String answerText();
}
