package io.veritrace.verifiers.dates;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A length of calendar time as written: {@code 30 days}, {@code 1 year and 2 months},
 * {@code 5 business days}, {@code 3 hours}. Years and months follow java.time (a month after
 * 31 January is the last day of February); business days skip Saturdays and Sundays and know no
 * holidays.
 *
 * @param unit the one unit the amount is written in, or null when it mixes units
 */
public record Amount(
    String text,
    long years,
    long months,
    long weeks,
    long days,
    long businessDays,
    long hours,
    long minutes,
    ChronoUnit unit) {

  private static final Pattern PART =
      Pattern.compile(
          "(?<n>\\d[\\d,]*|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\\s+"
              + "(?<kind>business\\s+|working\\s+|calendar\\s+)?"
              + "(?<unit>year|month|week|day|hour|minute)s?",
          Pattern.CASE_INSENSITIVE);

  private static final Map<String, Long> WORDS =
      Map.ofEntries(
          Map.entry("a", 1L),
          Map.entry("an", 1L),
          Map.entry("one", 1L),
          Map.entry("two", 2L),
          Map.entry("three", 3L),
          Map.entry("four", 4L),
          Map.entry("five", 5L),
          Map.entry("six", 6L),
          Map.entry("seven", 7L),
          Map.entry("eight", 8L),
          Map.entry("nine", 9L),
          Map.entry("ten", 10L),
          Map.entry("eleven", 11L),
          Map.entry("twelve", 12L));

  /**
   * Reads an amount matched by {@link CalendarText#AMOUNT}.
   *
   * @throws ArithmeticException when a count does not fit a long
   */
  public static Amount parse(String text) {
    long years = 0, months = 0, weeks = 0, days = 0, business = 0, hours = 0, minutes = 0;
    ChronoUnit unit = null;
    int parts = 0;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      parts++;
      String n = m.group("n").toLowerCase(Locale.ROOT).replace(",", "");
      long value = WORDS.containsKey(n) ? WORDS.get(n) : parseCount(n);
      boolean isBusiness =
          m.group("kind") != null && !m.group("kind").toLowerCase(Locale.ROOT).startsWith("cal");
      switch (m.group("unit").toLowerCase(Locale.ROOT)) {
        case "year" -> { years = Math.addExact(years, value); unit = ChronoUnit.YEARS; }
        case "month" -> { months = Math.addExact(months, value); unit = ChronoUnit.MONTHS; }
        case "week" -> { weeks = Math.addExact(weeks, value); unit = ChronoUnit.WEEKS; }
        case "day" -> {
          if (isBusiness) business = Math.addExact(business, value);
          else days = Math.addExact(days, value);
          unit = ChronoUnit.DAYS;
        }
        case "hour" -> { hours = Math.addExact(hours, value); unit = ChronoUnit.HOURS; }
        default -> { minutes = Math.addExact(minutes, value); unit = ChronoUnit.MINUTES; }
      }
    }
    if (business != 0 && parts > 1) {
      throw new IllegalArgumentException("business days cannot be mixed with other units: " + text);
    }
    return new Amount(
        text, years, months, weeks, days, business, hours, minutes, parts == 1 ? unit : null);
  }

  private static long parseCount(String digits) {
    // Saturate: the calendar arithmetic then reports the value as out of range.
    if (digits.length() > 18) return Long.MAX_VALUE;
    return Long.parseLong(digits);
  }

  public boolean hasClockTime() {
    return hours != 0 || minutes != 0 || unit == ChronoUnit.HOURS || unit == ChronoUnit.MINUTES;
  }

  public boolean isBusinessDays() {
    return businessDays != 0;
  }

  /** The count in {@link #unit()}; only for amounts written in one unit. */
  public long count() {
    if (unit == null) throw new IllegalStateException("mixed units: " + text);
    return switch (unit) {
      case YEARS -> years;
      case MONTHS -> months;
      case WEEKS -> weeks;
      case DAYS -> businessDays != 0 ? businessDays : days;
      case HOURS -> hours;
      default -> minutes;
    };
  }

  /** {@code start} moved by this amount, forwards ({@code sign} 1) or backwards (-1). */
  public LocalDateTime addTo(LocalDateTime start, int sign) {
    LocalDateTime moved =
        start
            .plusYears(Math.multiplyExact(sign, years))
            .plusMonths(Math.multiplyExact(sign, months))
            .plusWeeks(Math.multiplyExact(sign, weeks))
            .plusDays(Math.multiplyExact(sign, days))
            .plusHours(Math.multiplyExact(sign, hours))
            .plusMinutes(Math.multiplyExact(sign, minutes));
    if (businessDays == 0) return moved;
    return moveBusinessDays(moved.toLocalDate(), sign * businessDays).atTime(moved.toLocalTime());
  }

  /** Adds business days a week at a time, so a huge count cannot loop for long. */
  static LocalDate moveBusinessDays(LocalDate start, long count) {
    int step = count >= 0 ? 1 : -1;
    long left = Math.abs(count);
    // Weekend days are not counted: start from the business day on the side we move away from.
    LocalDate day = start;
    while (isWeekend(day)) day = day.minusDays(step);
    day = day.plusWeeks(step * (left / 5));
    left %= 5;
    while (left > 0) {
      day = day.plusDays(step);
      if (!isWeekend(day)) left--;
    }
    return day;
  }

  /** Business days from {@code from} (exclusive) to {@code to} (inclusive); negative backwards. */
  static long businessDaysBetween(LocalDate from, LocalDate to) {
    if (to.isBefore(from)) return -businessDaysBetween(to, from);
    long weeks = ChronoUnit.WEEKS.between(from, to);
    LocalDate day = from.plusWeeks(weeks);
    long count = weeks * 5;
    while (day.isBefore(to)) {
      day = day.plusDays(1);
      if (!isWeekend(day)) count++;
    }
    return count;
  }

  private static boolean isWeekend(LocalDate day) {
    return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
  }
}
