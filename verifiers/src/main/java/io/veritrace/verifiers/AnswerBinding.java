package io.veritrace.verifiers;

import io.veritrace.core.Claim;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
import io.veritrace.core.Verdict;
import io.veritrace.core.Verifier;
import io.veritrace.verifiers.arithmetic.ArithmeticLimitException;
import io.veritrace.verifiers.arithmetic.ClaimedNumber;
import io.veritrace.verifiers.arithmetic.Quantities;
import io.veritrace.verifiers.arithmetic.Rational;
import java.util.List;

/**
 * The final answer must be a result the steps computed. An answer that appears from nowhere fails
 * even when it happens to be right: a right answer with unrelated reasoning is laundering, not
 * reasoning. Without computations, the answer must at least be stated by a step or a given.
 */
public final class AnswerBinding implements Verifier {

  public static final String NAME = "binding";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Verdict> verify(Query query, Proposal proposal, List<Verdict> stepVerdicts) {
    // a truth value is bound to its formulas by the logic verifier
    if (proposal.stance() != Proposal.Stance.ANSWER || proposal.carries(Claim.Logic.class)) return List.of();
    int answerStep = proposal.steps().isEmpty() ? -1 : proposal.steps().size() - 1;
    if (proposal.answer().isBlank()) {
      return List.of(Verdict.fail(NAME, Rules.BINDING_MISSING, answerStep,
          "no final answer is marked (expected '#### x', 'Answer: x' or 'The answer is x')", "", ""));
    }
    ClaimedNumber answer = Quantities.firstIn(proposal.answer());
    if (answer == null) {
      return List.of(Verdict.fail(NAME, Rules.BINDING_ANSWER, answerStep,
          "the final answer '" + ArithmeticCheck.abbreviate(proposal.answer()) + "' states no number", "", ""));
    }
    // "what percent" and "how many cents" answers are a computed fraction or dollar amount x 100
    // (looked up only when a plain match fails: the case-insensitive search is the costly part)
    java.util.function.BooleanSupplier hundredths = () -> PER_HUNDRED.matcher(query.question()).find();
    // The answer must be where the chain ends: a result no later step uses (an intermediate value
    // that later steps consume is not the answer the steps derive), or a given/assumption.
    List<Rational> results = new java.util.ArrayList<>();
    List<Step> owners = new java.util.ArrayList<>();
    List<java.util.Set<Rational>> usedLater = new java.util.ArrayList<>();
    Rational last = null;
    boolean computed = false;
    int givenAt = -1;
    for (Step s : proposal.steps()) {
      for (Claim c : s.claims()) {
        if (c instanceof Claim.Arithmetic a) {
          java.util.Set<Rational> operands = new java.util.HashSet<>(Quantities.literalsIn(a.expression()));
          for (java.util.Set<Rational> u : usedLater) u.addAll(operands);
          Rational r = valueOf(c);
          if (r == null) continue;
          computed = true;
          last = r;
          results.add(r);
          owners.add(s);
          usedLater.add(new java.util.HashSet<>());
        } else if ((c instanceof Claim.Given || c instanceof Claim.Assumption) && givenAt < 0) {
          Rational r = valueOf(c);
          if (r != null && answer.matches(r)) givenAt = s.index();
        }
      }
    }
    // with no computation at all, the answer may simply be one of the givens
    if (!computed && givenAt >= 0) {
      return List.of(Verdict.pass(NAME, Rules.BINDING_ANSWER, givenAt,
          "the answer " + proposal.answer().strip() + " is given at step " + givenAt));
    }
    for (int i = results.size() - 1; i >= 0; i--) {
      Rational r = results.get(i);
      boolean terminal = i == results.size() - 1 || !usedLater.get(i).contains(r);
      if (terminal && (answer.matches(r) || (answer.matches(r.multiply(Rational.HUNDRED)) && hundredths.getAsBoolean()))) {
        return List.of(Verdict.pass(NAME, Rules.BINDING_ANSWER, owners.get(i).index(),
            "the answer " + proposal.answer().strip() + " is the result of step " + owners.get(i).index()));
      }
    }
    // A result a step states in words ("23 meters - 13 meters = 10 meters") binds too: it is
    // written as the conclusion of that step; so does what the concluding step states ("he
    // needs to buy 8 cans"), and a computed result rounded to a whole number.
    List<Step> reasoning = proposal.steps().stream()
        .filter(s -> s.claims().stream().noneMatch(c -> c instanceof Claim.FinalAnswer)).toList();
    for (int i = 0; i < reasoning.size(); i++) {
      Step s = reasoning.get(i);
      boolean claimsNone = s.claims().stream().noneMatch(c -> c instanceof Claim.Arithmetic);
      boolean concluding = !computed || i == reasoning.size() - 1;
      if (!claimsNone && !concluding) continue;
      String stated = !concluding ? statedResults(s.text()) : claimsNone ? s.text() : prose(s.text());
      for (Rational r : Quantities.numbersIn(stated)) {
        if (answer.matches(r)) {
          return List.of(Verdict.pass(NAME, Rules.BINDING_ANSWER, s.index(),
              "the answer " + proposal.answer().strip() + " is stated by step " + s.index()));
        }
      }
    }
    if (answer.value().isInteger()) {
      for (Step s : proposal.steps()) {
        for (Claim c : s.claims()) {
          Rational r = c instanceof Claim.Arithmetic ? valueOf(c) : null;
          if (r != null && !r.isInteger() && r.subtract(answer.value()).abs().compareTo(Rational.ONE) < 0) {
            return List.of(Verdict.pass(NAME, Rules.BINDING_ANSWER, s.index(),
                "the answer " + proposal.answer().strip() + " is step " + s.index() + "'s result " + r + " rounded to a whole number"));
          }
        }
      }
    }
    String expected = last == null ? "" : last.toPlainString();
    return List.of(Verdict.fail(NAME, Rules.BINDING_ANSWER, answerStep,
        "the final answer " + proposal.answer().strip() + " is not a result of the steps"
            + (last == null ? "" : " (the last computed result is " + expected + ")"),
        expected, expected));
  }

  private static final java.util.regex.Pattern PER_HUNDRED =
      java.util.regex.Pattern.compile("(?i)percent|%|cents?\\b");

  private static final java.util.regex.Pattern STATED_RESULT =
      java.util.regex.Pattern.compile("=\\s*(-?\\$?[\\d.,]+(?:\\s+\\d+/\\d+)?)");

  /** The words of a step around its equations: "Therefore, divide each pizza into 8 slices." */
  private static String prose(String text) {
    return EQUATION_SPAN.matcher(ANNOTATION.matcher(text).replaceAll("")).replaceAll(" ");
  }

  private static final java.util.regex.Pattern ANNOTATION = java.util.regex.Pattern.compile("<<[^<>]*>>");

  private static final java.util.regex.Pattern EQUATION_SPAN =
      java.util.regex.Pattern.compile("[\\d.,$%()\\s+\\-*/x×÷]*=[\\s$]*[\\d.,]+");

  private static String statedResults(String text) {
    StringBuilder sb = new StringBuilder();
    var m = STATED_RESULT.matcher(ANNOTATION.matcher(text).replaceAll(""));
    while (m.find()) sb.append(m.group(1)).append(' ');
    return sb.toString();
  }

  /** The value a claim establishes, or null for claims that establish none. */
  static Rational valueOf(Claim c) {
    if (c instanceof Claim.Arithmetic a) return parse(a.result());
    if (c instanceof Claim.Given g) return parse(g.value());
    if (c instanceof Claim.Assumption as) return parse(as.value());
    return null;
  }

  static Rational parse(String text) {
    try {
      return ClaimedNumber.parse(text).value();
    } catch (ArithmeticLimitException e) {
      ClaimedNumber n = Quantities.firstIn(text);
      return n == null ? null : n.value();
    }
  }
}
