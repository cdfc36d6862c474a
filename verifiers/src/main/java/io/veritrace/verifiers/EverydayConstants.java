package io.veritrace.verifiers;

import io.veritrace.verifiers.arithmetic.Rational;
import java.util.HashSet;
import java.util.Set;

/**
 * The numbers a worked step may use without a source: the one list both provenance (operands of
 * a word problem) and grounding (numbers in an answer from documents) consult, so they cannot
 * disagree about what "7 days a week" needs.
 */
public final class EverydayConstants {

  private EverydayConstants() {}

  /** Unit conversions: days in a week and a month, hours, minutes, seconds, weeks and days in a year, dozens, percent, metric and imperial factors. */
  private static final Set<Rational> UNIT_FACTORS = new HashSet<>();

  /** Small counts a word problem uses freely ("both", "each of the 2"), not specifics of a source. */
  private static final Set<Rational> SMALL_COUNTS = new HashSet<>();

  static {
    for (long v : new long[] {7, 12, 16, 24, 28, 29, 30, 31, 36, 52, 60, 100, 365, 366, 1000, 1440, 3600, 5280, 1_000_000}) {
      UNIT_FACTORS.add(Rational.of(v));
    }
    UNIT_FACTORS.add(Rational.ONE.divide(Rational.of(2)));
    UNIT_FACTORS.add(Rational.ONE.divide(Rational.of(100)));
    for (long v = 0; v <= 10; v++) SMALL_COUNTS.add(Rational.of(v));
  }

  /** A unit factor or a small count: what a word problem's step may use unexplained. */
  public static boolean contains(Rational v) {
    return UNIT_FACTORS.contains(v) || SMALL_COUNTS.contains(v);
  }

  /** A unit conversion factor (60, 1,000, 0.5). */
  public static boolean isUnitFactor(Rational v) {
    return UNIT_FACTORS.contains(v);
  }
}
