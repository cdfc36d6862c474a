package io.veritrace.verifiers.grounding;

import io.veritrace.verifiers.grounding.Specific.Kind;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the specifics of {@link Specific} in text, in this order (an earlier kind claims its
 * words): dates and times, money, identifiers, numbers, names. Citation markers, URLs, e-mail
 * addresses and list numbering are not specifics. Numbers written as words are not specifics of
 * an answer (too many are ordinary words: "one of", "two options"), but they are found in the
 * texts specifics may come from ({@link SpecificIndex}).
 */
public final class SpecificFinder {

  private SpecificFinder() {}

  private static final String NUM = "(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?";
  private static final String MONTH_NAME =
      "(?:January|February|March|April|May|June|July|August|September|October|November|December"
          + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)";
  private static final String ORD = "(?:st|nd|rd|th)?";

  private static final Pattern MASK =
      Pattern.compile(
          "\\[[^\\[\\]\\n]{1,160}\\](?!\\()|https?://\\S+|www\\.\\S+|[\\w.+-]+@[\\w-]+\\.[\\w.]+");
  private static final Pattern LIST_NUMBER = Pattern.compile("(?m)^[ \\t]*(?:[-*•][ \\t]*)?\\d{1,2}[.)](?=\\s)");
  private static final Pattern ISO =
      Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::\\d{2})?)?\\b");
  private static final Pattern DMY =
      Pattern.compile(
          "\\b(\\d{1,2})" + ORD + "\\s+(?:of\\s+)?(" + MONTH_NAME + ")\\.?,?\\s+(\\d{4})\\b");
  private static final Pattern MDY =
      Pattern.compile("\\b(" + MONTH_NAME + ")\\.?\\s+(\\d{1,2})" + ORD + ",?\\s+(\\d{4})\\b");
  private static final Pattern MY = Pattern.compile("\\b(" + MONTH_NAME + ")\\.?,?\\s+(\\d{4})\\b");
  private static final Pattern DM =
      Pattern.compile("\\b(\\d{1,2})" + ORD + "\\s+(?:of\\s+)?(" + MONTH_NAME + ")\\b");
  private static final Pattern MD =
      Pattern.compile("\\b(" + MONTH_NAME + ")\\.?\\s+(\\d{1,2})" + ORD + "\\b(?![:\\d])");
  private static final Pattern TIME12 =
      Pattern.compile(
          "\\b(\\d{1,2})(?::(\\d{2}))?\\s?([ap])\\.?\\s?m\\b\\.?", Pattern.CASE_INSENSITIVE);
  private static final Pattern TIME24 = Pattern.compile("\\b(\\d{1,2}):(\\d{2})\\b");
  private static final Pattern MONEY_BEFORE =
      Pattern.compile(
          "(US\\$|[$€£¥]|\\b(?:USD|EUR|GBP)\\s?)(" + NUM + ")(?:\\s?(million|billion|thousand|bn|k)\\b)?");
  private static final Pattern MONEY_AFTER =
      Pattern.compile(
          "\\b(" + NUM + ")\\s?(million|billion|thousand)?\\s?(dollars?|euros?|pounds?|USD|EUR|GBP)\\b");
  private static final Pattern TOKEN = Pattern.compile("\\b[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\\b");
  private static final Pattern UNIT_NUMBER =
      Pattern.compile(
          "(\\d+)(?:st|nd|rd|th|k|m|bn|kg|g|mg|mb|gb|tb|kb|km|cm|mm|m2|ml|l|h|hr|hrs|min|mins|s|ms"
              + "|x|am|pm|px|p|d|w|y|yr|yrs|fps|hz|ghz|mhz|kw|kwh|w|v|mah|gbps|mbps)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern NUMBER =
      Pattern.compile("(?<![\\w.,])(" + NUM + ")(\\s?%|\\s?percent)?(?:\\s(million|billion|thousand))?(?![\\w])");
  /**
   * A word: letters of any script with inner apostrophes of every kind, hyphens and dashes
   * ({@code Midsummer’s}, {@code Polish–Lithuanian}), or an abbreviation of capitals with full
   * stops ({@code U.S.}, one name, not a name {@code U}). Never the letters glued to a number
   * ({@code 3D-printed} has no name {@code D-printed}).
   */
  private static final Pattern WORD =
      Pattern.compile(
          "(?<![\\p{L}\\p{M}\\p{N}])(?:\\p{Lu}(?:\\.\\p{Lu})+\\.?(?![\\p{L}])|[\\p{L}\\p{M}]+(?:['’ʼ&\\-‐‑–][\\p{L}\\p{M}]+)*)");

  /** Where a capitalized part follows a joiner inside a word that is not capitalized itself. */
  private static final Pattern INNER_NAME = Pattern.compile("(?<=['’ʼ\\-‐‑–])\\p{Lu}");

  /** Capitalized words that start sentences or phrases without naming anything. */
  static final Set<String> NOT_NAMES =
      Set.of(
          "the", "a", "an", "this", "that", "these", "those", "it", "its", "i", "we", "you",
          "your", "our", "they", "he", "she", "his", "her", "their", "if", "for", "in", "on",
          "at", "to", "of", "and", "but", "or", "so", "as", "with", "by", "from", "after",
          "before", "yes", "no", "please", "note", "also", "however", "per", "according",
          "under", "each", "every", "all", "any", "both", "there", "here", "when", "where",
          "what", "which", "who", "why", "how", "since", "because", "only", "not", "then",
          "than", "once", "while", "during", "within", "between", "unless", "until", "total",
          "answer", "step", "source", "sources", "document", "today", "tomorrow", "yesterday",
          "mr", "mrs", "ms", "dr", "prof", "sir", "monday", "tuesday", "wednesday", "thursday",
          "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june",
          "july", "august", "september", "october", "november", "december", "ok", "okay",
          "sure", "thus", "therefore", "hence", "overall", "finally", "first", "second",
          "third", "next", "last", "otherwise", "instead", "unfortunately");

  /**
   * Words that often open a sentence without naming anything: a capitalized sentence-initial word
   * that is none of these (nor of {@link #NOT_NAMES}) is taken for a name, so a name swapped in at
   * the start of a sentence is checked like any other.
   */
  static final Set<String> STARTERS =
      Set.of(
          "submit", "send", "bring", "keep", "ask", "pay", "book", "apply", "remember", "choose",
          "select", "open", "click", "enter", "read", "follow", "avoid", "add", "ship", "order",
          "although", "though", "many", "most", "some", "several", "few", "other", "others",
          "such", "among", "despite", "around", "about", "above", "below", "over", "through",
          "throughout", "without", "against", "toward", "towards", "upon", "into", "onto", "like",
          "unlike", "near", "along", "across", "behind", "beyond", "besides", "further",
          "furthermore", "moreover", "meanwhile", "nevertheless", "nonetheless", "still", "yet",
          "indeed", "instead", "rather", "perhaps", "maybe", "often", "usually", "typically",
          "generally", "sometimes", "today", "currently", "recently", "later", "earlier", "now",
          "soon", "again", "even", "just", "more", "less", "much", "one", "two", "three", "four",
          "five", "ten", "half", "none", "nobody", "nothing", "everyone", "everything", "someone",
          "something", "anyone", "whether", "whose", "whom", "whatever", "whenever", "wherever",
          "my", "me", "us", "him", "them", "is", "are", "was", "were", "be", "do", "does", "did",
          "can", "could", "will", "would", "should", "shall", "must", "might", "has", "have",
          "had", "let", "see", "use", "buy", "get", "go", "make", "take", "try", "check", "call",
          "visit", "contact", "returns", "shipping", "orders", "customers", "prices", "based",
          "given", "including", "following", "according", "compared", "due", "prior", "initially",
          "originally", "eventually", "especially", "similarly", "likewise", "consequently",
          "accordingly", "additionally", "alternatively", "notably", "specifically", "essentially",
          "approximately", "roughly", "nearly", "almost", "new", "old", "early", "late", "large",
          "small", "major", "main", "current", "former", "modern", "recent", "common", "important",
          "local", "national", "public", "private", "these", "those", "because", "unless", "until",
          "where", "whereas", "wherein", "whilst", "via", "versus", "what's", "it's", "there's",
          "that's", "here's", "let's", "don't", "doesn't", "isn't", "aren't", "can't", "won't");

  private static final Set<String> CONNECTORS =
      Set.of("of", "de", "del", "da", "van", "von", "der", "den", "la", "le", "du", "y", "&");

  /** The specifics in {@code text}, in order of position. */
  public static List<Specific> in(String text) {
    return in(text, true);
  }

  /** The specifics in {@code text}; names only when {@code withNames}. */
  static List<Specific> in(String text, boolean withNames) {
    return in(text, withNames, true);
  }

  /**
   * The specifics in {@code text}; names only when {@code withNames}; a line's opening "4)" or
   * "4." is list numbering, no number, only when {@code numberedLines} (not when the text
   * continues a line that broke inside a parenthesis: "phosphate (PO3−" then "4) groups").
   */
  static List<Specific> in(String text, boolean withNames, boolean numberedLines) {
    List<Specific> found = new ArrayList<>();
    BitSet taken = new BitSet(text.length());
    mask(MASK, text, taken);
    if (numberedLines) mask(LIST_NUMBER, text, taken);
    dates(text, taken, found);
    money(text, taken, found);
    identifiers(text, taken, found);
    numbers(text, taken, found);
    if (withNames) names(text, taken, found);
    found.sort((a, b) -> Integer.compare(a.start(), b.start()));
    return found;
  }

  private static void mask(Pattern p, String text, BitSet taken) {
    Matcher m = p.matcher(text);
    while (m.find()) taken.set(m.start(), m.end());
  }

  private static boolean free(BitSet taken, int start, int end) {
    int next = taken.nextSetBit(start);
    return next < 0 || next >= end;
  }

  private static void add(
      List<Specific> out, BitSet taken, Kind kind, Matcher m, List<String> keys) {
    out.add(new Specific(kind, m.group(), keys, m.start(), m.end()));
    taken.set(m.start(), m.end());
  }

  // --- dates and times ------------------------------------------------------------------------

  private static void dates(String text, BitSet taken, List<Specific> out) {
    Matcher m = ISO.matcher(text);
    while (m.find()) {
      if (!free(taken, m.start(), m.end())) continue;
      String key = dateKey(m.group(1), m.group(2), m.group(3));
      if (key == null) continue;
      add(out, taken, Kind.DATE, m, List.of(key));
    }
    fullDates(DMY, 1, 2, 3, text, taken, out);
    fullDates(MDY, 2, 1, 3, text, taken, out);
    m = MY.matcher(text);
    while (m.find()) {
      if (!free(taken, m.start(), m.end())) continue;
      add(out, taken, Kind.DATE, m, List.of(String.format("%s-%02d", m.group(2), month(m.group(1)))));
    }
    monthDays(DM, 1, 2, text, taken, out);
    monthDays(MD, 2, 1, text, taken, out);
    m = TIME12.matcher(text);
    while (m.find()) {
      if (!free(taken, m.start(), m.end())) continue;
      int hour = Integer.parseInt(m.group(1));
      int minute = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
      if (hour < 1 || hour > 12 || minute > 59) continue;
      int h24 = hour % 12 + (m.group(3).equalsIgnoreCase("p") ? 12 : 0);
      add(out, taken, Kind.DATE, m, List.of(timeKey(h24, minute)));
    }
    m = TIME24.matcher(text);
    while (m.find()) {
      if (!free(taken, m.start(), m.end())) continue;
      int hour = Integer.parseInt(m.group(1));
      int minute = Integer.parseInt(m.group(2));
      if (hour > 24 || minute > 59) continue;
      add(out, taken, Kind.DATE, m, List.of(timeKey(hour % 24, minute)));
    }
  }

  private static void fullDates(
      Pattern p, int day, int month, int year, String text, BitSet taken, List<Specific> out) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      if (!free(taken, m.start(), m.end())) continue;
      String key = dateKey(m.group(year), Integer.toString(month(m.group(month))), m.group(day));
      if (key != null) add(out, taken, Kind.DATE, m, List.of(key));
    }
  }

  private static void monthDays(
      Pattern p, int day, int month, String text, BitSet taken, List<Specific> out) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      if (!free(taken, m.start(), m.end())) continue;
      int d = Integer.parseInt(m.group(day));
      if (d < 1 || d > 31) continue;
      add(out, taken, Kind.DATE, m, List.of(String.format("--%02d-%02d", month(m.group(month)), d)));
    }
  }

  /** {@code 2024-03-01}, or null when the parts name no real date. */
  static String dateKey(String year, String month, String day) {
    try {
      return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day))
          .toString();
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  static String timeKey(int hour, int minute) {
    return String.format("T%02d:%02d", hour, minute);
  }

  static int month(String name) {
    String key = name.toLowerCase(Locale.ROOT).substring(0, 3);
    for (Month m : Month.values()) {
      if (m.name().toLowerCase(Locale.ROOT).startsWith(key)) return m.getValue();
    }
    throw new IllegalArgumentException(name);
  }

  // --- money, identifiers, numbers -------------------------------------------------------------

  private static void money(String text, BitSet taken, List<Specific> out) {
    Matcher m = MONEY_BEFORE.matcher(text);
    while (m.find()) {
      if (!free(taken, m.start(), m.end())) continue;
      add(out, taken, Kind.MONEY, m, moneyKeys(currency(m.group(1)), m.group(2), m.group(3)));
    }
    m = MONEY_AFTER.matcher(text);
    while (m.find()) {
      if (!free(taken, m.start(), m.end())) continue;
      add(out, taken, Kind.MONEY, m, moneyKeys(currency(m.group(3)), m.group(1), m.group(2)));
    }
  }

  static String currency(String written) {
    String c = written.strip().toLowerCase(Locale.ROOT);
    if (c.equals("$") || c.equals("us$") || c.startsWith("dollar") || c.equals("usd")) return "USD";
    if (c.equals("€") || c.startsWith("euro") || c.equals("eur")) return "EUR";
    if (c.equals("£") || c.startsWith("pound") || c.equals("gbp")) return "GBP";
    return c.equals("¥") ? "JPY" : c.toUpperCase(Locale.ROOT);
  }

  private static List<String> moneyKeys(String currency, String number, String multiplier) {
    List<String> keys = new ArrayList<>();
    for (String value : numberKeys(number, multiplier)) keys.add(currency + ":" + value);
    return keys;
  }

  private static void identifiers(String text, BitSet taken, List<Specific> out) {
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      if (!free(taken, m.start(), m.end())) continue;
      String token = m.group();
      if (!isIdentifier(token)) {
        Matcher unit = UNIT_NUMBER.matcher(token);
        if (unit.matches()) add(out, taken, Kind.NUMBER, m, numberKeys(unit.group(1), null));
        continue;
      }
      add(out, taken, Kind.IDENTIFIER, m, List.of(identifierKey(token)));
    }
  }

  static boolean isIdentifier(String token) {
    if (UNIT_NUMBER.matcher(token).matches()) return false;
    boolean digitChunk = false, capsChunk = false;
    for (String chunk : token.split("-")) {
      boolean letters = chunk.chars().anyMatch(Character::isLetter);
      boolean digits = chunk.chars().anyMatch(Character::isDigit);
      if (letters && digits && !UNIT_NUMBER.matcher(chunk).matches()) return true;
      if (digits && !letters) digitChunk = true;
      if (letters && !digits && chunk.length() >= 2 && chunk.equals(chunk.toUpperCase(Locale.ROOT))) {
        capsChunk = true;
      }
    }
    return digitChunk && capsChunk;
  }

  static String identifierKey(String token) {
    return token.toLowerCase(Locale.ROOT).replace("-", "").replace("/", "");
  }

  private static void numbers(String text, BitSet taken, List<Specific> out) {
    Matcher m = NUMBER.matcher(text);
    while (m.find()) {
      if (!free(taken, m.start(), m.end())) continue;
      add(out, taken, Kind.NUMBER, m, numberKeys(m.group(1), m.group(3)));
    }
  }

  /** The value of a written number, and when a multiplier follows also the number as written. */
  static List<String> numberKeys(String number, String multiplier) {
    String digits = number.replace(",", "");
    if (digits.length() > 40) return List.of(digits); // no arithmetic on absurdly long numbers
    BigDecimal value = new BigDecimal(digits);
    String plain = plain(value);
    if (multiplier == null) return List.of(plain);
    BigDecimal scale =
        switch (multiplier.toLowerCase(Locale.ROOT)) {
          case "thousand", "k" -> BigDecimal.valueOf(1_000);
          case "million" -> BigDecimal.valueOf(1_000_000);
          default -> BigDecimal.valueOf(1_000_000_000);
        };
    return List.of(plain(value.multiply(scale)), plain);
  }

  static String plain(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }

  // --- names -----------------------------------------------------------------------------------

  private record Word(String text, int start, int end, boolean capitalized, boolean sentenceStart) {}

  private static void names(String text, BitSet taken, List<Specific> out) {
    List<Word> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      if (!free(taken, m.start(), m.end())) {
        words.add(new Word("", m.start(), m.end(), false, false)); // breaks a run
        continue;
      }
      String w = m.group();
      int start = m.start();
      Matcher inner = INNER_NAME.matcher(w);
      if (!Character.isUpperCase(w.codePointAt(0)) && inner.find()) {
        // a prefix glued to a name ("mid-Cambrian", "al-Zahrawi", "pre-Columbian") names what follows it
        start += inner.start();
        w = w.substring(inner.start());
      }
      boolean capitalized = Character.isUpperCase(w.codePointAt(0));
      words.add(new Word(w, start, m.end(), capitalized, sentenceStart(text, start)));
    }
    int i = 0;
    while (i < words.size()) {
      if (!words.get(i).capitalized()) {
        i++;
        continue;
      }
      int j = i + 1;
      while (j < words.size()) {
        Word prev = words.get(j - 1);
        Word w = words.get(j);
        if (!onlySpace(text, prev.end(), w.start()) || possessive(prev.text())) break;
        if (w.capitalized()) {
          j++;
        } else if (CONNECTORS.contains(w.text())
            && j + 1 < words.size()
            && words.get(j + 1).capitalized()
            && onlySpace(text, w.end(), words.get(j + 1).start())) {
          j += 2;
        } else {
          break;
        }
      }
      run(text, words.subList(i, j), out);
      i = j;
    }
  }

  /** A run of capitalized words, split at words that name nothing ("The", "Monday"). */
  private static void run(String text, List<Word> run, List<Specific> out) {
    Word first = run.get(0);
    List<Word> kept = new ArrayList<>();
    for (Word w : run) {
      if (w.capitalized() && NOT_NAMES.contains(w.text().toLowerCase(Locale.ROOT))) {
        emit(text, kept, first.sentenceStart() && !kept.isEmpty() && kept.get(0) == first, out);
        kept = new ArrayList<>();
        continue;
      }
      kept.add(w);
    }
    emit(text, kept, first.sentenceStart() && !kept.isEmpty() && kept.get(0) == first, out);
  }

  private static void emit(String text, List<Word> words, boolean sentenceStart, List<Specific> out) {
    while (!words.isEmpty() && CONNECTORS.contains(words.get(words.size() - 1).text())) {
      words = words.subList(0, words.size() - 1);
    }
    if (words.isEmpty()) return;
    if (sentenceStart && starter(words.get(0).text())) {
      // a sentence's first word that opens sentences of any kind ("Among Kublai Khan") is no
      // part of the name after it
      words = words.subList(1, words.size());
      while (!words.isEmpty() && CONNECTORS.contains(words.get(0).text())) words = words.subList(1, words.size());
      if (words.isEmpty()) return;
      sentenceStart = false;
    }
    int start = words.get(0).start();
    int end = words.get(words.size() - 1).end();
    String written = text.substring(start, end).replaceAll("['’]s$", "");
    List<String> keys = new ArrayList<>();
    keys.add(NormalizedText.normalize(written));
    out.add(new Specific(Kind.NAME, written, keys, start, start + written.length()));
  }

  private static boolean starter(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    // adverbs, participles and gerunds open sentences far more often than names ending so do
    return STARTERS.contains(lower) || NOT_NAMES.contains(lower) || lower.matches(".*(?:ly|ed|ing)");
  }

  private static boolean possessive(String word) {
    return word.endsWith("'s") || word.endsWith("’s");
  }

  private static boolean onlySpace(String text, int from, int to) {
    if (to - from != 1) return false;
    return text.charAt(from) == ' ';
  }

  /** Whether a word starts a sentence, a line, a list item or a quotation. */
  private static boolean sentenceStart(String text, int at) {
    int i = at - 1;
    while (i >= 0) {
      char c = text.charAt(i);
      if (c == '\n' || c == '.' || c == '!' || c == '?' || c == ':' || c == ';') return true;
      if (c == ' ' || c == '\t' || "\"“”‘'(*_#>-•–—[]".indexOf(c) >= 0) {
        i--;
        continue;
      }
      return false;
    }
    return true;
  }
}
