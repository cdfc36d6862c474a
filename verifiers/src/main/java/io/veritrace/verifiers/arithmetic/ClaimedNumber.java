package io.veritrace.verifiers.arithmetic;

/**
 * A number as a step wrote it, with the decimals it was written to: {@code 3.33} claims 10/3
 * rounded to two places, which is what a person writing a result means.
 */
public record ClaimedNumber(Rational value, int decimals) {

  public static ClaimedNumber parse(String text) {
    String t = text.strip();
    int dot = t.indexOf('.');
    int decimals = 0;
    if (dot >= 0) {
      int i = dot + 1;
      while (i < t.length() && Character.isDigit(t.charAt(i))) i++;
      decimals = i - dot - 1;
    }
    // "33.333%" is written to 3 places of the percentage, i.e. 5 places of the value
    if (decimals > 0 && t.endsWith("%")) decimals += 2;
    return new ClaimedNumber(Expression.number(t), decimals);
  }

  /** True when {@code exact} equals this value, or rounds to it at the written precision. */
  public boolean matches(Rational exact) {
    if (exact.equals(value)) return true;
    if (decimals == 0 || exact.isInteger()) return false;
    return Rational.of(exact.toDecimal(decimals)).equals(value);
  }
}
