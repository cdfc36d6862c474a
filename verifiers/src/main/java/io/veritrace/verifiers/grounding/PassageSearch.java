package io.veritrace.verifiers.grounding;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finding a quotation in a source: exactly (linear time, whole words) and, when that fails, the
 * passage that shares most of its words (a sliding window over the source's words, linear in the
 * source and bounded in both the quotation's and the source's length).
 */
public final class PassageSearch {

  /** The closest-passage search compares at most this many words of a quotation. */
  public static final int MAX_QUOTE_WORDS = 200;

  /** The closest-passage search reads at most this many chars of a normalized source. */
  public static final int MAX_SCAN_CHARS = 4_000_000;

  /**
   * The best window found.
   *
   * @param passage the source's own words for the window
   * @param similarity share of the quotation's words the window contains, 0..1
   * @param truncated whether the source was longer than the search reads
   */
  public record Passage(String passage, double similarity, boolean truncated) {}

  private PassageSearch() {}

  /**
   * Whether the normalized {@code fragments} occur in order in {@code source}, each on whole-word
   * boundaries. An ellipsis in a quotation separates fragments.
   */
  public static boolean containsInOrder(NormalizedText source, List<String> fragments) {
    int from = 0;
    for (String fragment : fragments) {
      if (fragment.isEmpty()) continue;
      int at = indexOfWord(source.text(), fragment, from);
      if (at < 0) return false;
      from = at + fragment.length();
    }
    return true;
  }

  /**
   * First whole-word occurrence of {@code needle} in normalized {@code hay} at or after {@code
   * from}. A joiner kept by {@link NormalizedText} ends a word too: {@code dalton} is in {@code
   * john dalton's}, {@code kangeiko} in {@code kuviasungnerk/kangeiko}, {@code new york} in
   * {@code new york-based}.
   */
  static int indexOfWord(String hay, String needle, int from) {
    int[] failure = failure(needle);
    int matched = 0;
    for (int i = from; i < hay.length(); i++) {
      char c = hay.charAt(i);
      while (matched > 0 && needle.charAt(matched) != c) matched = failure[matched - 1];
      if (needle.charAt(matched) == c) matched++;
      if (matched == needle.length()) {
        int start = i - needle.length() + 1;
        boolean startsWord = start == 0 || !Character.isLetterOrDigit(hay.charAt(start - 1));
        boolean endsWord = i + 1 == hay.length() || !Character.isLetterOrDigit(hay.charAt(i + 1));
        if (startsWord && endsWord) return start;
        matched = failure[matched - 1];
      }
    }
    return -1;
  }

  private static int[] failure(String needle) {
    int[] f = new int[needle.length()];
    int k = 0;
    for (int i = 1; i < needle.length(); i++) {
      while (k > 0 && needle.charAt(k) != needle.charAt(i)) k = f[k - 1];
      if (needle.charAt(k) == needle.charAt(i)) k++;
      f[i] = k;
    }
    return f;
  }

  /** The window of the quotation's length that shares most of its words (first best wins). */
  public static Passage closest(NormalizedText source, String normalizedQuote) {
    String[] quoteWords = normalizedQuote.isEmpty() ? new String[0] : normalizedQuote.split(" ");
    int k = Math.min(quoteWords.length, MAX_QUOTE_WORDS);
    if (k == 0 || source.text().isEmpty()) return new Passage("", 0, false);
    Map<String, Integer> ids = new HashMap<>();
    int[] need = new int[k];
    for (int i = 0; i < k; i++) {
      int id = ids.computeIfAbsent(quoteWords[i], w -> ids.size());
      need[id]++;
    }
    String text = source.text();
    int limit = Math.min(text.length(), MAX_SCAN_CHARS);
    int[] have = new int[ids.size()];
    int[] windowIds = new int[k];
    int[] windowStarts = new int[k];
    int count = 0;
    int matched = 0;
    int bestMatched = -1;
    int bestStart = 0;
    int bestEnd = 0;
    int pos = 0;
    while (pos < limit) {
      int end = text.indexOf(' ', pos);
      if (end < 0 || end > limit) end = limit;
      int slot = count % k;
      if (count >= k) {
        int leaving = windowIds[slot];
        if (leaving >= 0 && --have[leaving] < need[leaving]) matched--;
      }
      Integer id = ids.get(text.substring(pos, end));
      int entering = id == null ? -1 : id;
      if (entering >= 0 && have[entering]++ < need[entering]) matched++;
      windowIds[slot] = entering;
      windowStarts[slot] = pos;
      count++;
      if (matched > bestMatched) {
        bestMatched = matched;
        bestStart = windowStarts[count >= k ? count % k : 0];
        bestEnd = end;
      }
      pos = end + 1;
    }
    return new Passage(
        source.originalSpan(bestStart, bestEnd),
        bestMatched / (double) k,
        limit < text.length());
  }
}
