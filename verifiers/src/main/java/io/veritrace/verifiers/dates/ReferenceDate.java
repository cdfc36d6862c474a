package io.veritrace.verifiers.dates;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * What "today" means for one query: the query's ISO-8601 reference date (a date, or a date-time
 * with an offset or zone, whose local date in that zone is today), or the server's clock when the
 * query gives none. Certificates state which.
 *
 * @param today the calendar date relative words and ages are computed against
 * @param zone the zone today is in
 * @param fromServerClock true when the query gave no reference date
 */
public record ReferenceDate(LocalDate today, ZoneId zone, boolean fromServerClock) {

  /**
   * @param iso the query's reference date, or null for the server clock
   * @param serverClock the clock to read when {@code iso} is null
   * @throws DateTimeException when {@code iso} is not an ISO-8601 date or date-time with zone
   */
  public static ReferenceDate resolve(String iso, Clock serverClock) {
    if (iso == null || iso.isBlank()) {
      return new ReferenceDate(LocalDate.now(serverClock), serverClock.getZone(), true);
    }
    String text = iso.trim();
    if (text.length() > 64) throw new DateTimeException("reference date too long");
    try {
      if (text.length() == 10) return new ReferenceDate(LocalDate.parse(text), null, false);
      if (text.endsWith("]")) {
        ZonedDateTime zoned = ZonedDateTime.parse(text);
        return new ReferenceDate(zoned.toLocalDate(), zoned.getZone(), false);
      }
      OffsetDateTime offset = OffsetDateTime.parse(text);
      return new ReferenceDate(offset.toLocalDate(), offset.getOffset(), false);
    } catch (DateTimeParseException e) {
      throw new DateTimeException(
          "reference date '"
              + text
              + "' is not ISO-8601 (2026-11-22, 2026-11-22T09:30:00+01:00 or"
              + " 2026-11-22T09:30:00+01:00[Europe/Paris])",
          e);
    }
  }

  /** How the certificate names today: which date, and where it came from. */
  public String describe() {
    return fromServerClock
        ? "today = " + today + " from the server clock (" + zone.getId() + "): the query gave no reference date"
        : "today = " + today + " (the query's reference date" + (zone == null ? "" : ", " + zone.getId()) + ")";
  }
}
