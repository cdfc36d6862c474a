package io.veritrace.verifiers;

import io.veritrace.core.Claim;
import io.veritrace.core.Correction;
import io.veritrace.core.Corrector;
import io.veritrace.core.Grade;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.arithmetic.ArithmeticLimitException;
import io.veritrace.verifiers.arithmetic.Expression;
import io.veritrace.verifiers.arithmetic.Quantities;
import io.veritrace.verifiers.arithmetic.Rational;
import io.veritrace.verifiers.steps.StepReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Repairs what is certain and sends back the rest. A wrong arithmetic result is certain to fix:
 * recompute it, carry the corrected value into every later step that used the wrong one, and
 * re-derive the answer if it was that value. Anything else (an invented premise, an unbound
 * answer, a number to justify) goes back to the reasoner as findings naming step, claim and
 * counterexample.
 */
public final class RepairingCorrector implements Corrector {

  @Override
  public Correction correct(Query query, Proposal proposal, List<Verdict> verdicts) {
    List<Verdict> rejections = verdicts.stream().filter(Verdict::rejects).toList();
    List<Verdict> findings = rejections.isEmpty()
        ? verdicts.stream().filter(v -> v.grade() == Grade.WARN).toList()
        : rejections;
    // a wrong result is recomputed even when other findings stand: they may follow from it (an
    // answer bound to the wrong total, an independent derivation that disagrees with it), and the
    // repaired proposal is checked again as the next round, so what remains goes to the reasoner
    boolean repairable = rejections.stream()
        .anyMatch(v -> v.rule().equals(Rules.ARITHMETIC_RESULT) && !v.suggestedFix().isEmpty())
        && rejections.stream().noneMatch(v -> v.grade() == io.veritrace.core.Grade.ERROR);
    if (repairable) {
      Proposal repaired = repair(query, proposal);
      if (repaired != null) {
        return new Correction(findings, repaired, "recomputed " + rejections.size() + " wrong result(s): " + describe(findings));
      }
    }
    return new Correction(findings, null, instruction(findings, rejections.isEmpty()));
  }

  /** Recomputes every wrong result in order, carrying corrected values forward; null if it cannot. */
  static Proposal repair(Query query, Proposal p) {
    Map<String, String> replaced = new LinkedHashMap<>();
    java.util.Set<Rational> stated = Quantities.statedIn(query.question());
    // results of steps that were right as written: a wrong result equal to one of them cannot be
    // told apart from it in the steps that use it ("15 games" of Helen's wrong step or of Susan's
    // right one), so carrying the fix forward would be a guess
    java.util.Set<String> rightResults = new java.util.HashSet<>();
    List<Step> steps = new ArrayList<>();
    for (Step s : p.steps()) {
      String text = s.text();
      List<Claim> claims = new ArrayList<>();
      for (Claim c : s.claims()) {
        if (c instanceof Claim.Arithmetic a) {
          // a wrong result that is also a number the question states, or a small count or unit
          // factor a step may use unexplained ("16 / 4 = 3" and then "3 walls"), cannot be told
          // apart from it in later steps: carrying the fix forward would be a guess, so leave it
          // to the reasoner
          for (Rational operand : Quantities.literalsIn(a.expression())) {
            if (replaced.containsKey(operand.toPlainString())
                && (stated.contains(operand) || givenIn(s, operand) || EverydayConstants.contains(operand))) {
              return null;
            }
          }
          String expr = substitute(a.expression(), replaced);
          Rational exact;
          try {
            exact = Expression.evaluate(expr);
          } catch (ArithmeticLimitException e) {
            return null;
          }
          String result = exact.toPlainString();
          boolean matches;
          try {
            matches = io.veritrace.verifiers.arithmetic.ClaimedNumber.parse(a.result()).matches(exact);
          } catch (ArithmeticLimitException e) {
            matches = false;
          }
          if (matches && expr.equals(a.expression())) {
            if (replaced.containsKey(a.result().strip())) return null;
            rightResults.add(a.result().strip());
            claims.add(a);
            continue;
          }
          if (rightResults.contains(a.result().strip())) return null;
          // a result off by orders of magnitude is more likely a misreading of the step (a label or
          // an 'X' read as a factor, a lost decimal point) than a slip to recompute: the reasoner decides
          if (expr.equals(a.expression()) && !plausibleSlip(a.result(), exact)) return null;
          // "500/ 2/5 = 200" (GSM8K 6843) is right for 500 * 2/5: the text wrote the wrong
          // operator, not a wrong sum, and recomputing it would carry 1250 seats into the answer
          if (expr.equals(a.expression()) && anotherOperatorGives(expr, a.result())) return null;
          // the prose repeats the operands ("26 / 4 = <<26/4=6>>6"): carry earlier fixes into it
          if (!expr.equals(a.expression())) text = substituteOutsideAnnotations(text, replaced);
          replaced.put(a.result().strip(), result);
          text = text.replace(a.expression() + "=" + a.result(), expr + "=" + result)
              .replace(">>" + a.result().strip(), ">>" + result)
              .replace("= " + a.result().strip(), "= " + result);
          claims.add(new Claim.Arithmetic(expr, result));
        } else if (c instanceof Claim.FinalAnswer f && replaced.containsKey(f.value().strip())) {
          String v = replaced.get(f.value().strip());
          text = text.replace(f.value().strip(), v);
          claims.add(new Claim.FinalAnswer(v));
        } else {
          claims.add(c);
        }
      }
      steps.add(new Step(s.index(), text, claims));
    }
    String answer = replaced.getOrDefault(p.answer().strip(), p.answer());
    return p.withSteps(steps, answer);
  }

  /** Whether a claimed result and the recomputed one are within a factor of ten (or ten apart). */
  static boolean plausibleSlip(String claimed, Rational exact) {
    Rational c;
    try {
      c = io.veritrace.verifiers.arithmetic.ClaimedNumber.parse(claimed).value();
    } catch (ArithmeticLimitException e) {
      return false;
    }
    if (c.subtract(exact).abs().compareTo(Rational.of(10)) <= 0) return true;
    if (c.signum() != exact.signum() || c.signum() == 0) return false;
    boolean claimedLarger = c.abs().compareTo(exact.abs()) >= 0;
    Rational big = claimedLarger ? c.abs() : exact.abs();
    Rational small = claimedLarger ? exact.abs() : c.abs();
    return big.compareTo(small.multiply(Rational.of(10))) <= 0;
  }

  /**
   * Whether the claimed result is what the expression gives with one '*' and '/' swapped, in a
   * computation with a fraction in it ("500/ 2/5 = 200", "5 * 1/2 = 10"): a slip of notation.
   * Two numbers ("6 / 2 = 12") and '+' for '-' are left out: a slipped result coincides with them
   * too often (about 47 of 7,000 changed results each) to say the text meant another operator.
   */
  static boolean anotherOperatorGives(String expr, String claimed) {
    if (NUMBER_TOKEN.matcher(expr).results().count() < 3) return false;
    io.veritrace.verifiers.arithmetic.ClaimedNumber c;
    try {
      c = io.veritrace.verifiers.arithmetic.ClaimedNumber.parse(claimed);
    } catch (ArithmeticLimitException e) {
      return false;
    }
    for (int i = 1; i < expr.length(); i++) {
      char ch = expr.charAt(i);
      int k = "*/".indexOf(ch);
      if (k < 0) continue;
      // a binary operator only: a sign after an operator or a parenthesis stays
      String before = expr.substring(0, i).strip();
      if (before.isEmpty() || "*/+-(".indexOf(before.charAt(before.length() - 1)) >= 0) continue;
      String swapped = expr.substring(0, i) + "/*".charAt(k) + expr.substring(i + 1);
      try {
        if (c.matches(Expression.evaluate(swapped))) return true;
      } catch (ArithmeticLimitException | ArithmeticException e) {
        // division by zero with the operator swapped: not this reading
      }
    }
    return false;
  }

  private static boolean givenIn(Step s, Rational value) {
    return s.claims().stream().anyMatch(c -> c instanceof Claim.Given g && value.equals(AnswerBinding.parse(g.value())));
  }

  /** Replaces whole-number tokens of an expression that were wrong results earlier. */
  private static String substitute(String expr, Map<String, String> replaced) {
    if (replaced.isEmpty()) return expr;
    Matcher m = NUMBER_TOKEN.matcher(expr);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String fix = replaced.get(m.group());
      m.appendReplacement(sb, Matcher.quoteReplacement(fix == null ? m.group() : fix));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String substituteOutsideAnnotations(String text, Map<String, String> replaced) {
    StringBuilder sb = new StringBuilder();
    int last = 0;
    for (int[] span : StepReader.annotations(text)) {
      sb.append(substitute(text.substring(last, span[0]), replaced)).append(text, span[0], span[1]);
      last = span[1];
    }
    return sb.append(substitute(text.substring(last), replaced)).toString();
  }

  private static final Pattern NUMBER_TOKEN = Pattern.compile("(?<![\\d.])\\d+(?:\\.\\d+)?(?![\\d.])");

  private static String instruction(List<Verdict> findings, boolean warningsOnly) {
    StringBuilder sb = new StringBuilder();
    sb.append(warningsOnly
        ? "Your answer uses numbers the question does not give. For each, either quote the words of the question it comes from, state it as an assumption with its reason, or ask the user for it:\n"
        : "Your reasoning has errors. Fix each of these and answer again:\n");
    sb.append(describe(findings));
    return sb.toString();
  }

  private static String describe(List<Verdict> findings) {
    StringBuilder sb = new StringBuilder();
    for (Verdict v : findings) {
      sb.append("- ").append(v.step() >= 0 ? "step " + v.step() : "answer").append(" [").append(v.rule()).append("] ")
          .append(v.message());
      if (!v.counterexample().isEmpty() && !v.message().contains(v.counterexample())) {
        sb.append(" (counterexample: ").append(v.counterexample()).append(')');
      }
      sb.append('\n');
    }
    return sb.toString().strip();
  }
}
