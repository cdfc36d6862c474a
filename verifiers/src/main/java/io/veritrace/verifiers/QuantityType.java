package io.veritrace.verifiers;

import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Verdict;
import io.veritrace.core.Verifier;
import io.veritrace.verifiers.arithmetic.ClaimedNumber;
import io.veritrace.verifiers.arithmetic.Quantities;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A count of discrete things cannot come out fractional: "how many students" answered 12.5 is a
 * wrong set-up somewhere. Only the question's "how many" with a countable noun is taken as a
 * count; measures (hours, dollars, miles, pounds...) may be fractional. A warning: the noun list
 * cannot be complete, and a fractional answer can still be what the question asks.
 */
public final class QuantityType implements Verifier {

  public static final String NAME = "quantity";

  private static final Pattern MEASURE = Pattern.compile(
      "(?i)(hours?|minutes?|seconds?|days?|weeks?|months?|years?|dollars?|cents?|euros?|pounds?|ounces?|"
          + "miles?|kilometers?|km|meters?|feet|foot|inches?|yards?|gallons?|liters?|litres?|cups?|grams?|kilograms?|kg|"
          + "calories|degrees|percent|points?|times|more|less|fewer|square|cubic|acres?|tons?|servings?|pieces?|slices?|"
          + "pizzas?|pies?|cakes?|bags?|boxes?|loaves|gallon|quarts?|pints?|lbs?|oz|teaspoons?|tablespoons?|sheets?|rolls?)");

  /** The word after the first "how many", or null; a plain scan, this runs on every answer. */
  static String countedNoun(String question) {
    int at = question.indexOf("ow many ");
    if (at < 0) at = question.indexOf("OW MANY ");
    if (at < 1 || (question.charAt(at - 1) != 'h' && question.charAt(at - 1) != 'H')) return null;
    int start = at + "ow many ".length();
    int end = start;
    while (end < question.length() && Character.isLetter(question.charAt(end))) end++;
    return end > start ? question.substring(start, end) : null;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Verdict> verify(Query query, Proposal proposal, List<Verdict> stepVerdicts) {
    if (proposal.stance() != Proposal.Stance.ANSWER) return List.of();
    String noun = countedNoun(query.question());
    if (noun == null || MEASURE.matcher(noun).matches()) return List.of();
    ClaimedNumber answer = Quantities.firstIn(proposal.answer());
    if (answer == null || answer.value().isInteger()) return List.of();
    int last = proposal.steps().isEmpty() ? -1 : proposal.steps().size() - 1;
    return List.of(Verdict.warn(NAME, Rules.QUANTITY_FRACTIONAL_COUNT, last,
        "the question asks how many " + noun + ", but the answer " + proposal.answer().strip()
            + " is not a whole number"));
  }
}
