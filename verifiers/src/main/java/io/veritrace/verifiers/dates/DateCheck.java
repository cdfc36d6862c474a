package io.veritrace.verifiers.dates;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recomputes a {@link DateClaim} with java.time. Calendar conventions are java.time's: adding a
 * month to 31 January gives the last day of February; someone born on 29 February has their
 * birthday on 1 March in common years; differences in weeks, months and years count whole units;
 * hours between zoned times are elapsed hours (a daylight-saving day has 23 or 25).
 */
public final class DateCheck {

  /**
   * The recomputation of one claim.
   *
   * @param holds whether the claimed value is right
   * @param expected the right value, written the way the claim wrote its value
   * @param explanation what was computed, in words
   * @param usedToday whether the result depends on the reference date
   */
  public record Finding(
      DateClaim claim, boolean holds, String expected, String explanation, boolean usedToday) {}

  private DateCheck() {}

  /**
   * @param today the reference date, or null when it could not be read (claims that need it then
   *     throw {@link DatePoint.MissingReference})
   * @throws DateTimeException or ArithmeticException when a value is outside the calendar
   */
  public static Finding evaluate(DateClaim claim, LocalDate today) {
    // Java 17 has no pattern matching for switch: an instanceof chain over the sealed kinds.
    if (claim instanceof DateClaim.Shift s) return shift(s, today);
    if (claim instanceof DateClaim.Difference d) return difference(d, today);
    if (claim instanceof DateClaim.Age a) return age(a, today);
    if (claim instanceof DateClaim.Weekday w) return weekday(w);
    if (claim instanceof DateClaim.Until u) return until(u, today);
    if (claim instanceof DateClaim.ZoneConversion z) return zoneConversion(z);
    DateClaim.Invalid i = (DateClaim.Invalid) claim;
    return new Finding(
        i, false, "", "'" + i.wording().text() + "' is not a real date: " + i.reason(), false);
  }

  private static Finding shift(DateClaim.Shift s, LocalDate today) {
    DatePoint from = s.from().on(today);
    DatePoint result = s.result().on(today);
    boolean usedToday = s.from().relative() || s.result().relative();
    String direction = s.sign() > 0 ? " after " : " before ";
    if (from.zone() != null && from.hasTime()) {
      ZonedDateTime moved = addTo(from.zoned(), s.amount(), s.sign());
      ZonedDateTime shown =
          result.zone() == null ? moved : moved.withZoneSameInstant(result.zone());
      boolean holds =
          result.hasTime() && result.zone() != null
              ? moved.toInstant().equals(result.zoned().toInstant())
              : result.hasTime()
                  ? shown.toLocalDateTime().equals(result.localDateTime())
                  : shown.toLocalDate().equals(result.date());
      String expected = result.write(shown.toLocalDateTime());
      return new Finding(
          s, holds, expected, s.amount().text() + direction + from.text() + " is " + expected, usedToday);
    }
    if (s.amount().hasClockTime() && !from.hasTime()) {
      throw new DateTimeException("hours and minutes need a time of day: " + from.text());
    }
    LocalDateTime moved = s.amount().addTo(from.localDateTime(), s.sign());
    boolean holds =
        result.hasTime() ? moved.equals(result.localDateTime()) : moved.toLocalDate().equals(result.date());
    String expected = result.write(moved);
    return new Finding(
        s, holds, expected, s.amount().text() + direction + from.text() + " is " + expected, usedToday);
  }

  private static ZonedDateTime addTo(ZonedDateTime start, Amount amount, int sign) {
    // Calendar units move the local date-time; hours and minutes are elapsed time.
    ZonedDateTime moved =
        start
            .plusYears(Math.multiplyExact(sign, amount.years()))
            .plusMonths(Math.multiplyExact(sign, amount.months()))
            .plusWeeks(Math.multiplyExact(sign, amount.weeks()))
            .plusDays(Math.multiplyExact(sign, amount.days()));
    if (amount.isBusinessDays()) {
      LocalDate day = Amount.moveBusinessDays(moved.toLocalDate(), sign * amount.businessDays());
      moved = moved.with(day);
    }
    return moved
        .plusHours(Math.multiplyExact(sign, amount.hours()))
        .plusMinutes(Math.multiplyExact(sign, amount.minutes()));
  }

  private static Finding difference(DateClaim.Difference d, LocalDate today) {
    DatePoint a = d.from().on(today);
    DatePoint b = d.to().on(today);
    boolean usedToday = d.from().relative() || d.to().relative();
    Amount claimed = d.amount();
    if (claimed.unit() == null) {
      LocalDate first = a.date().isAfter(b.date()) ? b.date() : a.date();
      LocalDate last = a.date().isAfter(b.date()) ? a.date() : b.date();
      if (d.inclusive()) last = last.plusDays(1);
      Period actual = Period.between(first, last);
      long claimedMonths = claimed.years() * 12 + claimed.months();
      long claimedDays = claimed.weeks() * 7 + claimed.days();
      boolean holds =
          !claimed.hasClockTime()
              && claimedMonths == actual.toTotalMonths()
              && claimedDays == actual.getDays();
      String expected = writePeriod(actual);
      return new Finding(
          d, holds, expected, "from " + a.text() + " to " + b.text() + " is " + expected, usedToday);
    }
    long actual = between(a, b, claimed);
    if (d.inclusive() && claimed.unit() == ChronoUnit.DAYS) actual += 1;
    String expected = writeCount(actual, claimed);
    return new Finding(
        d,
        actual == claimed.count(),
        expected,
        "from " + a.text() + " to " + b.text() + (d.inclusive() ? " inclusive" : "") + " is " + expected,
        usedToday);
  }

  /** Whole units from a to b, never negative: "between" does not care about order. */
  private static long between(DatePoint a, DatePoint b, Amount unitOf) {
    ChronoUnit unit = unitOf.unit();
    if (unit == ChronoUnit.HOURS || unit == ChronoUnit.MINUTES) {
      if (!a.hasTime() || !b.hasTime()) {
        throw new DateTimeException("hours and minutes need times of day on both dates");
      }
      Duration elapsed =
          a.zone() != null && b.zone() != null
              ? Duration.between(a.zoned(), b.zoned())
              : Duration.between(a.localDateTime(), b.localDateTime());
      long count = unit == ChronoUnit.HOURS ? elapsed.toHours() : elapsed.toMinutes();
      return Math.abs(count);
    }
    LocalDate first = a.date().isAfter(b.date()) ? b.date() : a.date();
    LocalDate last = a.date().isAfter(b.date()) ? a.date() : b.date();
    if (unitOf.isBusinessDays()) return Amount.businessDaysBetween(first, last);
    return unit.between(first, last);
  }

  private static Finding age(DateClaim.Age a, LocalDate today) {
    DatePoint birth = a.birth().on(today);
    DatePoint at = a.at() == null ? null : a.at().on(today);
    LocalDate on = at == null ? requireToday(today) : at.date();
    boolean usedToday = a.at() == null || a.at().relative() || a.birth().relative();
    if (on.isBefore(birth.date())) {
      return new Finding(
          a, false, "not yet born", "on " + on + " someone born on " + birth.text() + " is not yet born", usedToday);
    }
    long years = Period.between(birth.date(), on).getYears();
    return new Finding(
        a,
        years == a.age(),
        Long.toString(years),
        "someone born on " + birth.text() + " is " + years + " on " + on,
        usedToday);
  }

  private static LocalDate requireToday(LocalDate today) {
    if (today == null) throw new DatePoint.MissingReference("today");
    return today;
  }

  private static Finding weekday(DateClaim.Weekday w) {
    var actual = w.date().date().getDayOfWeek();
    String name = actual.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    return new Finding(w, actual == w.day(), name, w.date().text() + " is a " + name, false);
  }

  private static Finding until(DateClaim.Until u, LocalDate today) {
    LocalDate now = requireToday(today);
    DatePoint target = u.target();
    Amount claimed = u.amount();
    if (claimed.unit() == null || claimed.hasClockTime()) {
      throw new DateTimeException("a countdown is checked in one unit of days, weeks, months or years");
    }
    LocalDate from = u.ago() ? target.date() : now;
    LocalDate to = u.ago() ? now : target.date();
    long actual =
        claimed.isBusinessDays()
            ? Amount.businessDaysBetween(from, to)
            : claimed.unit().between(from, to);
    if (actual < 0) {
      String passed = target.text() + (u.ago() ? " is still to come" : " has already passed") + " (today is " + now + ")";
      return new Finding(u, false, passed, passed, true);
    }
    String expected = writeCount(actual, claimed);
    String explanation =
        u.ago()
            ? target.text() + " was " + expected + " before " + now
            : "from " + now + " to " + target.text() + " is " + expected;
    return new Finding(u, actual == claimed.count(), expected, explanation, true);
  }

  private static Finding zoneConversion(DateClaim.ZoneConversion z) {
    ZonedDateTime there = z.from().zoned().withZoneSameInstant(z.toZone());
    boolean holds =
        there.toLocalTime().equals(z.toTime())
            && (z.toDate() == null || there.toLocalDate().equals(z.toDate()));
    String time = there.toLocalTime().toString();
    String expected = z.toDate() == null ? time : there.toLocalDate() + " " + time;
    String explanation =
        z.from().text() + " is " + there.toLocalDate() + " " + time + " in " + z.toZone().getId();
    return new Finding(z, holds, expected, explanation, false);
  }

  private static String writeCount(long count, Amount like) {
    String unit =
        switch (like.unit()) {
          case YEARS -> "year";
          case MONTHS -> "month";
          case WEEKS -> "week";
          case HOURS -> "hour";
          case MINUTES -> "minute";
          default -> like.isBusinessDays() ? (like.text().toLowerCase(Locale.ROOT).contains("working") ? "working day" : "business day") : "day";
        };
    return count + " " + unit + (count == 1 ? "" : "s");
  }

  private static String writePeriod(Period p) {
    List<String> parts = new ArrayList<>();
    if (p.getYears() != 0) parts.add(p.getYears() + (p.getYears() == 1 ? " year" : " years"));
    if (p.getMonths() != 0) parts.add(p.getMonths() + (p.getMonths() == 1 ? " month" : " months"));
    if (p.getDays() != 0 || parts.isEmpty()) parts.add(p.getDays() + (p.getDays() == 1 ? " day" : " days"));
    if (parts.size() == 1) return parts.get(0);
    return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
  }
}
