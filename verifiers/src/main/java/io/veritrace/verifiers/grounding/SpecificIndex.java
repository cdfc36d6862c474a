package io.veritrace.verifiers.grounding;

import io.veritrace.verifiers.grounding.Specific.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The specifics a body of text makes available, for asking whether an answer's specific came from
 * it. Deliberately more generous than {@link SpecificFinder}: every digit sequence is a number
 * (also inside dates, codes and amounts), numbers written as words count, a date gives its month
 * and day too, and names are looked up as whole words anywhere in the text, ignoring case.
 */
final class SpecificIndex {

  /** Each text is indexed on its first this many characters (bounded time and memory). */
  static final int MAX_CHARS = 4_000_000;

  private static final Pattern DIGITS = Pattern.compile("\\d+(?:[.,]\\d+)*");
  private static final Pattern SPELLED =
      Pattern.compile(
          "\\b(?:(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](one|two|three|four"
              + "|five|six|seven|eight|nine))?|(zero|one|two|three|four|five|six|seven|eight|nine|ten"
              + "|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
              + "|hundred|thousand|dozen|noon|midnight|half))\\b",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern QUANTITY =
      Pattern.compile("(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)(?:-([a-z]+))?");
  private static final Map<String, Integer> VALUES =
      Map.ofEntries(
          Map.entry("zero", 0), Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3),
          Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7),
          Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10), Map.entry("eleven", 11),
          Map.entry("twelve", 12), Map.entry("thirteen", 13), Map.entry("fourteen", 14),
          Map.entry("fifteen", 15), Map.entry("sixteen", 16), Map.entry("seventeen", 17),
          Map.entry("eighteen", 18), Map.entry("nineteen", 19), Map.entry("twenty", 20),
          Map.entry("thirty", 30), Map.entry("forty", 40), Map.entry("fifty", 50),
          Map.entry("sixty", 60), Map.entry("seventy", 70), Map.entry("eighty", 80),
          Map.entry("ninety", 90), Map.entry("hundred", 100), Map.entry("thousand", 1000),
          Map.entry("dozen", 12));

  private final Set<String> numbers = new HashSet<>();
  private final Set<String> bareNumbers = new HashSet<>();
  private final Set<String> money = new HashSet<>();
  private final Set<String> dates = new HashSet<>();
  private final Set<String> identifiers = new HashSet<>();
  private final List<String> words = new ArrayList<>();
  private final Set<String> quantities = new HashSet<>();
  /** Words the text puts right after a number: what its numbers count ("16 weeks", "10 TB"). */
  private final Set<String> units = new HashSet<>();

  static SpecificIndex of(List<String> texts) {
    SpecificIndex index = new SpecificIndex();
    for (String t : texts) index.add(t);
    return index;
  }

  void add(String raw) {
    String text = raw.length() > MAX_CHARS ? raw.substring(0, MAX_CHARS) : raw;
    List<int[]> moneySpans = new ArrayList<>();
    List<int[]> dateSpans = new ArrayList<>();
    for (Specific s : SpecificFinder.in(text, false)) {
      switch (s.kind()) {
        case DATE -> {
          dateSpans.add(new int[] {s.start(), s.end()});
          for (String key : s.keys()) {
            dates.add(key);
            if (key.startsWith("T")) numbers.add(Integer.toString(Integer.parseInt(key.substring(1, 3))));
            if (key.length() == 10) {
              dates.add(key.substring(0, 7));
              dates.add("--" + key.substring(5));
              // a date's year is used on its own ("since 2024"); its day and month are not numbers
              // of anything ("8 hours" is not supported by a release date in August)
              numbers.add(Integer.toString(Integer.parseInt(key.substring(0, 4))));
            }
          }
        }
        case MONEY -> {
          money.addAll(s.keys());
          moneySpans.add(new int[] {s.start(), s.end()});
        }
        case IDENTIFIER -> identifiers.addAll(s.keys());
        default -> numbers.addAll(s.keys()); // numbers with a multiplier keep both values
      }
    }
    Matcher m = DIGITS.matcher(text);
    int span = 0;
    while (m.find()) {
      int at = m.start();
      if (dateSpans.stream().anyMatch(d -> d[0] <= at && at < d[1])) continue;
      while (span < moneySpans.size() && moneySpans.get(span)[1] <= m.start()) span++;
      boolean inMoney = span < moneySpans.size() && moneySpans.get(span)[0] <= m.start();
      List<String> keys = new ArrayList<>();
      String whole = m.group();
      if (whole.matches("\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?")) {
        keys.addAll(SpecificFinder.numberKeys(whole, null));
        if (m.end() < text.length() && text.charAt(m.end()) == '%') {
          keys.add(SpecificFinder.plain(new BigDecimal(whole.replace(",", "")).movePointLeft(2)));
        }
      } else {
        // "1,2,3" or "2.1.3": the parts, not a value
        for (String part : whole.split("[.,]")) keys.addAll(SpecificFinder.numberKeys(part, null));
      }
      numbers.addAll(keys);
      if (!inMoney) bareNumbers.addAll(keys);
    }
    m = SPELLED.matcher(text);
    while (m.find()) {
      String word = (m.group(1) != null ? m.group(1) : m.group(3)).toLowerCase(Locale.ROOT);
      switch (word) {
        case "noon" -> dates.add(SpecificFinder.timeKey(12, 0));
        case "midnight" -> dates.add(SpecificFinder.timeKey(0, 0));
        case "half" -> addNumber("0.5");
        default -> {
          int value = VALUES.get(word);
          if (m.group(2) != null) value += VALUES.get(m.group(2).toLowerCase(Locale.ROOT));
          addNumber(Integer.toString(value));
        }
      }
    }
    String normalized = NormalizedText.normalize(text);
    words.add(normalized);
    String[] tokens = normalized.split(" ");
    for (int i = 0; i < tokens.length; i++) {
      Matcher q = QUANTITY.matcher(tokens[i]);
      if (!q.matches() || q.group(1).length() > 40) continue;
      String number = SpecificFinder.numberKeys(q.group(1), null).get(0);
      if (q.group(2) != null) quantities.add(number + " " + stem(q.group(2)));
      if (q.group(2) != null) units.add(stem(q.group(2)));
      else if (i + 1 < tokens.length) units.add(stem(tokens[i + 1]));
      for (int k = i + 1; k <= i + 2 && k < tokens.length; k++) quantities.add(number + " " + stem(tokens[k]));
    }
    for (int i = 0; i + 1 < tokens.length; i++) {
      // "SKU 4421" in a source supports "SKU-4421" in an answer.
      if (tokens[i].chars().anyMatch(Character::isDigit) || tokens[i + 1].chars().anyMatch(Character::isDigit)) {
        identifiers.add(SpecificFinder.identifierKey(tokens[i] + tokens[i + 1]));
      }
      identifiers.add(SpecificFinder.identifierKey(tokens[i]));
    }
    if (tokens.length > 0) identifiers.add(SpecificFinder.identifierKey(tokens[tokens.length - 1]));
  }

  private void addNumber(String value) {
    numbers.add(value);
    bareNumbers.add(value);
  }

  boolean contains(Specific s) {
    // any of its forms: a number with a multiplier is found as its value or as written
    for (String key : s.keys()) if (containsKey(s.kind(), key)) return true;
    return false;
  }

  /** Whether normalized {@code passage} ({@link NormalizedText}) occurs in the text, word for word. */
  boolean containsPassage(String passage) {
    for (String text : words) if (PassageSearch.indexOfWord(text, passage, 0) >= 0) return true;
    return false;
  }

  /** Words a changed stretch of a copied passage may have: more is a paraphrase, not a copy. */
  private static final int MAX_CHANGED_WORDS = 4;

  /**
   * Where {@code claim} copies a passage of the text word for word except for a short stretch
   * that states a number or a name the passage does not ("pairs of primes with difference 4"
   * where the source says 2, though a 4 occurs elsewhere in it): the two stretches in words;
   * null when it is no such copy. At least 60 % of the claim's words must be copied, three or
   * more on each side of the change, and the change be at most {@link #MAX_CHANGED_WORDS} words.
   *
   * @param normalized the claim through {@link NormalizedText}
   */
  String alteredCopy(String claim, String normalized) {
    String[] cw = normalized.split(" ");
    int n = cw.length;
    if (n < 5) return null;
    for (String text : words) {
      int k = 0;
      int at = -1;
      while (k < n) {
        int found = PassageSearch.indexOfWord(text, String.join(" ", Arrays.copyOfRange(cw, 0, k + 1)), 0);
        if (found < 0) break;
        at = found;
        k++;
      }
      if (k < 3) continue;
      int from = at + String.join(" ", Arrays.copyOfRange(cw, 0, k)).length();
      int m = 0;
      int suffixAt = -1;
      while (m < n - k) {
        int found = PassageSearch.indexOfWord(text, String.join(" ", Arrays.copyOfRange(cw, n - m - 1, n)), from);
        if (found < 0) break;
        suffixAt = found;
        m++;
      }
      // anchored on both sides, most of the claim copied, and the change one specific long
      if (k < 3 || m < 3 || k + m >= n || k + m < 0.6 * n || n - k - m > MAX_CHANGED_WORDS) continue;
      String claimGap = String.join(" ", Arrays.copyOfRange(cw, k, n - m));
      String sourceGap = text.substring(from, suffixAt).strip();
      if (sourceGap.equals(claimGap) || sourceGap.isEmpty() || sourceGap.split(" ").length > MAX_CHANGED_WORDS) continue;
      if (!statesSpecific(claim, claimGap)) continue;
      // a number changed for words, or words for a number, is a rewording more often than not
      if (claimGap.chars().anyMatch(Character::isDigit) != sourceGap.chars().anyMatch(Character::isDigit)) continue;
      return "it has \"" + claimGap + "\" where the source has \"" + sourceGap + "\"";
    }
    return null;
  }

  /** Whether the changed words hold a digit or a name of the claim. */
  private static boolean statesSpecific(String claim, String gap) {
    if (gap.chars().anyMatch(Character::isDigit)) return true;
    for (Specific s : SpecificFinder.in(claim)) {
      if (s.kind() == Kind.NAME && PassageSearch.indexOfWord(gap, s.key(), 0) >= 0) return true;
    }
    return false;
  }

  /** Whether the number occurs counting {@code unit} ({@code 18 weeks}, not just an 18). */
  boolean containsQuantity(String numberKey, String unit) {
    return quantities.contains(numberKey + " " + stem(unit));
  }

  /** Whether the text counts something in {@code unit} anywhere. */
  boolean usesUnit(String unit) {
    return units.contains(stem(unit));
  }

  static String stem(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    return w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.substring(0, w.length() - 1) : w;
  }

  private boolean containsKey(Kind kind, String key) {
    return switch (kind) {
      case NUMBER -> numbers.contains(key);
      case MONEY -> money.contains(key) || bareNumbers.contains(key.substring(key.indexOf(':') + 1));
      case DATE ->
          dates.contains(key)
              || (key.length() == 10
                  && dates.contains("--" + key.substring(5))
                  && numbers.contains(key.substring(0, 4)));
      case IDENTIFIER -> identifiers.contains(key);
      case NAME -> {
        for (String text : words) if (PassageSearch.indexOfWord(text, key, 0) >= 0) yield true;
        yield false;
      }
    };
  }
}
