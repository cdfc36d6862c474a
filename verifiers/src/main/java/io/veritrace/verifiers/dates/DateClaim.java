package io.veritrace.verifiers.dates;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * A statement about the calendar found in text, with the value it claims. {@link
 * DateClaimParser} finds them; {@link DateCheck} recomputes them with java.time.
 */
public sealed interface DateClaim {

  /** The claim's words and where in them the claimed value is. */
  Wording wording();

  /** The rule that judges this kind of claim ({@code dates.age}, ...). */
  String rule();

  /**
   * @param text the words of the claim as written
   * @param valueStart where the claimed (computed) value starts in {@code text}
   * @param valueEnd where it ends
   */
  record Wording(String text, int valueStart, int valueEnd) {
    public String value() {
      return text.substring(valueStart, valueEnd);
    }

    /** The claim with its value replaced: the fix when the value is wrong. */
    public String replacingValue(String replacement) {
      return text.substring(0, valueStart) + replacement + text.substring(valueEnd);
    }
  }

  /** {@code 30 days after 31 January 2024 is 1 March 2024}; {@code sign} -1 for "before". */
  record Shift(Wording wording, DatePoint from, Amount amount, int sign, DatePoint result)
      implements DateClaim {
    public String rule() {
      return "dates.shift";
    }
  }

  /** {@code there are 29 days between 2024-02-01 and 2024-03-01}. */
  record Difference(
      Wording wording, DatePoint from, DatePoint to, Amount amount, boolean inclusive)
      implements DateClaim {
    public String rule() {
      return "dates.difference";
    }
  }

  /** {@code born on 1990-02-28, so she is 36}; {@code at} null means today. */
  record Age(Wording wording, DatePoint birth, DatePoint at, long age) implements DateClaim {
    public String rule() {
      return "dates.age";
    }
  }

  /** {@code 2024-02-29 is a Thursday}. */
  record Weekday(Wording wording, DatePoint date, DayOfWeek day) implements DateClaim {
    public String rule() {
      return "dates.weekday";
    }
  }

  /** {@code 12 days until 2026-12-04} (from today), or {@code ... was 3 days ago} when ago. */
  record Until(Wording wording, DatePoint target, Amount amount, boolean ago)
      implements DateClaim {
    public String rule() {
      return "dates.until";
    }
  }

  /** {@code 2024-03-10 09:00 America/New_York is 14:00 Europe/London}; toDate may be null. */
  record ZoneConversion(
      Wording wording, DatePoint from, LocalDate toDate, LocalTime toTime, ZoneId toZone)
      implements DateClaim {
    public String rule() {
      return "dates.timezone";
    }
  }

  /** Words that name no real date or zone ({@code 2023-02-29}, {@code 31 April 2024}). */
  record Invalid(Wording wording, String reason) implements DateClaim {
    public String rule() {
      return "dates.valid";
    }
  }
}
