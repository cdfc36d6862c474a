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
import io.veritrace.verifiers.steps.StepReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The final answer must be a result the steps computed. An answer that appears from nowhere fails
 * even when it happens to be right: a right answer with unrelated reasoning is laundering, not
 * reasoning. A restated answer binds nothing ("Tom has 7 apples. #### 7"), nor does a given equal
 * to it; an answer must name one number ("7 or 8" and "7 thousand" do not), and every answer claim
 * must agree with the final answer. The pass covers the answer claims ({@link Verdict#covers}).
 * A truth value is bound to the logic translation that claims it.
 */
public final class AnswerBinding implements Verifier {

  public static final String NAME = "binding";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Verdict> verify(Query query, Proposal proposal, List<Verdict> stepVerdicts) {
    if (proposal.stance() != Proposal.Stance.ANSWER) return List.of();
    List<String> answerKeys = new ArrayList<>();
    List<Verdict> out = new ArrayList<>();
    String logicLabel = null;
    for (Step s : proposal.steps()) {
      for (int i = 0; i < s.claims().size(); i++) {
        Claim c = s.claims().get(i);
        if (c instanceof Claim.Logic l && logicLabel == null) logicLabel = l.label().isBlank() ? proposal.answer() : l.label();
        if (c instanceof Claim.FinalAnswer) answerKeys.add(Verdict.claimKey(s.index(), i));
      }
    }
    String[] keys = answerKeys.toArray(String[]::new);
    int answerStep = proposal.steps().isEmpty() ? -1 : proposal.steps().size() - 1;
    // a truth value is bound to its translation, whose label the logic verifier decides
    if (logicLabel != null && TRUTH.matcher(proposal.answer().strip()).matches()) {
      boolean agrees = logicLabel.strip().equalsIgnoreCase(proposal.answer().strip());
      return List.of(agrees
          ? Verdict.pass(NAME, Rules.BINDING_ANSWER, answerStep, "the answer " + proposal.answer().strip() + " is the label of the logic translation").covering(keys)
          : Verdict.fail(NAME, Rules.BINDING_ANSWER, answerStep, "the answer " + proposal.answer().strip()
              + " is not the label " + logicLabel + " the logic translation claims", logicLabel, logicLabel).covering(keys));
    }
    // an answer read from sources, with nothing computed, is bound to them by the grounding checks
    if (!query.sources().isEmpty() && !proposal.carries(Claim.Arithmetic.class)) return List.of();
    if (proposal.answer().isBlank()) {
      return List.of(Verdict.fail(NAME, Rules.BINDING_MISSING, answerStep,
          "no final answer is marked (expected '#### x', 'Answer: x', 'The answer is x' or \\boxed{x})", "", ""));
    }
    ClaimedNumber answer = single(proposal.answer());
    if (answer == null) {
      return List.of(Verdict.fail(NAME, Rules.BINDING_ANSWER, answerStep,
          "the final answer '" + ArithmeticCheck.abbreviate(proposal.answer()) + "' does not state one number", "", "").covering(keys));
    }
    // every answer claim states the same answer ("The answer is 7" and then "#### 8" do not)
    for (Step s : proposal.steps()) {
      for (int i = 0; i < s.claims().size(); i++) {
        if (s.claims().get(i) instanceof Claim.FinalAnswer f) {
          ClaimedNumber n = single(f.value());
          if (n == null || !n.value().equals(answer.value())) {
            out.add(Verdict.fail(NAME, Rules.BINDING_ANSWER, s.index(), "the answer claim '" + ArithmeticCheck.abbreviate(f.value())
                + "' disagrees with the final answer " + proposal.answer().strip(), proposal.answer().strip(), "").covering(Verdict.claimKey(s.index(), i)));
          }
        }
      }
    }
    if (!out.isEmpty()) return out;
    // "what percent" and "how many cents" answers are a computed fraction or dollar amount x 100
    // (looked up only when a plain match fails: the case-insensitive search is the costly part)
    java.util.function.BooleanSupplier hundredths = () -> PER_HUNDRED.matcher(query.question()).find();
    // The answer must be where the chain ends: a result no later step uses (an intermediate value
    // that later steps consume is not the answer the steps derive).
    List<Rational> results = new ArrayList<>();
    List<Step> owners = new ArrayList<>();
    List<Set<Rational>> usedLater = new ArrayList<>();
    // a result the step writes with a percent sign ("(3/12) * 100% = 25%"): the answer may restate its number
    List<Boolean> writtenPercent = new ArrayList<>();
    Rational last = null;
    Set<Rational> stated = null;
    Map<String, Integer> assignedAt = null;
    for (Step s : proposal.steps()) {
      for (Claim c : s.claims()) {
        if (!(c instanceof Claim.Arithmetic a)) continue;
        Set<Rational> operands = new HashSet<>(Quantities.literalsIn(a.expression()));
        for (Set<Rational> u : usedLater) u.addAll(operands);
        // an unknown's value, checked by the equation it satisfies, is derived like a result, before
        // the side ("x = 10", then "2x = 20"; "3*40A = 120A" solved for A); where the text gives the
        // value only in this step or later ("X - 2 = 14", then "X = 16"), after it: 14 is not where the steps end
        if (!a.unknowns().isEmpty() && assignedAt == null) assignedAt = assignedAt(proposal);
        List<Rational> solved = new ArrayList<>();
        for (Map.Entry<String, String> v : a.unknowns().entrySet()) {
          Rational u = parse(v.getValue());
          if (u == null) continue;
          if (assignedAt.getOrDefault(v.getKey() + "=" + u, -1) >= s.index()) {
            solved.add(u);
            continue;
          }
          results.add(u);
          owners.add(s);
          usedLater.add(new HashSet<>());
          writtenPercent.add(false);
          last = u;
        }
        Rational r = a.unknowns().isEmpty() ? valueOf(c) : exact(StepReader.withValues(a.result(), a.unknowns()));
        // a side of an equation in unknowns is derived ("2x = 20"), unless the question gives it:
        // "x-6+(x-6)/2 = 24" restates the question's 24, which binds nothing
        if (r != null && !a.unknowns().isEmpty()) {
          if (stated == null) stated = Quantities.statedIn(query.question());
          if (stated.contains(r)) r = null;
        }
        if (r != null) {
          last = r;
          results.add(r);
          owners.add(s);
          usedLater.add(new HashSet<>());
          writtenPercent.add(a.result().strip().endsWith("%"));
        }
        for (Rational u : solved) {
          results.add(u);
          owners.add(s);
          usedLater.add(new HashSet<>());
          writtenPercent.add(false);
          last = u;
        }
      }
    }
    for (int i = results.size() - 1; i >= 0; i--) {
      Rational r = results.get(i);
      boolean terminal = i == results.size() - 1 || !usedLater.get(i).contains(r);
      if (terminal && (answer.matches(r) || (answer.matches(r.multiply(Rational.HUNDRED)) && (writtenPercent.get(i) || hundredths.getAsBoolean())))) {
        if (i < results.size() - 1 && !pickedOut(proposal, owners.get(owners.size() - 1).index(), answer.value(), last)) {
          return List.of(Verdict.fail(NAME, Rules.BINDING_ANSWER, answerStep, "the final answer " + proposal.answer().strip()
              + " is step " + owners.get(i).index() + "'s result, but the steps go on to " + last.toPlainString() + " (step "
              + owners.get(owners.size() - 1).index() + ") and nothing after that picks " + proposal.answer().strip() + " out",
              last.toPlainString(), last.toPlainString()).covering(keys));
        }
        String counted = countedOtherwise(query, proposal, owners.get(owners.size() - 1).index(), answer.value());
        if (counted != null) {
          return List.of(Verdict.fail(NAME, Rules.BINDING_ANSWER, answerStep, "the final answer " + proposal.answer().strip()
              + " is step " + owners.get(i).index() + "'s result, but the question asks how many " + counted.substring(counted.indexOf(' ') + 1)
              + ", the result counts something else and the text after it says " + counted, "", "").covering(keys));
        }
        return List.of(Verdict.pass(NAME, Rules.BINDING_ANSWER, owners.get(i).index(),
            "the answer " + proposal.answer().strip() + " is the result of step " + owners.get(i).index()).covering(keys));
      }
    }
    // a whole-number answer to a fractional last result, where the text says it rounds (a
    // percentage answer to a fraction: 33 for 0.3333 "which rounds down to 33%")
    // a result written as a percentage rounds as one: "20 / 240 = 8.333%" rounds to 8, and its
    // fraction 0.0833 is not within 1 of an answer 1 (GSM8K 3521, an answer mutation VERIFIED)
    boolean lastPercent = last != null && writtenPercent.get(writtenPercent.size() - 1);
    Rational rounded = last == null ? null
        : lastPercent ? (last.multiply(Rational.HUNDRED).subtract(answer.value()).abs().compareTo(Rational.ONE) < 0 ? last.multiply(Rational.HUNDRED) : null)
        : last.subtract(answer.value()).abs().compareTo(Rational.ONE) < 0 ? last
        : hundredths.getAsBoolean() && last.multiply(Rational.HUNDRED).subtract(answer.value()).abs().compareTo(Rational.ONE) < 0
            ? last.multiply(Rational.HUNDRED) : null;
    String roundingText = rounded == null ? "" : query.question() + "\n" + owners.get(owners.size() - 1).text() + "\n" + proposal.steps().get(answerStep).text();
    if (rounded != null && !rounded.isInteger() && answer.value().isInteger() && answer.decimals() == 0
        && ArithmeticCheck.rounds(roundingText) && roundsTo(rounded, answer.value(), roundingText)) {
      Step s = owners.get(owners.size() - 1);
      return List.of(Verdict.pass(NAME, Rules.BINDING_ANSWER, s.index(),
          "the answer " + proposal.answer().strip() + " is step " + s.index() + "'s result " + rounded.toPlainString() + " rounded to a whole number").covering(keys));
    }
    String expected = last == null ? "" : last.toPlainString();
    return List.of(Verdict.fail(NAME, Rules.BINDING_ANSWER, answerStep,
        "the final answer " + proposal.answer().strip() + " is not a result of the steps"
            + (last == null ? " (nothing is computed)" : " (the last computed result is " + expected + ")"),
        expected, expected).covering(keys));
  }

  /** The first step whose text gives each unknown each value ("x = 10"), keyed "x=10". */
  private static Map<String, Integer> assignedAt(Proposal proposal) {
    Map<String, Integer> out = new HashMap<>();
    for (Step s : proposal.steps()) {
      StepReader.assignments(s.text()).forEach((u, vs) -> {
        for (String v : vs) {
          Rational r = parse(v);
          if (r != null) out.putIfAbsent(u + "=" + r, s.index());
        }
      });
    }
    return out;
  }

  /**
   * Whether the text after the last computation (step {@code lastStep}) picks the answer out
   * of the earlier results: a comparison or a choice names it ("He spends $50 if he buys the
   * cheapest flour because 50 < 52", "the most money he can earn is $250"), at least as often as
   * it names the last result. The answer marker's own mention does not count. Without this, an
   * answer equal to any result no later step uses would bind ("15" after "30 / 2 = 15" and
   * "5 + 5 = 10" for Simon's age), and a result written only in words after it would be passed over.
   */
  private static boolean pickedOut(Proposal proposal, int lastStep, Rational answer, Rational lastResult) {
    int named = 0;
    int namedLast = 0;
    for (Step s : proposal.steps()) {
      if (s.index() <= lastStep) continue;
      for (Claim c : s.claims()) if (c instanceof Claim.FinalAnswer) named--;
      for (Rational r : Quantities.numbersIn(io.veritrace.verifiers.steps.MathText.plain(s.text()))) {
        if (r.equals(answer)) named++;
        if (r.equals(lastResult)) namedLast++;
      }
    }
    return named > 0 && named >= namedLast;
  }

  private static final Pattern DOWN = Pattern.compile("(?i)\\b(?:down|whole|full|complete|only|at most|can ?not|can't|maximum|entire)\\b");

  private static final Pattern UP = Pattern.compile("(?i)\\b(?:up|at least|needs?|needed|enough|minimum|requires?|required)\\b");

  /**
   * Whether {@code whole} is {@code value} rounded as the text rounds: to the nearest whole number,
   * down only where the text says so ("down", "whole", "at most"), up only where it says so ("up",
   * "at least", "needs"). Within 1 either way let 66 bind to "66.666...%, which rounds up to 67%"
   * (GSM8K 4604, an answer mutation).
   */
  private static boolean roundsTo(Rational value, Rational whole, String text) {
    java.math.BigDecimal w = whole.toDecimal(0);
    return value.toDecimal(0, java.math.RoundingMode.HALF_UP).compareTo(w) == 0
        || value.toDecimal(0, java.math.RoundingMode.FLOOR).compareTo(w) == 0 && DOWN.matcher(text).find()
        || value.toDecimal(0, java.math.RoundingMode.CEILING).compareTo(w) == 0 && UP.matcher(text).find();
  }

  /** What a question counts: "how many weeks" (after "more", "fewer" or "total" if written). */
  private static final Pattern ASKED = Pattern.compile("(?i)\\bhow many (?:(?:more|fewer|less|total|additional|extra)\\s+)?([a-z]+)");

  /** A number and the word that follows it: "3 weeks", "6 sodas". */
  private static final Pattern COUNTED = Pattern.compile("(?<![\\w.])(\\d+(?:\\.\\d+)?)\\s+([A-Za-z]+)");

  /**
   * Where the answer is a result that counts something other than what the question asks, and
   * the text after the last computation counts what it asks with another number: "how many weeks
   * ... 12 / 2 = 6 sodas. It takes Jerry 3 weeks" (GSM8K 3351) answers 3, not the 6 sodas. That
   * count ("3 weeks"), or null where the text does not contradict the answer so.
   */
  private static String countedOtherwise(Query query, Proposal proposal, int lastStep, Rational answer) {
    java.util.regex.Matcher q = ASKED.matcher(query.question());
    if (!q.find()) return null;
    String asked = stem(q.group(1));
    String other = null;
    boolean answerCountsOther = false;
    for (Step s : proposal.steps()) {
      if (s.index() < lastStep || s.claims().stream().anyMatch(c -> c instanceof Claim.FinalAnswer)) continue;
      String text = io.veritrace.verifiers.steps.MathText.plain(s.text());
      // in the last computation's step, only what follows its result
      if (s.index() == lastStep) text = text.substring(text.lastIndexOf('=') + 1);
      java.util.regex.Matcher m = COUNTED.matcher(text);
      while (m.find()) {
        Rational n = Rational.of(new java.math.BigDecimal(m.group(1)));
        boolean same = stem(m.group(2)).equals(asked);
        if (n.equals(answer) && same) return null;
        if (n.equals(answer)) answerCountsOther = true;
        else if (same && other == null) other = m.group(1) + " " + m.group(2);
      }
    }
    return answerCountsOther ? other : null;
  }

  private static String stem(String word) {
    String w = word.toLowerCase(java.util.Locale.ROOT);
    return w.endsWith("s") && w.length() > 3 ? w.substring(0, w.length() - 1) : w;
  }

  private static final Pattern PER_HUNDRED = Pattern.compile("(?i)percent|%|cents?\\b");

  private static final Pattern TRUTH = Pattern.compile("(?i)true|false|uncertain|unknown|yes|no");

  /** Words that scale or hedge a number: "7 thousand", "7 or 8", "between 7 and 8". */
  private static final Pattern NOT_ONE_NUMBER = Pattern.compile(
      "(?i)\\d[\\d,.]*%?\\s*(?:hundred|thousand|million|billion|trillion|k|m|bn|dozen|score)\\b|\\b(?:or|to|and|between|about|approximately|around|roughly)\\s+[-$]?\\d|\\d\\s*[-–]\\s*\\d");

  /** The one number a final answer states ("$18", "18 apples", "18."), or null. */
  static ClaimedNumber single(String text) {
    String t = text.strip();
    if (NOT_ONE_NUMBER.matcher(t).find()) return null;
    List<Rational> all = Quantities.numbersIn(t);
    ClaimedNumber first = Quantities.firstIn(t);
    if (first == null) return null;
    // numbersIn also lists the parts of a fraction and a percentage's two forms; any other number is a second one
    for (Rational r : all) {
      if (!r.equals(first.value()) && !r.multiply(Rational.HUNDRED).equals(first.value()) && !r.equals(first.value().multiply(Rational.HUNDRED))
          && !t.contains("/")) {
        return null;
      }
    }
    return first;
  }

  /** The value a claim establishes, or null for claims that establish none. */
  static Rational valueOf(Claim c) {
    if (c instanceof Claim.Arithmetic a) return exact(a.result().startsWith("≈") ? a.result().substring(1) : a.result());
    if (c instanceof Claim.Given g) return parse(g.value());
    if (c instanceof Claim.Assumption as) return parse(as.value());
    return null;
  }

  /** A result as written, read strictly: "9 - 1" is 8, "2*x" is no value. */
  private static Rational exact(String text) {
    try {
      return ClaimedNumber.parse(text).value();
    } catch (ArithmeticLimitException e) {
      return null;
    }
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
