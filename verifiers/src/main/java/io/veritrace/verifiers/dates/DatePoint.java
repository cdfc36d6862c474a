package io.veritrace.verifiers.dates;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * A point in time as the text wrote it: a calendar date, optionally with a time of day and a
 * zone, or a word relative to the reference date ({@code today}, {@code tomorrow}).
 *
 * @param text the words as written
 * @param date the calendar date; null for a relative word until {@link #on} resolves it
 * @param time time of day, or null for a whole day
 * @param zone the zone the time is in, or null when none was given
 * @param relativeDays for {@code today}/{@code tomorrow}/{@code yesterday}: 0, 1, -1; else 0
 * @param relative whether the point is a word relative to the reference date
 * @param style how the date was written, so a recomputed value is written the same way
 */
public record DatePoint(
    String text,
    LocalDate date,
    LocalTime time,
    ZoneId zone,
    int relativeDays,
    boolean relative,
    Style style) {

  /** The ways a date can be written, and how to write one back in the same way. */
  public enum Style {
    ISO,
    DAY_MONTH_YEAR,
    MONTH_DAY_YEAR,
    RELATIVE;

    String write(LocalDate date) {
      return switch (this) {
        case ISO, RELATIVE -> date.toString();
        case DAY_MONTH_YEAR -> date.getDayOfMonth() + " " + monthName(date) + " " + date.getYear();
        case MONTH_DAY_YEAR -> monthName(date) + " " + date.getDayOfMonth() + ", " + date.getYear();
      };
    }

    private static String monthName(LocalDate date) {
      return date.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }
  }

  /** This point with a relative word resolved against {@code today}. */
  public DatePoint on(LocalDate today) {
    if (!relative) return this;
    if (today == null) throw new MissingReference(text);
    return new DatePoint(text, today.plusDays(relativeDays), time, zone, 0, false, Style.ISO);
  }

  public boolean hasTime() {
    return time != null;
  }

  public LocalDateTime localDateTime() {
    return date.atTime(time == null ? LocalTime.MIDNIGHT : time);
  }

  /** The zoned instant; only for points with a time and a zone. */
  public ZonedDateTime zoned() {
    return ZonedDateTime.of(localDateTime(), zone);
  }

  /** {@code value} written the way this point was written. */
  public String write(LocalDateTime value) {
    if (time == null) return style.write(value.toLocalDate());
    String local = value.format(DateTimeFormatter.ISO_LOCAL_DATE) + " " + value.toLocalTime();
    return zone == null ? local : local + " " + zone.getId();
  }

  /** A relative date word was used but the query's reference date could not be read. */
  public static final class MissingReference extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingReference(String word) {
      super("'" + word + "' needs the reference date");
    }
  }
}
