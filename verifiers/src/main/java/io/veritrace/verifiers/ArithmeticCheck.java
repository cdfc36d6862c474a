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
    for (Claim c : step.claims()) {
      if (c instanceof Claim.Arithmetic a) out.add(check(step.index(), a));
    }
    return out;
  }

  /** The verdict on one claim. */
  public static Verdict check(int step, Claim.Arithmetic claim) {
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
    ClaimedNumber claimed;
    try {
      claimed = ClaimedNumber.parse(claim.result());
    } catch (ArithmeticLimitException e) {
      return failure(step, claim, e);
    }
    String shown = claim.expression().strip() + " = " + claim.result().strip();
    // "100% - 80% = 20" writes a percentage without its sign
    boolean percent = claim.expression().indexOf('%') >= 0 && claim.result().indexOf('%') < 0;
    if (claimed.matches(exact) || (percent && claimed.matches(exact.multiply(Rational.HUNDRED)))) {
      return Verdict.pass(NAME, Rules.ARITHMETIC_RESULT, step, shown);
    }
    if (claimed.decimals() == 0 && !exact.isInteger() && claimed.value().isInteger()
        && (claimed.value().equals(floor(exact)) || claimed.value().equals(floor(exact).add(Rational.ONE)))) {
      // "17/3 = 5 full boxes": word problems round to whole things; reported, not rejected
      return Verdict.warn(NAME, Rules.ARITHMETIC_ROUNDED, step,
          shown + " rounds " + exact.toPlainString() + " to a whole number");
    }
    String right = exact.toPlainString();
    return Verdict.fail(NAME, Rules.ARITHMETIC_RESULT, step,
        shown + " is wrong: " + claim.expression().strip() + " = " + right, right, right);
  }

  private static Rational floor(Rational r) {
    java.math.BigInteger[] qr = r.numerator().divideAndRemainder(r.denominator());
    java.math.BigInteger q = r.signum() < 0 && qr[1].signum() != 0 ? qr[0].subtract(java.math.BigInteger.ONE) : qr[0];
    return new Rational(q, java.math.BigInteger.ONE);
  }

  private static Verdict failure(int step, Claim.Arithmetic claim, ArithmeticLimitException e) {
    String msg = e.getMessage();
    boolean bounds = msg.contains("too large") || msg.contains("too long") || msg.contains("deeper")
        || msg.contains("longer than") || msg.contains("exponent");
    return Verdict.fail(NAME, bounds ? Rules.ARITHMETIC_BOUNDS : Rules.ARITHMETIC_PARSE, step,
        "cannot check '" + abbreviate(claim.expression()) + "': " + msg, "", "");
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s.strip() : s.substring(0, 77).strip() + "...";
  }
}
