package io.veritrace.verifiers.grounding;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Text reduced to what a quotation must preserve: its words. Unicode compatibility forms are
 * folded (NFKC), case is folded, curly quotes and dashes become their ASCII forms, and every run
 * of characters that are not letters or digits becomes one space, except a joiner ({@code . , - '
 * / : & _}) between two letters or digits ({@code 1,200}, {@code 3.5}, {@code e-mail},
 * {@code don't}, {@code 24/7}, {@code 9:30}). Keeps, for each character, where it came from in
 * the original, so a passage found here can be shown as the source wrote it.
 *
 * @param text the normalized text: lower-case words separated by single spaces
 * @param origin for each char of {@code text}, its index in {@code original}
 */
public record NormalizedText(String original, String text, int[] origin) {

  public static NormalizedText of(String raw) {
    // Pass 1: fold each character (with its combining marks) and remember where it came from.
    StringBuilder folded = new StringBuilder(raw.length());
    int[] foldedOrigin = new int[raw.length() + 16];
    int n = 0;
    int i = 0;
    while (i < raw.length()) {
      int start = i;
      char c = raw.charAt(i);
      // ASCII fast path, unless a combining mark follows and must be composed with it.
      if (c < 128 && (i + 1 == raw.length() || raw.charAt(i + 1) < '\u0300')) {
        i++;
        char lower = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        foldedOrigin = ensure(foldedOrigin, n + 1);
        folded.append(lower);
        foldedOrigin[n++] = start;
        continue;
      }
      i += Character.charCount(raw.codePointAt(i));
      while (i < raw.length() && isMark(raw.codePointAt(i))) {
        i += Character.charCount(raw.codePointAt(i));
      }
      String unit = fold(raw.substring(start, i));
      foldedOrigin = ensure(foldedOrigin, n + unit.length());
      for (int k = 0; k < unit.length(); k++) {
        folded.append(unit.charAt(k));
        foldedOrigin[n++] = start;
      }
    }
    // Pass 2: keep letters, digits and inner joiners; everything else is one space.
    StringBuilder out = new StringBuilder(n);
    int[] origin = new int[n];
    int m = 0;
    boolean space = false;
    for (int k = 0; k < n; k++) {
      char c = folded.charAt(k);
      boolean keep =
          Character.isLetterOrDigit(c)
              || (Character.getType(c) == Character.NON_SPACING_MARK && m > 0)
              || (isJoiner(c)
                  && m > 0
                  && !space
                  && Character.isLetterOrDigit(out.charAt(m - 1))
                  && k + 1 < n
                  && Character.isLetterOrDigit(folded.charAt(k + 1)));
      if (!keep) {
        space = m > 0;
        continue;
      }
      if (space) {
        out.append(' ');
        origin[m++] = foldedOrigin[k];
        space = false;
      }
      out.append(c);
      origin[m++] = foldedOrigin[k];
    }
    return new NormalizedText(raw, out.toString(), Arrays.copyOf(origin, m));
  }

  /**
   * The characters of {@code raw} folded as {@link #of} folds them — Unicode compatibility forms
   * (NFKC), curly quotes and apostrophes to ASCII, every dash and the minus sign to {@code -} —
   * and runs of spaces, tabs and no-break spaces to one space, with case and punctuation kept:
   * for readers that parse the text after (dates), where {@link #normalize} would drop what they
   * read.
   */
  public static String folded(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    int i = 0;
    while (i < raw.length()) {
      int start = i;
      i += Character.charCount(raw.codePointAt(i));
      while (i < raw.length() && isMark(raw.codePointAt(i))) i += Character.charCount(raw.codePointAt(i));
      String unit = raw.substring(start, i);
      String f = Normalizer.normalize(unit, Normalizer.Form.NFKC);
      for (int k = 0; k < f.length(); k++) {
        char c = foldChar(f.charAt(k));
        boolean blank = c == ' ' || c == '\t' || c == '\u00A0';
        if (blank && out.length() > 0 && out.charAt(out.length() - 1) == ' ') continue;
        out.append(blank ? ' ' : c);
      }
    }
    return out.toString();
  }

  /** Normalizes a short text (a quotation, a name) without keeping origins. */
  public static String normalize(String raw) {
    return of(raw).text();
  }

  /** The original text behind normalized chars {@code [start, end)}. */
  public String originalSpan(int start, int end) {
    if (start >= end || text.isEmpty()) return "";
    int from = origin[start];
    int to = end >= origin.length ? original.length() : origin[end - 1] + 1;
    // Extend to the end of the last original word (a folded char may stand for several).
    while (to < original.length() && Character.isLetterOrDigit(original.charAt(to))) to++;
    return original.substring(from, to).strip();
  }

  private static String fold(String unit) {
    String s = Normalizer.normalize(unit, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(s.length());
    for (int k = 0; k < s.length(); k++) b.append(foldChar(s.charAt(k)));
    return b.toString();
  }

  private static char foldChar(char c) {
    return switch (c) {
      case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\u02BC' -> '\'';
      case '\u201C', '\u201D', '\u201E', '\u201F', '\u00AB', '\u00BB', '\u2033' -> '"';
      case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212' -> '-';
      default -> c;
    };
  }

  private static boolean isJoiner(char c) {
    return c == '.' || c == ',' || c == '-' || c == '\'' || c == '/' || c == ':' || c == '&'
        || c == '_';
  }

  private static boolean isMark(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.COMBINING_SPACING_MARK;
  }

  private static int[] ensure(int[] array, int size) {
    return size <= array.length ? array : Arrays.copyOf(array, Math.max(size, array.length * 2));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NormalizedText other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
