package io.veritrace.verifiers.arithmetic;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * An exact rational number, always in lowest terms with a positive denominator. Every operation
 * checks its size first, so a hostile expression fails fast instead of eating memory.
 */
public record Rational(BigInteger numerator, BigInteger denominator) implements Comparable<Rational> {

  /** Largest numerator or denominator kept, in bits (about 1,200 decimal digits). */
  public static final int MAX_BITS = 4096;

  public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
  public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);
  public static final Rational HUNDRED = of(100);

  public Rational {
    if (denominator.signum() == 0) throw new ArithmeticLimitException("division by zero");
    if (denominator.signum() < 0) {
      numerator = numerator.negate();
      denominator = denominator.negate();
    }
    if (!denominator.equals(BigInteger.ONE)) {
      // most values in model text are small: reduce in longs when they fit
      if (numerator.bitLength() < 63 && denominator.bitLength() < 63) {
        long n = numerator.longValue();
        long d = denominator.longValue();
        long g = gcd(Math.abs(n), d);
        if (g > 1) {
          numerator = BigInteger.valueOf(n / g);
          denominator = BigInteger.valueOf(d / g);
        }
      } else {
        BigInteger g = numerator.gcd(denominator);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
          numerator = numerator.divide(g);
          denominator = denominator.divide(g);
        }
      }
    }
    if (numerator.signum() == 0) denominator = BigInteger.ONE;
    if (numerator.bitLength() > MAX_BITS || denominator.bitLength() > MAX_BITS) {
      throw new ArithmeticLimitException("number too large (over " + MAX_BITS + " bits)");
    }
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  public static Rational of(long value) {
    return new Rational(BigInteger.valueOf(value), BigInteger.ONE);
  }

  public static Rational of(BigDecimal value) {
    if (value.scale() <= 0) return new Rational(value.toBigIntegerExact(), BigInteger.ONE);
    return new Rational(value.unscaledValue(), BigInteger.TEN.pow(value.scale()));
  }

  public Rational add(Rational o) {
    return new Rational(
        numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)),
        denominator.multiply(o.denominator));
  }

  public Rational subtract(Rational o) {
    return add(o.negate());
  }

  public Rational multiply(Rational o) {
    return new Rational(numerator.multiply(o.numerator), denominator.multiply(o.denominator));
  }

  public Rational divide(Rational o) {
    if (o.numerator.signum() == 0) throw new ArithmeticLimitException("division by zero");
    return new Rational(numerator.multiply(o.denominator), denominator.multiply(o.numerator));
  }

  public Rational abs() {
    return signum() < 0 ? negate() : this;
  }

  public Rational negate() {
    return new Rational(numerator.negate(), denominator);
  }

  /** Integer powers only; the size of the result is estimated before it is computed. */
  public Rational pow(Rational exponent) {
    if (!exponent.isInteger()) throw new ArithmeticLimitException("non-integer exponent " + exponent);
    if (exponent.numerator.bitLength() > 31) {
      throw new ArithmeticLimitException("exponent too large: " + exponent.abbreviated());
    }
    int e = exponent.numerator.intValue();
    long bits = (long) Math.max(numerator.bitLength(), denominator.bitLength()) * Math.abs((long) e);
    if (bits > MAX_BITS) {
      throw new ArithmeticLimitException(
          "power too large: " + abbreviated() + "^" + e + " needs about " + bits + " bits");
    }
    Rational r = new Rational(numerator.pow(Math.abs(e)), denominator.pow(Math.abs(e)));
    return e < 0 ? ONE.divide(r) : r;
  }

  public boolean isInteger() {
    return denominator.equals(BigInteger.ONE);
  }

  public int signum() {
    return numerator.signum();
  }

  /** Rounds to {@code scale} decimal places, half up, as people round when they write a result. */
  public BigDecimal toDecimal(int scale) {
    return toDecimal(scale, RoundingMode.HALF_UP);
  }

  /** To {@code scale} decimal places, rounded as {@code mode} says (DOWN: cut off). */
  public BigDecimal toDecimal(int scale, RoundingMode mode) {
    return new BigDecimal(numerator).divide(new BigDecimal(denominator), scale, mode);
  }

  /** The value as a person writes it: an integer, a finite decimal, or a fraction. */
  public String toPlainString() {
    if (isInteger()) return numerator.toString();
    BigInteger d = denominator;
    int twos = d.getLowestSetBit();
    d = d.shiftRight(twos);
    int fives = 0;
    BigInteger five = BigInteger.valueOf(5);
    while (d.mod(five).signum() == 0) {
      d = d.divide(five);
      fives++;
    }
    if (d.equals(BigInteger.ONE)) return toDecimal(Math.max(twos, fives)).stripTrailingZeros().toPlainString();
    return numerator + "/" + denominator;
  }

  /** A short form for messages: huge values are cut, never printed whole. */
  public String abbreviated() {
    String s = toPlainString();
    return s.length() <= 40 ? s : s.substring(0, 20) + "…(" + s.length() + " chars)";
  }

  public double doubleValue() {
    return new BigDecimal(numerator).divide(new BigDecimal(denominator), java.math.MathContext.DECIMAL64).doubleValue();
  }

  @Override
  public int compareTo(Rational o) {
    return numerator.multiply(o.denominator).compareTo(o.numerator.multiply(denominator));
  }

  @Override
  public String toString() {
    return abbreviated();
  }
}
