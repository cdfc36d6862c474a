package io.veritrace.reasoners.simulated;

import io.veritrace.core.Claim;
import io.veritrace.core.Outcome;
import java.math.BigInteger;
import java.util.List;

/**
 * A generated arithmetic word problem with its ground truth.
 *
 * @param question the text a user would ask
 * @param variant answerable, missing a quantity, or contradictory
 * @param givens the quantities the question states, each quoting its sentence
 * @param operations the correct solution, one operation a step, on a running total
 * @param answer the correct answer (meaningful for ANSWERABLE only)
 * @param missing for MISSING_QUANTITY: what the question never gives; else empty
 * @param conflict for CONTRADICTORY: the two statements that disagree; else empty
 */
public record WordProblem(
    String question,
    Variant variant,
    List<Claim.Given> givens,
    List<Operation> operations,
    BigInteger answer,
    String missing,
    List<String> conflict)
    implements SimulatedTask {

  public WordProblem {
    givens = List.copyOf(givens);
    operations = List.copyOf(operations);
    conflict = List.copyOf(conflict);
  }

  @Override
  public Outcome expected() {
    return variant.expected();
  }

  @Override
  public String answerText() {
    return variant == Variant.ANSWERABLE ? answer.toString() : "";
  }

  /**
   * One step of the solution: {@code before op operand = after}, where the operand is a given
   * (its index in {@code givens}) or, for the missing variant, the quantity nobody stated (-1).
   */
  public record Operation(char op, int given, BigInteger operand, String description) {}
}
