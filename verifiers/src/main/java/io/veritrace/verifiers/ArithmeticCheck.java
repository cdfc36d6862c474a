package io.veritrace.verifiers;

import io.veritrace.core.Claim;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
import io.veritrace.core.StepCheck;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.arithmetic.ArithmeticLimitException;
import io.veritrace.verifiers.arithmetic.ClaimedNumber;
import io.veritrace.verifiers.arithmetic.Expression;
import io.veritrace.verifiers.arithmetic.Rational;
import io.veritrace.verifiers.steps.StepReader;
import java.util.ArrayList;
import java.util.List;

/** Recomputes every {@code expression = result} claim of a step in exact rational arithmetic. */
public final class ArithmeticCheck implements StepCheck {

  public static final String NAME = "arithmetic";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Verdict> check(Query query, Step step) {
    List<Verdict> out = new ArrayList<>(2);
    List<Claim> claims = step.claims();
    for (int i = 0; i < claims.size(); i++) {
      Claim c = claims.get(i);
      String key = Verdict.claimKey(step.index(), i);
      if (c instanceof Claim.Arithmetic a) out.add(check(step.index(), a, rounds(step.text())).covering(key));
      else if (c instanceof Claim.Unread u) {
        out.add(Verdict.warn(NAME, Rules.ARITHMETIC_UNREAD, step.index(),
            "cannot read '" + abbreviate(u.text()) + "'" + (u.reason().isEmpty() ? "" : ": " + u.reason())
                + "; it is not checked, so the answer cannot be verified").covering(key));
      }
    }
    return out;
  }

  /** Words that say a step rounds its result: only then may a result differ from the exact value. */
  private static final java.util.regex.Pattern ROUNDS = java.util.regex.Pattern.compile(
      "(?i)\\b(?:round(?:s|ed|ing)?|whole|full|complete|approximately|about|roughly|nearly|almost|only|at most|at least|remain(?:s|ing|der)?|left over)\\b|≈|~");

  static boolean rounds(String stepText) {
    return ROUNDS.matcher(stepText).find();
  }

  /** The verdict on one claim, where the step does not say it rounds. */
  public static Verdict check(int step, Claim.Arithmetic claim) {
    return check(step, claim, false);
  }

  /** The verdict on one claim; {@code rounding}: the step says it rounds to a whole number. */
  public static Verdict check(int step, Claim.Arithmetic claim, boolean rounding) {
    if (claim.unknowns().containsValue(StepReader.ANY)) {
      String shown = claim.expression().strip() + " = " + claim.result().strip();
      return StepReader.holdsForAnyValue(claim)
          ? Verdict.pass(NAME, Rules.ARITHMETIC_RESULT, step, shown + " holds for every value of " + String.join(", ", claim.unknowns().keySet()))
          : Verdict.fail(NAME, Rules.ARITHMETIC_RESULT, step, shown + " does not hold for every value of its unknowns", "", "");
    }
    if (!claim.unknowns().isEmpty()) claim = withValues(claim);
    Rational exact;
    try {
      exact = Expression.evaluate(claim.expression());
    } catch (ArithmeticLimitException e) {
      return failure(step, claim, e);
    }
    if (claim.result().isBlank()) {
      return Verdict.fail(NAME, Rules.ARITHMETIC_PARSE, step,
          "'" + claim.expression() + "' states no result", exact.toPlainString(), exact.toPlainString());
    }
    String result = claim.result().strip();
    boolean approximate = result.startsWith("≈");
    if (approximate) result = result.substring(1).strip();
    String shown = claim.expression().strip() + (approximate ? " ≈ " : " = ") + result;
    ClaimedNumber claimed;
    try {
      claimed = ClaimedNumber.parse(result);
    } catch (ArithmeticLimitException e) {
      // a chain link whose right side is itself an expression: "3 + 4 = 9 - 1"
      Rational other;
      try {
        other = Expression.evaluate(result);
      } catch (ArithmeticLimitException e2) {
        return failure(step, claim, e2);
      }
      if (other.equals(exact)) return Verdict.pass(NAME, Rules.ARITHMETIC_RESULT, step, shown);
      return Verdict.fail(NAME, Rules.ARITHMETIC_RESULT, step,
          shown + " is wrong: " + claim.expression().strip() + " = " + exact.toPlainString() + " and " + result + " = " + other.toPlainString(),
          exact.toPlainString(), "");
    }
    // "100% - 80% = 20" writes a percentage without its sign: only a sum of percentages may
    boolean toPercent = result.indexOf('%') < 0 && (percentSum(claim.expression()) || claim.expression().contains("100%"));
    // "1260 / 3500 * 100 = 36%" converts to a percentage explicitly, and "100 - 50 = 50%" adds and
    // subtracts percentages written without their sign: the result's sign names the unit, not a /100
    boolean asPercent = result.endsWith("%") && claim.expression().indexOf('%') < 0
        && (timesHundred(claim.expression()) || sumOnly(claim.expression()));
    if (claimed.matches(exact) || truncates(claimed, exact) || (toPercent && (claimed.matches(exact.multiply(Rational.HUNDRED))
        || truncates(claimed, exact.multiply(Rational.HUNDRED))))
        || asPercent && (claimed.matches(exact.divide(Rational.HUNDRED)) || truncates(claimed, exact.divide(Rational.HUNDRED)))) {
      return Verdict.pass(NAME, Rules.ARITHMETIC_RESULT, step, shown);
    }
    if (approximate && near(claimed, exact)) return Verdict.pass(NAME, Rules.ARITHMETIC_RESULT, step, shown);
    if (rounding && claimed.decimals() == 0 && !exact.isInteger() && claimed.value().isInteger()
        && (claimed.value().equals(floor(exact)) || claimed.value().equals(floor(exact).add(Rational.ONE)))) {
      // "17/3 = 5 full boxes": the step says it rounds to whole things, so the rounding is licensed
      return Verdict.pass(NAME, Rules.ARITHMETIC_ROUNDED, step,
          shown + " rounds " + exact.toPlainString() + " to a whole number");
    }
    String right = exact.toPlainString();
    return Verdict.fail(NAME, Rules.ARITHMETIC_RESULT, step,
        shown + " is wrong: " + claim.expression().strip() + " = " + right, right, right);
  }

  /** The claim with the trace's value put in for each unknown: "6*p + 30" with p = 47. */
  static Claim.Arithmetic withValues(Claim.Arithmetic claim) {
    return new Claim.Arithmetic(StepReader.withValues(claim.expression(), claim.unknowns()),
        StepReader.withValues(claim.result(), claim.unknowns()));
  }

  /** Within a unit of the last place the claim is written to: rounded or cut short. */
  private static boolean near(ClaimedNumber claimed, Rational exact) {
    Rational unit = Rational.ONE;
    for (int i = 0; i < claimed.decimals(); i++) unit = unit.divide(Rational.of(10));
    // a whole number is rounded to the nearest; decimals may be cut short ("16.66...")
    Rational limit = claimed.decimals() == 0 ? Rational.ONE.divide(Rational.of(2)) : unit;
    return claimed.value().subtract(exact).abs().compareTo(limit) <= 0;
  }

  /** "14.28" for 14.2857...: written to its decimals by cutting the rest off. */
  private static boolean truncates(ClaimedNumber claimed, Rational exact) {
    if (claimed.decimals() == 0 || exact.isInteger()) return false;
    return Rational.of(exact.toDecimal(claimed.decimals(), java.math.RoundingMode.DOWN)).equals(claimed.value());
  }

  /** The expression ends by multiplying by 100: "27 / 60 * 100", "(75 / 100) * 100". */
  private static boolean timesHundred(String expression) {
    return expression.strip().replace(" ", "").matches(".*[*×]100");
  }

  /** The expression only adds and subtracts plain numbers: "100 - 50", "25 - 5". */
  private static boolean sumOnly(String expression) {
    return expression.strip().matches("[\\d.,\\s]+(?:[-+][\\d.,\\s]+)+");
  }

  /** Every number of the expression is a percentage and it only adds and subtracts them. */
  private static boolean percentSum(String expression) {
    if (expression.indexOf('%') < 0) return false;
    for (int i = 0; i < expression.length(); i++) {
      char c = expression.charAt(i);
      if ("*/×÷^x".indexOf(c) >= 0) return false;
      if (Character.isDigit(c)) {
        int j = i;
        while (j < expression.length() && (Character.isDigit(expression.charAt(j)) || ".,".indexOf(expression.charAt(j)) >= 0)) j++;
        while (j < expression.length() && expression.charAt(j) == ' ') j++;
        if (j >= expression.length() || expression.charAt(j) != '%') return false;
        i = j;
      }
    }
    return true;
  }

  private static Rational floor(Rational r) {
    java.math.BigInteger[] qr = r.numerator().divideAndRemainder(r.denominator());
    java.math.BigInteger q = r.signum() < 0 && qr[1].signum() != 0 ? qr[0].subtract(java.math.BigInteger.ONE) : qr[0];
    return new Rational(q, java.math.BigInteger.ONE);
  }

  private static Verdict failure(int step, Claim.Arithmetic claim, ArithmeticLimitException e) {
    String msg = e.getMessage();
    boolean bounds = msg.contains("too large") || msg.contains("too long") || msg.contains("deeper") || msg.contains("too many")
        || msg.contains("longer than") || msg.contains("exponent");
    return Verdict.fail(NAME, bounds ? Rules.ARITHMETIC_BOUNDS : Rules.ARITHMETIC_PARSE, step,
        "cannot check '" + abbreviate(claim.expression()) + "': " + msg, "", "");
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s.strip() : s.substring(0, 77).strip() + "...";
  }
}
