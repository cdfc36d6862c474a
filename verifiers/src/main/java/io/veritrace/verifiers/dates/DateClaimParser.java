package io.veritrace.verifiers.dates;

import static io.veritrace.verifiers.dates.CalendarText.AMOUNT;
import static io.veritrace.verifiers.dates.CalendarText.DATE;
import static io.veritrace.verifiers.dates.CalendarText.TIME;
import static io.veritrace.verifiers.dates.CalendarText.WEEKDAY;
import static io.veritrace.verifiers.dates.CalendarText.ZONE;

import io.veritrace.verifiers.dates.DateClaim.Wording;
import io.veritrace.verifiers.grounding.NormalizedText;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the calendar claims of {@code docs/dates.md} in free text. Each phrasing is one pattern;
 * patterns are tried in a fixed order and a later match overlapping an earlier one is dropped, so
 * "30 days before X is Y" is a shift, never also a countdown to X.
 */
public final class DateClaimParser {

  /** Longer texts are checked on their first this many characters (bounded time). */
  public static final int MAX_TEXT = 200_000;

  private static final String IS = "(?:is|was|will be|would be|falls on|fell on|lands on|=)";
  private static final String AFTER = "(?<dir>after|from|later than|before|prior to|earlier than)";

  private record Phrasing(Pattern pattern, Function<Matcher, DateClaim> reader) {}

  private final List<Phrasing> phrasings =
      List.of(
          phrasing(
              "\\b(?<n>" + AMOUNT + ")\\s+" + AFTER + "\\s+(?:" + WEEKDAY + ",?\\s+)?(?<a>" + DATE + ")\\s*,?\\s*(?:" + IS
                  + "|gives|comes to)\\s+(?:on\\s+)?(?:(?:a\\s+)?" + WEEKDAY + ",?\\s+)?(?<b>"
                  + DATE + ")\\b",
              this::shift),
          phrasing(
              "\\b(?<b>" + DATE + ")\\s+(?:is|was|will be|falls|fell)\\s+(?:exactly\\s+)?(?<n>"
                  + AMOUNT + ")\\s+" + AFTER + "\\s+(?<a>" + DATE + ")\\b",
              this::shift),
          phrasing(
              "\\b(?<a>" + DATE + ")\\s*(?<dir>plus|\\+|minus|-|\u2212)\\s*(?<n>" + AMOUNT
                  + ")\\s*(?:is|=|gives|equals|makes)\\s+(?<b>" + DATE + ")\\b",
              this::shift),
          phrasing(
              "\\badding\\s+(?<n>" + AMOUNT + ")\\s+to\\s+(?<a>" + DATE
                  + ")\\s+(?:gives|yields|makes|is)\\s+(?<b>" + DATE + ")\\b",
              this::shift),
          phrasing(
              "\\b(?<n>" + AMOUNT + ")\\s+(?:between|from)\\s+(?<a>" + DATE
                  + ")\\s+(?:and|to|until|till|through)\\s+(?<b>" + DATE
                  + ")\\b(?<incl>\\s*,?\\s*\\(?inclusive(?:ly)?\\)?)?",
              this::difference),
          phrasing(
              "\\b(?:between|from)\\s+(?<a>" + DATE + ")\\s+(?:and|to|until|till|through)\\s+(?<b>"
                  + DATE + ")\\b(?<incl>\\s*,?\\s*\\(?inclusive(?:ly)?\\)?)?\\s*,?\\s*(?:there\\s+"
                  + "(?:are|were|is|will be)|is|are|was|were|spans|lasts|takes|makes)\\s+"
                  + "(?:exactly\\s+|only\\s+)?(?<n>" + AMOUNT + ")",
              this::difference),
          phrasing(
              "\\b(?<a>" + DATE + ")\\s+and\\s+(?<b>" + DATE + ")\\s+are\\s+(?:exactly\\s+)?(?<n>"
                  + AMOUNT + ")\\s+apart",
              this::difference),
          phrasing(
              "\\bborn\\s+(?:on\\s+|in\\s+)?(?<a>" + DATE + ")\\b[^.;!?\\n]{0,80}?\\b(?<verb>is now"
                  + "|is|turns|will be|will turn|was|turned|(?:you|he|she|they|I)\\s+(?:are|is|am|were|was)(?:\\s+now)?)\\s+(?<n>\\d{1,3})(?![\\d.,]\\d)"
                  + "(?:\\s+years?(?:\\s+old)?)?(?:\\s+(?:on|as of|by)\\s+(?<at>" + DATE + "))?",
              this::age),
          phrasing(
              "\\b(?<a>" + DATE + ")\\s+(?:is|was|will be|falls on|fell on|is on|was on)\\s+"
                  + "(?:a\\s+|on\\s+a\\s+)?(?<w>" + WEEKDAY + ")\\b",
              this::weekday),
          phrasing("\\b(?<w>" + WEEKDAY + "),?\\s+(?:the\\s+)?(?<a>" + DATE + ")\\b", this::weekday),
          phrasing(
              "\\b(?<n>" + AMOUNT + ")\\s+(?:left\\s+|remaining\\s+|to go\\s+)?(?:until|till|"
                  + "before)\\s+(?<a>" + DATE + ")\\b",
              m -> until(m, false)),
          phrasing(
              "\\b(?<a>" + DATE + ")\\s+is\\s+(?:only\\s+)?in\\s+(?<n>" + AMOUNT + ")",
              m -> until(m, false)),
          phrasing(
              "\\b(?<a>" + DATE + ")\\s+is\\s+(?:only\\s+)?(?<n>" + AMOUNT
                  + ")\\s+(?:away|from now|from today|ahead)\\b",
              m -> until(m, false)),
          phrasing(
              "\\b(?<a>" + DATE + ")\\s+was\\s+(?<n>" + AMOUNT + ")\\s+ago\\b", m -> until(m, true)),
          phrasing(
              "\\b(?<a>" + DATE + ")\\s+(?:is|=|equals|corresponds to)\\s+(?:(?<bd>\\d{4}-\\d{2}-"
                  + "\\d{2})(?:T|\\s+))?(?<bt>" + TIME + ")\\s*(?:in\\s+)?(?<z>" + ZONE + ")",
              this::zoneConversion));

  private static final Pattern ANY_DATE =
      Pattern.compile("\\b" + DATE + "\\b", Pattern.CASE_INSENSITIVE);

  /**
   * Every phrasing holds a date, so a text with none anywhere has no claim: most texts (word
   * problems, sources) are then read by this one pattern instead of all fifteen.
   */
  private static final Pattern SOME_DATE = Pattern.compile(DATE, Pattern.CASE_INSENSITIVE);

  private static Phrasing phrasing(String regex, Function<Matcher, DateClaim> reader) {
    return new Phrasing(Pattern.compile(regex, Pattern.CASE_INSENSITIVE), reader);
  }

  /** Every claim in {@code text}, in order of position; invalid dates are claims too. */
  public List<DateClaim> parse(String text) {
    String t = normalise(text);
    if (!SOME_DATE.matcher(t).find()) return List.of();
    List<int[]> taken = new ArrayList<>();
    List<Located> found = new ArrayList<>();
    Matcher any = ANY_DATE.matcher(t);
    while (any.find()) {
      try {
        CalendarText.parseDate(any.group());
      } catch (DateTimeException e) {
        found.add(
            new Located(
                any.start(),
                new DateClaim.Invalid(
                    new Wording(any.group(), 0, any.group().length()), reason(e))));
        taken.add(new int[] {any.start(), any.end()});
      }
    }
    for (Phrasing p : phrasings) {
      Matcher m = p.pattern.matcher(t);
      while (m.find()) {
        if (overlaps(taken, m.start(), m.end())) continue;
        DateClaim claim;
        try {
          claim = p.reader.apply(m);
        } catch (DateTimeException | ArithmeticException | IllegalArgumentException e) {
          continue; // a malformed part is reported by the invalid-date scan or is no claim at all
        }
        if (claim == null) continue;
        taken.add(new int[] {m.start(), m.end()});
        found.add(new Located(m.start(), claim));
      }
    }
    found.sort(Comparator.comparingInt(Located::at));
    return found.stream().map(Located::claim).toList();
  }

  private record Located(int at, DateClaim claim) {}

  private static boolean overlaps(List<int[]> taken, int start, int end) {
    for (int[] span : taken) if (start < span[1] && span[0] < end) return true;
    return false;
  }

  /** Same letters, one space between words, bounded length: patterns stay simple and linear. */
  static String normalise(String text) {
    String t = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    return NormalizedText.folded(t);
  }

  private static String reason(DateTimeException e) {
    String message = e.getMessage() == null ? "not a valid date" : e.getMessage();
    return message.startsWith("Invalid date") ? message.replace("Invalid date ", "no such date: ") : message;
  }

  private static Wording wording(Matcher m, String valueGroup) {
    return new Wording(m.group(), m.start(valueGroup) - m.start(), m.end(valueGroup) - m.start());
  }

  private DateClaim shift(Matcher m) {
    String dir = m.group("dir").toLowerCase(Locale.ROOT);
    int sign =
        dir.startsWith("before") || dir.startsWith("prior") || dir.startsWith("earlier")
                || dir.equals("minus") || dir.equals("-") || dir.equals("\u2212")
            ? -1
            : 1;
    return new DateClaim.Shift(
        wording(m, "b"),
        CalendarText.parseDate(m.group("a")),
        Amount.parse(m.group("n")),
        sign,
        CalendarText.parseDate(m.group("b")));
  }

  private DateClaim difference(Matcher m) {
    Amount amount = Amount.parse(m.group("n"));
    return new DateClaim.Difference(
        wording(m, "n"),
        CalendarText.parseDate(m.group("a")),
        CalendarText.parseDate(m.group("b")),
        amount,
        m.group("incl") != null);
  }

  private DateClaim age(Matcher m) {
    String verb = m.group("verb").toLowerCase(Locale.ROOT);
    DatePoint at = m.group("at") == null ? null : CalendarText.parseDate(m.group("at"));
    boolean present = verb.equals("is") || verb.equals("is now") || verb.equals("turns")
        || verb.matches("(?:you|he|she|they|i)\\s+(?:are|is|am)(?:\\s+now)?");
    if (at == null && !present) return null; // "was 30" with no date says nothing checkable
    return new DateClaim.Age(
        wording(m, "n"), CalendarText.parseDate(m.group("a")), at, Long.parseLong(m.group("n")));
  }

  private DateClaim weekday(Matcher m) {
    DatePoint date = CalendarText.parseDate(m.group("a"));
    if (date.relative()) return null;
    return new DateClaim.Weekday(wording(m, "w"), date, CalendarText.weekday(m.group("w")));
  }

  private DateClaim until(Matcher m, boolean ago) {
    DatePoint target = CalendarText.parseDate(m.group("a"));
    if (target.relative()) return null;
    return new DateClaim.Until(wording(m, "n"), target, Amount.parse(m.group("n")), ago);
  }

  private DateClaim zoneConversion(Matcher m) {
    DatePoint from = CalendarText.parseDate(m.group("a"));
    if (!from.hasTime() || from.zone() == null) return null;
    LocalDate toDate = m.group("bd") == null ? null : LocalDate.parse(m.group("bd"));
    int valueStart = m.group("bd") != null ? m.start("bd") : m.start("bt");
    return new DateClaim.ZoneConversion(
        new Wording(m.group(), valueStart - m.start(), m.end("bt") - m.start()),
        from,
        toDate,
        LocalTime.parse(m.group("bt")),
        CalendarText.parseZone(m.group("z")));
  }
}
