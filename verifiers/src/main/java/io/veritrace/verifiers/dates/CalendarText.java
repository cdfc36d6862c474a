package io.veritrace.verifiers.dates;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The written forms of dates, times, zones, weekdays and amounts this package reads, as regular
 * expression fragments (no capturing groups, to be composed case-insensitively) and parsers for
 * what they match. The supported forms are listed in {@code docs/dates.md}.
 */
public final class CalendarText {

  private CalendarText() {}

  public static final String MONTH =
      "(?:january|february|march|april|may|june|july|august|september|october|november|december"
          + "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)";

  public static final String WEEKDAY =
      "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)";

  private static final String ORDINAL = "(?:st|nd|rd|th)?";

  /** An IANA zone id ({@code Europe/Paris}), an offset, or UTC/GMT/Z. */
  public static final String ZONE =
      "(?:\\[?[A-Za-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?\\]?|[+-]\\d{2}:\\d{2}|UTC|GMT|Z)";

  public static final String TIME = "\\d{2}:\\d{2}(?::\\d{2})?";

  // shaped like a date (years 1000-2999, months 00-19, days 00-39) so that a wrong date such as
  // 2024-13-01 is still judged, but arithmetic such as 5200-80-80 is not taken for one
  private static final String ISO_DATE = "(?<![\\d-])[12]\\d{3}-[01]\\d-[0-3]\\d(?![\\d-])";

  private static final String ISO_DATE_TIME =
      ISO_DATE + "(?:(?:T|\\s+at\\s+|\\s)" + TIME + "(?:\\s?" + ZONE + ")?)?";

  private static final String DAY_MONTH_YEAR =
      "\\d{1,2}" + ORDINAL + "\\s+(?:of\\s+)?" + MONTH + "\\.?,?\\s+\\d{4}";

  private static final String MONTH_DAY_YEAR =
      MONTH + "\\.?\\s+\\d{1,2}" + ORDINAL + ",?\\s+\\d{4}";

  /** A calendar date, a date-time (with an optional zone), or today/tomorrow/yesterday. */
  public static final String DATE =
      "(?:"
          + ISO_DATE_TIME
          + "|"
          + DAY_MONTH_YEAR
          + "|"
          + MONTH_DAY_YEAR
          + "|today|tomorrow|yesterday)";

  private static final String COUNT =
      "(?:\\d{1,3}(?:,\\d{3})+|\\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
          + "|twelve)";

  private static final String AMOUNT_PART =
      COUNT
          + "\\s+(?:business\\s+|working\\s+|calendar\\s+)?(?:years?|months?|weeks?|days?|hours?"
          + "|minutes?)\\b";

  /** One or more counts with units: {@code 30 days}, {@code 1 year, 2 months and 3 days}. */
  public static final String AMOUNT =
      "(?:" + AMOUNT_PART + "(?:\\s*(?:,\\s*and|,|and)\\s+" + AMOUNT_PART + ")*)";

  private static final Pattern ISO_PARTS =
      Pattern.compile(
          "(?<y>\\d{4})-(?<m>\\d{2})-(?<d>\\d{2})(?:(?:T|\\s+at\\s+|\\s)(?<t>"
              + TIME
              + ")(?:\\s?(?<z>"
              + ZONE
              + "))?)?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern DMY_PARTS =
      Pattern.compile(
          "(?<d>\\d{1,2})" + ORDINAL + "\\s+(?:of\\s+)?(?<m>" + MONTH + ")\\.?,?\\s+(?<y>\\d{4})",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern MDY_PARTS =
      Pattern.compile(
          "(?<m>" + MONTH + ")\\.?\\s+(?<d>\\d{1,2})" + ORDINAL + ",?\\s+(?<y>\\d{4})",
          Pattern.CASE_INSENSITIVE);

  /**
   * Reads a date matched by {@link #DATE}.
   *
   * @throws DateTimeException when the words name no real date ({@code 2023-02-29}) or zone
   */
  public static DatePoint parseDate(String text) {
    String t = text.trim();
    String lower = t.toLowerCase(Locale.ROOT);
    switch (lower) {
      case "today" -> {
        return new DatePoint(t, null, null, null, 0, true, DatePoint.Style.RELATIVE);
      }
      case "tomorrow" -> {
        return new DatePoint(t, null, null, null, 1, true, DatePoint.Style.RELATIVE);
      }
      case "yesterday" -> {
        return new DatePoint(t, null, null, null, -1, true, DatePoint.Style.RELATIVE);
      }
      default -> {}
    }
    Matcher m = ISO_PARTS.matcher(t);
    if (m.matches()) {
      LocalDate date =
          LocalDate.of(
              Integer.parseInt(m.group("y")),
              Integer.parseInt(m.group("m")),
              Integer.parseInt(m.group("d")));
      LocalTime time = m.group("t") == null ? null : LocalTime.parse(m.group("t"));
      ZoneId zone = m.group("z") == null ? null : parseZone(m.group("z"));
      return new DatePoint(t, date, time, zone, 0, false, DatePoint.Style.ISO);
    }
    m = DMY_PARTS.matcher(t);
    DatePoint.Style style = DatePoint.Style.DAY_MONTH_YEAR;
    if (!m.matches()) {
      m = MDY_PARTS.matcher(t);
      style = DatePoint.Style.MONTH_DAY_YEAR;
      if (!m.matches()) throw new DateTimeException("not a date: " + t);
    }
    LocalDate date =
        LocalDate.of(
            Integer.parseInt(m.group("y")), month(m.group("m")), Integer.parseInt(m.group("d")));
    return new DatePoint(t, date, null, null, 0, false, style);
  }

  /** Reads a zone matched by {@link #ZONE}. */
  public static ZoneId parseZone(String text) {
    String z = text.replace("[", "").replace("]", "");
    String upper = z.toUpperCase(Locale.ROOT);
    if (upper.equals("Z") || upper.equals("UTC") || upper.equals("GMT")) return ZoneOffset.UTC;
    if (z.startsWith("+") || z.startsWith("-")) return ZoneOffset.of(z);
    return ZoneId.of(z);
  }

  /** Reads a month name or its three- or four-letter abbreviation. */
  public static Month month(String name) {
    String key = name.toLowerCase(Locale.ROOT).substring(0, 3);
    for (Month month : Month.values()) {
      if (month.name().toLowerCase(Locale.ROOT).startsWith(key)) return month;
    }
    throw new DateTimeException("not a month: " + name);
  }

  public static DayOfWeek weekday(String name) {
    return DayOfWeek.valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}
