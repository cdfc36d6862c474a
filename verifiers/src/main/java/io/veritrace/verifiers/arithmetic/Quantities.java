package io.veritrace.verifiers.arithmetic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbers a text states, in every form a solution may use them: digits, number words,
 * fractions, percentages ("20%" gives 20 and 1/5), and the multipliers hidden in words ("half",
 * "twice", "a dozen").
 */
public final class Quantities {

  private static final Pattern NUMBER =
      Pattern.compile("(?<![\\w.])-?\\$?(\\d+(?:,\\d{3})*(?:\\.\\d+)?|\\.\\d+)(?:\\s*/\\s*(\\d+))?(\\s*%|\\s*percent)?");

  private static final Map<String, Long> WORDS =
      Map.ofEntries(
          Map.entry("zero", 0L), Map.entry("one", 1L), Map.entry("two", 2L), Map.entry("three", 3L),
          Map.entry("four", 4L), Map.entry("five", 5L), Map.entry("six", 6L), Map.entry("seven", 7L),
          Map.entry("eight", 8L), Map.entry("nine", 9L), Map.entry("ten", 10L), Map.entry("eleven", 11L),
          Map.entry("twelve", 12L), Map.entry("thirteen", 13L), Map.entry("fourteen", 14L),
          Map.entry("fifteen", 15L), Map.entry("sixteen", 16L), Map.entry("seventeen", 17L),
          Map.entry("eighteen", 18L), Map.entry("nineteen", 19L), Map.entry("twenty", 20L),
          Map.entry("thirty", 30L), Map.entry("forty", 40L), Map.entry("fifty", 50L),
          Map.entry("sixty", 60L), Map.entry("seventy", 70L), Map.entry("eighty", 80L),
          Map.entry("ninety", 90L), Map.entry("hundred", 100L), Map.entry("thousand", 1000L),
          Map.entry("million", 1_000_000L), Map.entry("billion", 1_000_000_000L),
          Map.entry("dozen", 12L), Map.entry("dozens", 12L), Map.entry("score", 20L),
          Map.entry("twice", 2L), Map.entry("double", 2L), Map.entry("doubles", 2L),
          Map.entry("doubled", 2L), Map.entry("pair", 2L), Map.entry("pairs", 2L), Map.entry("twins", 2L),
          Map.entry("both", 2L), Map.entry("triple", 3L), Map.entry("tripled", 3L), Map.entry("thrice", 3L),
          Map.entry("triplets", 3L), Map.entry("quadruple", 4L), Map.entry("once", 1L),
          Map.entry("single", 1L), Map.entry("first", 1L), Map.entry("second", 2L), Map.entry("third", 3L),
          Map.entry("fourth", 4L), Map.entry("fifth", 5L), Map.entry("sixth", 6L),
          Map.entry("seventh", 7L), Map.entry("eighth", 8L), Map.entry("ninth", 9L), Map.entry("tenth", 10L),
          Map.entry("half", 2L), Map.entry("halves", 2L), Map.entry("quarter", 4L), Map.entry("quarters", 4L),
          Map.entry("thirds", 3L), Map.entry("fourths", 4L), Map.entry("fifths", 5L));

  /** Words that also mean a fraction: "half" is 2 and 1/2. */
  private static final Set<String> RECIPROCAL =
      Set.of("half", "halves", "third", "thirds", "quarter", "quarters", "fourth", "fourths", "fifth", "fifths",
          "sixth", "seventh", "eighth", "ninth", "tenth");

  private static final Pattern WORD = Pattern.compile("[A-Za-z]+");

  private static final Pattern DERIVED = Pattern.compile("(\\d+(?:,\\d{3})*(?:\\.\\d+)?)\\s*(%|percent|cents?\\b|¢)", Pattern.CASE_INSENSITIVE);

  private Quantities() {}

  /** Every value stated in {@code text}, with the derived forms a solution may use. */
  public static Set<Rational> statedIn(String text) {
    Set<Rational> out = new HashSet<>();
    for (Rational r : numbersIn(text)) {
      out.add(r);
      out.add(r.negate());
    }
    // what a percentage or a price in cents implies: "5% off" is 0.95 (or 95 %), as is the rest
    // beside "80% were adults"; "20% more" is 1.2 (or 120 %) only where a word next to it says the
    // whole grows; "5 cents" is $0.05
    Matcher p = DERIVED.matcher(text);
    while (p.find()) {
      String digits = p.group(1).replace(",", "");
      if (digits.length() > 12) continue;
      Rational r = Rational.of(new java.math.BigDecimal(digits));
      boolean cents = p.group(2).startsWith("c") || p.group(2).startsWith("C");
      out.addAll(hundredths(r, !cents));
      if (!cents) {
        out.add(Rational.HUNDRED.subtract(r));
        if (grows(text, p.start(), p.end())) {
          out.add(Rational.ONE.add(r.divide(Rational.HUNDRED)));
          out.add(Rational.HUNDRED.add(r));
        }
      }
    }
    out.addAll(composedIn(text));
    out.addAll(convertedIn(text));
    if (COIN.matcher(text).find()) {
      for (String coin : List.of("penny", "pennies", "nickel", "dime", "quarter")) {
        if (!text.toLowerCase(java.util.Locale.ROOT).contains(coin)) continue;
        Rational cents = Rational.of(COINS.get(coin.startsWith("penn") ? "penny" : coin));
        out.add(cents);
        out.add(cents.divide(Rational.HUNDRED));
      }
    }
    Matcher w = WORD.matcher(text);
    while (w.find()) {
      String word = w.group().toLowerCase(java.util.Locale.ROOT);
      Long v = WORDS.get(word);
      if (v != null) {
        Rational r = Rational.of(v);
        out.add(r);
        if (RECIPROCAL.contains(word)) out.add(Rational.ONE.divide(r));
      }
    }
    return out;
  }

  /** Cents a coin is worth, where the text is about money ("a quarter" is also a fourth). */
  private static final Map<String, Long> COINS = Map.of("penny", 1L, "nickel", 5L, "dime", 10L, "quarter", 25L);

  private static final Pattern COIN = Pattern.compile("(?i)\\b(?:pennies|penny|nickels?|dimes?)\\b|\\bquarters?\\b.*(?:\\$|cents?\\b|dollars?|coins?)|(?:\\$|cents?\\b|dollars?|coins?).*\\bquarters?\\b");

  private static final Pattern COMPOSED_TOKEN = Pattern.compile("[A-Za-z]+|\\d+(?:,\\d{3})*(?:\\.\\d+)?|-");

  private static final Set<String> SCALES = Set.of("hundred", "thousand", "million", "billion");

  /**
   * Numbers written with more than one word, and what "percent" or "cents" after them makes of
   * them: "twenty-five" 25, "nine hundred" 900, "$120 million" 120,000,000, "twenty percent"
   * 0.2 (and 1.2, 0.8), "twenty cents" 0.2.
   */
  private static Set<Rational> composedIn(String text) {
    Set<Rational> out = new HashSet<>();
    List<String> tokens = new ArrayList<>();
    Matcher m = COMPOSED_TOKEN.matcher(text);
    while (m.find()) tokens.add(m.group().toLowerCase(java.util.Locale.ROOT));
    int i = 0;
    while (i < tokens.size()) {
      Rational total = Rational.ZERO;
      Rational current = null;
      int words = 0;
      int j = i;
      for (; j < tokens.size(); j++) {
        String w = tokens.get(j);
        boolean digits = Character.isDigit(w.charAt(0));
        Long v = digits ? null : WORDS.get(w);
        if (digits && current == null && words == 0 && w.replace(",", "").length() <= 15) {
          current = Rational.of(new java.math.BigDecimal(w.replace(",", "")));
        } else if (SCALES.contains(w) && current != null) {
          current = current.multiply(Rational.of(WORDS.get(w)));
          if (!w.equals("hundred")) {
            total = total.add(current);
            current = Rational.ZERO;
          }
        } else if (v != null && v < 100 && !w.equals("dozen") && !w.equals("score") && CARDINAL.matcher(w).matches()
            && (current == null || current.signum() == 0 || current.compareTo(Rational.of(20)) >= 0 && v < 10 && v > 0
                && current.isInteger() && current.numerator().mod(java.math.BigInteger.TEN).signum() == 0 && current.compareTo(Rational.HUNDRED) < 0
                || current.compareTo(Rational.HUNDRED) >= 0)) {
          current = current == null ? Rational.of(v) : current.add(Rational.of(v));
        } else if ((w.equals("-") || w.equals("and")) && current != null && j + 1 < tokens.size()
            && WORDS.containsKey(tokens.get(j + 1))) {
          continue;
        } else {
          break;
        }
        words++;
      }
      String next = j < tokens.size() ? tokens.get(j) : "";
      boolean hundredths = next.equals("percent") || next.startsWith("cent");
      if (current != null && words > 1) {
        Rational value = total.add(current);
        out.add(value);
        if (hundredths) out.addAll(hundredths(value, next.equals("percent")));
        if (next.equals("percent") && grows(text, tokens.subList(0, j + 1))) out.add(Rational.ONE.add(value.divide(Rational.HUNDRED)));
      } else if (current != null && words == 1 && !Character.isDigit(tokens.get(i).charAt(0)) && hundredths) {
        // "twenty percent", "fifteen cents": a number word, then what it counts in hundredths
        out.addAll(hundredths(current, next.equals("percent")));
        if (next.equals("percent") && grows(text, tokens.subList(0, j + 1))) out.add(Rational.ONE.add(current.divide(Rational.HUNDRED)));
      }
      i = Math.max(j, i + 1);
    }
    return out;
  }

  /**
   * How many of a smaller unit one of these is: a week is 7 days, a gallon 4 quarts, 8 pints, 16
   * cups or 128 ounces, a quart 32 ounces, a ton 2,000 pounds.
   */
  private static final Map<String, long[]> UNITS = Map.ofEntries(
      Map.entry("week", new long[] {7}), Map.entry("day", new long[] {24}), Map.entry("hour", new long[] {60}),
      Map.entry("minute", new long[] {60}), Map.entry("year", new long[] {12, 52, 365}), Map.entry("foot", new long[] {12}),
      Map.entry("feet", new long[] {12}), Map.entry("yard", new long[] {3, 36}), Map.entry("gallon", new long[] {4, 8, 16, 128}),
      Map.entry("quart", new long[] {2, 4, 32}), Map.entry("pint", new long[] {2, 16}), Map.entry("cup", new long[] {8}),
      Map.entry("ton", new long[] {2000}),
      Map.entry("pound", new long[] {16}), Map.entry("dozen", new long[] {12}), Map.entry("kilogram", new long[] {1000}),
      Map.entry("kilometer", new long[] {1000}), Map.entry("liter", new long[] {1000}), Map.entry("meter", new long[] {100}),
      Map.entry("decade", new long[] {10}), Map.entry("century", new long[] {100}));

  private static final String UNIT_WORDS =
      "week|day|hour|minute|year|foot|feet|yard|gallon|quart|pint|cup|ton|pound|dozen|kilogram|kilometer|liter|meter|decade|century";

  /** "3 hours", "two weeks", "a 2-week sentence", "5 more gallons": a count, then (after one word at most) its unit. */
  private static final Pattern MEASURE = Pattern.compile(
      "(?i)(?<![\\w.])(\\d+(?:\\.\\d+)?|[a-z]+)(?:(?<=\\d)-|\\s+(?:[a-z]+\\s+)?)(" + UNIT_WORDS + ")(?:s|es)?\\b");

  /**
   * A stated measure in the next smaller unit: "two weeks" is 14 days, "3 hours" 180 minutes,
   * "5 gallons" 20 quarts: the conversion the text's own unit licenses, not a number from nowhere.
   */
  private static Set<Rational> convertedIn(String text) {
    Set<Rational> out = new HashSet<>();
    Matcher m = MEASURE.matcher(text);
    // overlapping: "in two weeks" must also be tried from "two"
    for (int from = 0; from < text.length() && m.find(from); from = m.end(1)) {
      String n = m.group(1).toLowerCase(java.util.Locale.ROOT);
      Rational count;
      if (Character.isDigit(n.charAt(0))) {
        if (n.length() > 12) continue;
        count = Rational.of(new java.math.BigDecimal(n));
      } else if (CARDINAL.matcher(n).matches() || n.equals("half")) {
        count = n.equals("half") ? Rational.ONE.divide(Rational.of(2)) : Rational.of(WORDS.get(n));
      } else {
        continue;
      }
      for (long f : UNITS.get(m.group(2).toLowerCase(java.util.Locale.ROOT))) out.add(count.multiply(Rational.of(f)));
    }
    return out;
  }

  private static final String COUNT = "\\d+(?:\\.\\d+)?|an?|" + "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve";

  private static final Pattern UNIT_NAMED = Pattern.compile("(?i)\\b(" + UNIT_WORDS + ")(?:s|es)?\\b");

  /** "one and a half omelets", "2 and a half dozen", "four and half hours", "an hour and a half". */
  private static final Pattern AND_A_HALF =
      Pattern.compile("(?i)(?<![\\w.])(" + COUNT + ")\\s+(?:[a-z]+\\s+)?and\\s+(?:a\\s+)?half\\b");

  /** "1 hour 30 minutes", "an hour and 45 minutes", "11 hours 20 minutes". */
  private static final Pattern HOURS_AND_MINUTES =
      Pattern.compile("(?i)(?<![\\w.])(" + COUNT + ")\\s+hours?,?\\s+(?:and\\s+)?(\\d+|[a-z]+)\\s+minutes?\\b");

  private static final Pattern MINUTES = Pattern.compile("(?i)(?<![\\w.])(\\d+)\\s+minutes?\\b");

  private static final Pattern MIXED_FRACTION = Pattern.compile("(?<![\\w./])(\\d{1,9})\\s+(\\d{1,9})/(\\d{1,9})(?![\\d/.])");

  private static final Pattern WORD_FRACTION = Pattern.compile(
      "(?i)\\b(one|two|three|four|five|six|seven|eight|nine)[\\s-]+(halves|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)\\b");

  private static final Map<String, Long> DENOMINATORS = Map.of("hal", 2L, "thi", 3L, "qua", 4L, "fou", 4L, "fif", 5L,
      "six", 6L, "sev", 7L, "eig", 8L, "nin", 9L, "ten", 10L);

  private static final Pattern ORDINAL = Pattern.compile("(?i)\\b(eleven|twelf|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)th\\b|\\b(twen|thir|for|fif)tieth\\b");

  private static final Map<String, Long> ORDINAL_VALUES = Map.ofEntries(Map.entry("eleven", 11L), Map.entry("twelf", 12L),
      Map.entry("thirteen", 13L), Map.entry("fourteen", 14L), Map.entry("fifteen", 15L), Map.entry("sixteen", 16L),
      Map.entry("seventeen", 17L), Map.entry("eighteen", 18L), Map.entry("nineteen", 19L), Map.entry("twen", 20L),
      Map.entry("thir", 30L), Map.entry("for", 40L), Map.entry("fif", 50L));

  private static final Pattern COMPANY = Pattern.compile(
      "(?i)\\b(?:himself|herself|themselves|yourself|myself|me|him|her|us)\\s+and\\s+(?:his|her|their|your|my|our)\\s+(\\d{1,6}|[a-z]+)\\s+(?:friends?|classmates?|cousins?|siblings?|brothers?|sisters?|children|kids|guests?|teammates?|colleagues?|coworkers?)\\b");

  private static final Pattern SPLIT = Pattern.compile("(?i)\\b(?:split|equally|evenly|share[sd]?)\\b");

  private static final Pattern TRIANGLE = Pattern.compile("(?i)\\btriangle");

  private static final Pattern FRACTION = Pattern.compile("(?<![\\d./])(\\d{1,6})\\s*/\\s*(\\d{1,6})(?![\\d/])");

  private static final Pattern CONSECUTIVE = Pattern.compile("(?i)\\bconsecutive\\b");

  private static final Pattern CENTS = Pattern.compile("(?i)\\bcents?\\b");

  private static final Pattern PENNIES = Pattern.compile("(?i)(?<![\\w.])(\\d{1,9})\\s+(?:pennies|penny)\\b");

  /** "3:30 p.m.", "8:00 PM", "7:00 AM", "17:45". */
  private static final Pattern CLOCK = Pattern.compile("(?i)(?<![\\d:.])([01]?\\d|2[0-3]):([0-5]\\d)(?![\\d:])(?:\\s*([ap])\\.?\\s?m\\b\\.?)?");

  /** The clock times a text states, in minutes after midnight (one without a.m. or p.m. as written). */
  private static List<Integer> clockTimes(String text) {
    List<Integer> out = new ArrayList<>();
    if (text.indexOf(':') < 0) return out;
    Matcher m = CLOCK.matcher(text);
    while (m.find()) {
      int hour = Integer.parseInt(m.group(1));
      int minute = Integer.parseInt(m.group(2));
      if (m.group(3) != null) {
        if (hour > 12 || hour == 0) continue;
        boolean pm = m.group(3).equalsIgnoreCase("p");
        hour = hour % 12 + (pm ? 12 : 0);
      }
      out.add(hour * 60 + minute);
    }
    return out;
  }

  private static final Pattern DOLLARS = Pattern.compile("\\$\\s?(\\d{1,9}(?:,\\d{3})*(?:\\.\\d{1,2})?)(?!\\d|,\\d)");

  /**
   * The numbers a text implies by the way it writes a quantity, beyond the numbers it writes: a
   * unit named is its conversion factors ("a gallon", 128 ounces), "two and a half" is 2.5, "1
   * hour 30 minutes" 90 minutes or 1.5 hours, "45 minutes" 0.75 hours, "1 1/4" 1.25,
   * "three-quarters" 0.75, "thirteenth" 13, "consecutive" 1 and 2, "herself and her 14
   * friends" 15, where the text counts in percent a fraction's percentage (1/4 is 25), where a whole is split equally a quarter for 4 (and so on to 12), a triangle's 180 degrees, "120 pennies" $1.20, "8:00 PM" 20 and "from 3:30
   * p.m. to 5:00 p.m." 1.5 hours or 90 minutes, and where the text counts in cents, a dollar
   * amount in cents ($1.08 is 108). Kept apart from {@link #statedIn} so what it adds can be measured
   * apart: an operand mutation generated against the stated numbers may land on these.
   */
  public static Set<Rational> impliedIn(String text) {
    Set<Rational> out = new HashSet<>();
    Matcher u = UNIT_NAMED.matcher(text);
    while (u.find()) for (long f : UNITS.get(u.group(1).toLowerCase(java.util.Locale.ROOT))) out.add(Rational.of(f));
    Rational half = Rational.ONE.divide(Rational.of(2));
    Matcher h = AND_A_HALF.matcher(text);
    while (h.find()) {
      Rational n = count(h.group(1));
      if (n != null) out.add(n.add(half));
    }
    Rational sixty = Rational.of(60);
    Matcher hm = HOURS_AND_MINUTES.matcher(text);
    while (hm.find()) {
      Rational hours = count(hm.group(1));
      Rational minutes = count(hm.group(2));
      if (hours == null || minutes == null) continue;
      out.add(hours.multiply(sixty).add(minutes));
      out.add(hours.add(minutes.divide(sixty)));
    }
    Matcher mi = MINUTES.matcher(text);
    while (mi.find()) if (mi.group(1).length() <= 6) out.add(Rational.of(Long.parseLong(mi.group(1))).divide(sixty));
    Matcher mf = MIXED_FRACTION.matcher(text);
    while (mf.find()) {
      long num = Long.parseLong(mf.group(2));
      long den = Long.parseLong(mf.group(3));
      if (den != 0 && num < den) out.add(Rational.of(Long.parseLong(mf.group(1))).add(Rational.of(num).divide(Rational.of(den))));
    }
    Matcher wf = WORD_FRACTION.matcher(text);
    while (wf.find()) {
      long num = WORDS.get(wf.group(1).toLowerCase(java.util.Locale.ROOT));
      long den = DENOMINATORS.get(wf.group(2).toLowerCase(java.util.Locale.ROOT).substring(0, 3));
      out.add(Rational.of(num).divide(Rational.of(den)));
    }
    Matcher o = ORDINAL.matcher(text);
    while (o.find()) out.add(Rational.of(ORDINAL_VALUES.get((o.group(1) != null ? o.group(1) : o.group(2)).toLowerCase(java.util.Locale.ROOT))));
    // a clock time is its hour on the 24-hour clock ("8:00 PM" is 20), and two clock times are
    // the hours and minutes between them ("from 3:30 p.m. to 5:00 p.m." is 1.5 hours)
    List<Integer> clock = clockTimes(text);
    for (int i = 0; i < clock.size() && i < 8; i++) {
      int t = clock.get(i);
      if (t % 60 == 0) out.add(Rational.of(t / 60));
      for (int j = 0; j < clock.size() && j < 8; j++) {
        int minutes = clock.get(j) - t;
        if (minutes <= 0) continue;
        out.add(Rational.of(minutes));
        out.add(Rational.of(minutes).divide(sixty));
      }
    }
    // consecutive integers are 1 apart, consecutive even or odd ones 2
    if (CONSECUTIVE.matcher(text).find()) {
      out.add(Rational.ONE);
      out.add(Rational.of(2));
    }
    // "herself and her 14 friends" are 15
    Matcher company = COMPANY.matcher(text);
    while (company.find()) {
      Rational n = count(company.group(1));
      if (n != null) out.add(n.add(Rational.ONE));
    }
    // a whole split equally 4 ways is a quarter each
    if (SPLIT.matcher(text).find()) {
      for (Rational n : numbersIn(text)) if (n.isInteger() && n.compareTo(Rational.ONE) > 0 && n.compareTo(Rational.of(12)) <= 0) out.add(Rational.ONE.divide(n));
    }
    // "1/4 of her cookies ..., 40% to have chocolate chips": where the text counts in percent, a fraction is its percentage too
    if (text.indexOf('%') >= 0 || text.contains("percent")) {
      Matcher f = FRACTION.matcher(text);
      while (f.find()) {
        long den = Long.parseLong(f.group(2));
        if (den != 0) out.add(Rational.of(Long.parseLong(f.group(1))).multiply(Rational.HUNDRED).divide(Rational.of(den)));
      }
    }
    // the angles of a triangle add up to 180 degrees, a full turn is 360
    if (TRIANGLE.matcher(text).find()) out.add(Rational.of(180));
    Matcher p = PENNIES.matcher(text);
    while (p.find()) out.add(Rational.of(Long.parseLong(p.group(1))).divide(Rational.HUNDRED));
    if (CENTS.matcher(text).find()) {
      Matcher d = DOLLARS.matcher(text);
      while (d.find()) out.add(Rational.of(new java.math.BigDecimal(d.group(1).replace(",", ""))).multiply(Rational.HUNDRED));
    }
    return out;
  }

  /** A count as written: digits, a number word up to twelve, or "a"/"an" for one; else null. */
  private static Rational count(String word) {
    String w = word.toLowerCase(java.util.Locale.ROOT);
    if (Character.isDigit(w.charAt(0))) return w.length() > 12 ? null : Rational.of(new java.math.BigDecimal(w));
    if (w.equals("a") || w.equals("an")) return Rational.ONE;
    Long v = WORDS.get(w);
    return v == null || !CARDINAL.matcher(w).matches() ? null : Rational.of(v);
  }

  /**
   * What {@code n} hundredths make: the fraction, and for a percentage also what "n % off" and the
   * rest beside it multiply by ({@code 1 - n/100}). What "n % more" multiplies by, {@code 1 + n/100},
   * only the words around the percentage can license ({@link #grows}): from any percentage it let
   * '20% = 0.2, so 1.2 * 650' pass for 0.2 * 650 (GSM8K 1042).
   */
  public static List<Rational> hundredths(Rational n, boolean percent) {
    Rational f = n.divide(Rational.HUNDRED);
    return percent ? List.of(f, Rational.ONE.subtract(f)) : List.of(f);
  }

  /** Words that say a percentage is added to the whole: "20% more", "a 15% tip", "5% interest". */
  private static final Pattern GROWTH = Pattern.compile(
      "(?i)\\b(?:more|increas\\w*|mark\\w*up|markup|tax\\w*|tips?|gratuity|interest|raises?|raised|rises?|rose|higher|larger|bigger|greater|longer|taller|heavier|faster|grow\\w*|grew|gains?|gained|extra|bonus|inflation|above|premium|surcharge|fees?|commission|profits?|up|add\\w*|boost\\w*|appreciat\\w*|return|over|VAT)\\b");

  /** Where a sentence ends: its full stop, question or exclamation mark, or a line break. */
  private static final Pattern SENTENCE_END = Pattern.compile("[.!?](?=\\s|$)|\\n");

  /** Whether the sentence holding {@code text[start, end)} says that percentage is added to a whole. */
  static boolean grows(String text, int start, int end) {
    int from = 0;
    Matcher e = SENTENCE_END.matcher(text);
    int to = text.length();
    while (e.find()) {
      if (e.end() <= start) from = e.end();
      else if (e.start() >= end) {
        to = e.start();
        break;
      }
    }
    return GROWTH.matcher(text.substring(from, to)).find();
  }

  /** {@link #grows} for a percentage written in words, found as the last of {@code tokens}. */
  private static boolean grows(String text, List<String> tokens) {
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    int at = 0;
    for (String t : tokens) {
      int k = lower.indexOf(t, at);
      if (k < 0) return GROWTH.matcher(text).find();
      at = k + t.length();
    }
    return grows(text, at - tokens.get(tokens.size() - 1).length(), at);
  }

  /** Number words that count ("twenty", "five"), not those that multiply or order ("twice", "third"). */
  private static final Pattern CARDINAL = Pattern.compile(
      "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety");

  /** The numbers written in digits in {@code text}, in order; percentages give both forms. */
  public static List<Rational> numbersIn(String text) {
    List<Rational> out = new ArrayList<>();
    Matcher m = NUMBER.matcher(text);
    while (m.find()) {
      String digits = m.group(1).replace(",", "");
      if (digits.length() > Expression.MAX_LITERAL_DIGITS) continue;
      Rational r = Rational.of(new java.math.BigDecimal(digits));
      if (m.group(0).startsWith("-")) r = r.negate();
      if (m.group(2) != null && m.group(2).length() <= 12) {
        Rational den = Rational.of(new java.math.BigDecimal(m.group(2)));
        if (den.signum() != 0) {
          out.add(r);
          out.add(den);
          r = r.divide(den);
        }
      }
      out.add(r);
      if (m.group(3) != null) out.add(r.divide(Rational.HUNDRED));
    }
    return out;
  }

  private static final Pattern LITERAL = Pattern.compile("(?<![\\w.])(\\d+(?:,\\d{3})*(?:\\.\\d+)?|\\.\\d+)");

  /** The number literals of an expression, as written (no fractions or percentages formed). */
  public static List<Rational> literalsIn(String expression) {
    List<Rational> out = new ArrayList<>();
    Matcher m = LITERAL.matcher(expression);
    while (m.find()) {
      String digits = m.group(1).replace(",", "");
      if (digits.length() <= Expression.MAX_LITERAL_DIGITS) out.add(Rational.of(new java.math.BigDecimal(digits)));
    }
    return out;
  }

  /** The first number written in {@code text} (for answers like "18 dollars"), or null. */
  public static ClaimedNumber firstIn(String text) {
    Matcher m = NUMBER.matcher(text);
    if (!m.find()) return null;
    try {
      return ClaimedNumber.parse(m.group(0).replace("percent", "%"));
    } catch (ArithmeticLimitException e) {
      return null;
    }
  }
}
