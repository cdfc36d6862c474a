package io.veritrace.reasoners.simulated;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.veritrace.core.Outcome;

/**
 * Something the simulated reasoner can be asked, with the truth to judge the outcome by. Written
 * to scenario files with a {@code kind} field naming the type.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = WordProblem.class, name = "word"),
  @JsonSubTypes.Type(value = LogicStory.class, name = "logic"),
  @JsonSubTypes.Type(value = RetrievalTask.class, name = "retrieval"),
  @JsonSubTypes.Type(value = PressuredTask.class, name = "pressured")
})
public sealed interface SimulatedTask permits WordProblem, LogicStory, RetrievalTask, PressuredTask {

  /** The question as the user asks it. */
  String question();

  /** The outcome a correct runtime reaches. */
  Outcome expected();

  /** The answer text a correct VERIFIED outcome gives; empty when the right outcome abstains. */
  String answerText();
}
