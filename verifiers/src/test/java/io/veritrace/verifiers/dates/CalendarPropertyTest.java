package io.veritrace.verifiers.dates;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veritrace.core.Grade;
import io.veritrace.core.Verdict;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Seeded random claims over 1896–2104 (1900 and 2100 are not leap years, 2000 is), month ends and
 * zones with daylight saving, each checked against a value this test computes on its own: a
 * civil-calendar day count (Hinnant's algorithm), Zeller-free weekday arithmetic from it, month
 * arithmetic with explicit clamping, and zone offsets read from the zone rules at an instant.
 * Every right claim must pass; the same claim off by one must fail naming the right value.
 */
class CalendarPropertyTest {

  private static final String[] MONTHS = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"
  };
  private static final String[] WEEKDAYS = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"
  };
  private static final List<String> ZONES =
      List.of(
          "America/New_York", "Europe/London", "Europe/Paris", "Australia/Lord_Howe",
          "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns", "UTC");

  private final DateVerifier verifier = new DateVerifier();
  private final Random random = new Random(20261122L);

  // --- an independent calendar: days since 1970-01-01 for a civil date, and back -------------

  static boolean leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  }

  static int monthLength(int y, int m) {
    return switch (m) {
      case 2 -> leap(y) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  static long days(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  static int[] civil(long z) {
    z += 719468;
    long era = Math.floorDiv(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int) (doy - (153 * mp + 2) / 5 + 1);
    int m = (int) (mp < 10 ? mp + 3 : mp - 9);
    int y = (int) (yoe + era * 400 + (m <= 2 ? 1 : 0));
    return new int[] {y, m, d};
  }

  static String weekday(int[] date) {
    long n = days(date[0], date[1], date[2]);
    return WEEKDAYS[Math.floorMod(n + 3, 7)]; // 1970-01-01 was a Thursday
  }

  // --- writing dates the three supported ways ----------------------------------------------

  private String write(int[] date) {
    return switch (random.nextInt(3)) {
      case 0 -> String.format("%04d-%02d-%02d", date[0], date[1], date[2]);
      case 1 -> date[2] + " " + MONTHS[date[1] - 1] + " " + date[0];
      default -> MONTHS[date[1] - 1] + " " + date[2] + ", " + date[0];
    };
  }

  private int[] randomDate() {
    // Month ends and leap days are over-sampled: they are where calendars go wrong.
    int y = 1896 + random.nextInt(209);
    int m = 1 + random.nextInt(12);
    int d = random.nextInt(4) == 0 ? monthLength(y, m) : 1 + random.nextInt(monthLength(y, m));
    if (random.nextInt(10) == 0) { m = 2; d = leap(y) ? 29 : 28; }
    return new int[] {y, m, d};
  }

  private Verdict judge(String reference, String text) {
    List<Verdict> verdicts = DateVerifierTest.check(verifier, reference, text);
    assertEquals(1, verdicts.size(), () -> text + " -> " + verdicts);
    return verdicts.get(0);
  }

  /** The claim with the right value passes; with a wrong one fails, naming the right value. */
  private void rightAndWrong(String reference, IntFunction<String> claimWithOffset, String right) {
    Verdict ok = judge(reference, claimWithOffset.apply(0));
    assertEquals(Grade.PASS, ok.grade(), ok::message);
    int off = random.nextBoolean() ? 1 : -1;
    String wrongText = claimWithOffset.apply(off);
    Verdict wrong = judge(reference, wrongText);
    assertEquals(Grade.FAIL, wrong.grade(), () -> wrongText + " -> " + wrong.message());
    assertEquals(right, wrong.counterexample(), wrongText);
  }

  @Test
  void daysAddedAndSubtracted() {
    for (int i = 0; i < 400; i++) {
      int[] start = randomDate();
      int n = random.nextInt(1500);
      int sign = random.nextBoolean() ? 1 : -1;
      long base = days(start[0], start[1], start[2]);
      String from = write(start);
      String word = sign > 0 ? "after" : "before";
      rightAndWrong(
          "2026-11-22",
          off -> {
            int[] r = civil(base + sign * n + off);
            return n + " days " + word + " " + from + " is " + String.format("%04d-%02d-%02d", r[0], r[1], r[2]) + ".";
          },
          String.format("%04d-%02d-%02d", civil(base + sign * n)[0], civil(base + sign * n)[1], civil(base + sign * n)[2]));
    }
  }

  @Test
  void monthsAddedClampToTheMonthEnd() {
    for (int i = 0; i < 300; i++) {
      int[] start = randomDate();
      int k = 1 + random.nextInt(40);
      int total = start[0] * 12 + (start[1] - 1) + k;
      int y = total / 12, m = total % 12 + 1;
      int d = Math.min(start[2], monthLength(y, m));
      long result = days(y, m, d);
      String from = write(start);
      int[] right = civil(result);
      rightAndWrong(
          "2026-11-22",
          off -> {
            int[] r = civil(result + off);
            return k + " months after " + from + " is " + r[2] + " " + MONTHS[r[1] - 1] + " " + r[0] + ".";
          },
          right[2] + " " + MONTHS[right[1] - 1] + " " + right[0]);
    }
  }

  @Test
  void daysBetweenDates() {
    for (int i = 0; i < 300; i++) {
      int[] a = randomDate();
      int[] b = randomDate();
      long n = Math.abs(days(a[0], a[1], a[2]) - days(b[0], b[1], b[2]));
      String first = write(a), second = write(b);
      rightAndWrong(
          "2026-11-22",
          off -> "There are " + (n + off) + " days between " + first + " and " + second + ".",
          n + (n == 1 ? " day" : " days"));
    }
  }

  @Test
  void weekdays() {
    for (int i = 0; i < 300; i++) {
      int[] date = randomDate();
      String right = weekday(date);
      String written = write(date);
      Verdict ok = judge("2026-11-22", written + " is a " + right + ".");
      assertEquals(Grade.PASS, ok.grade(), ok::message);
      String wrongDay = WEEKDAYS[(java.util.Arrays.asList(WEEKDAYS).indexOf(right) + 1 + random.nextInt(6)) % 7];
      Verdict wrong = judge("2026-11-22", written + " is a " + wrongDay + ".");
      assertEquals(Grade.FAIL, wrong.grade());
      assertEquals(right, wrong.counterexample());
    }
  }

  @Test
  void agesAgainstTheReferenceDate() {
    for (int i = 0; i < 300; i++) {
      int[] birth = randomDate();
      int[] today = randomDate();
      if (days(today[0], today[1], today[2]) < days(birth[0], birth[1], birth[2])) {
        int[] swap = birth; birth = today; today = swap;
      }
      // Birthday not yet reached this year (a 29 February birthday arrives on 1 March).
      boolean before = today[1] < birth[1] || (today[1] == birth[1] && today[2] < birth[2]);
      int age = today[0] - birth[0] - (before ? 1 : 0);
      String reference = String.format("%04d-%02d-%02d", today[0], today[1], today[2]);
      String born = write(birth);
      rightAndWrong(reference, off -> "She was born on " + born + ", so she is " + (age + off < 0 ? age + 1 : age + off) + ".", Integer.toString(age));
    }
  }

  @Test
  void countdownsFromToday() {
    for (int i = 0; i < 300; i++) {
      int[] today = randomDate();
      long now = days(today[0], today[1], today[2]);
      int n = random.nextInt(800);
      int[] target = civil(now + n);
      String reference = String.format("%04d-%02d-%02d", today[0], today[1], today[2]);
      String written = write(target);
      rightAndWrong(
          reference,
          off -> "There are " + (n + off < 0 ? n + 1 : n + off) + " days until " + written + ".",
          n + (n == 1 ? " day" : " days"));
    }
  }

  @Test
  void timeZoneConversionsAtRandomInstants() {
    for (int i = 0; i < 300; i++) {
      // Instants within 1970–2037, where zone rules are tabulated rather than projected.
      Instant instant = Instant.ofEpochSecond(random.nextInt(2_100_000_000) / 60 * 60L);
      ZoneId from = ZoneId.of(ZONES.get(random.nextInt(ZONES.size())));
      ZoneId to = ZoneId.of(ZONES.get(random.nextInt(ZONES.size())));
      ZoneOffset fromOffset = from.getRules().getOffset(instant);
      LocalDateTime local = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, fromOffset);
      if (from.getRules().getValidOffsets(local).size() != 1) continue; // ambiguous wall time
      LocalDateTime there =
          LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, to.getRules().getOffset(instant));
      String start = local.toLocalDate() + " " + local.toLocalTime() + " " + from.getId();
      String right = there.toLocalDate() + " " + there.toLocalTime();
      rightAndWrong(
          "2026-11-22",
          off -> {
            LocalDateTime claimed = there.plusMinutes(30L * off);
            return start + " is " + claimed.toLocalDate() + " " + claimed.toLocalTime() + " " + to.getId() + ".";
          },
          right);
    }
  }

  @Test
  void anAmbiguousWallClockTimeTakesTheEarlierOffset() {
    // 01:30 happens twice in New York on 2024-11-03; java.time (and so the checker) takes EDT.
    assertEquals(Grade.PASS, judge("2026-11-22", "2024-11-03 01:30 America/New_York is 05:30 UTC.").grade());
    assertEquals(LocalDate.of(2024, 11, 3), LocalDate.ofEpochDay(days(2024, 11, 3)));
  }
}
