package io.veritrace.reasoners.simulated;

import io.veritrace.core.Outcome;
import io.veritrace.core.Source;
import java.util.List;

/**
 * A question to answer from documents that come with it: generated product sheets with
 * near-identical neighbours (the same product line, other numbers and dates).
 *
 * @param question what the user asks
 * @param sources the documents handed over with the question
 * @param answered whether the sources contain the answer
 * @param answer the right answer sentence with its citation; empty when the sources lack it
 * @param value the specific the answer rests on (a price, a weight, a date, a person)
 * @param document the id of the document that has it
 * @param neighbour the id of a document about a sibling product
 * @param unknown what the sources do not say, for a question they cannot answer
 */
public record RetrievalTask(
    String question,
    List<Source> sources,
    boolean answered,
    String answer,
    String value,
    String document,
    String neighbour,
    String unknown)
    implements SimulatedTask {

  public RetrievalTask {
    sources = List.copyOf(sources);
  }

  @Override
  public Outcome expected() {
    return answered ? Outcome.VERIFIED : Outcome.CLARIFY;
  }

  @Override
  public String answerText() {
    return answered ? answer : "";
  }
}
