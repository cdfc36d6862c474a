package io.veritrace.verifiers;

import io.veritrace.verifiers.arithmetic.Expression;
import io.veritrace.verifiers.arithmetic.Rational;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number a sentence writes, with what it counts: the noun after it ("4 goals", "$8", "15 km")
 * and the words of its clause ("Bruce scored 4 goals", "First hour: 13"). A solution that
 * restates a quantity of the question ("Bruce scored 10 goals" where the question says Bruce
 * scored 4) writes the same noun and the same name or label, so the two can be told to be the
 * same quantity even where the restated value happens to be another number of the problem.
 *
 * @param value the number
 * @param nouns what it counts, singular and lower case: the next one or two words, "$" for money,
 *     "%" for a percentage; empty where no noun follows ("Monday: 6", "H + 7")
 * @param words the content words of its clause, singular and lower case, the nouns included
 * @param sentence the content words of its sentence, where a name the clause leaves out stands ("he held 12")
 * @param label the words its clause gives it a value for ("Monday: 6", "Building A = 4"), empty where none
 * @param set whether the label is written with ':' or '=' ("Monday: 6"), not with "is"
 * @param operand whether an operator stands next to it ("4 * 3", "(X+10)")
 * @param start where the number starts in the text read
 * @param end where its digits end
 */
record QuantityMention(Rational value, Set<String> nouns, Set<String> words, Set<String> sentence, Set<String> label, boolean set,
    boolean operand, int start, int end) {

  /** Whether both count the same thing: a noun in common, or one the end of the other ("seashells", "shells"). */
  boolean sameNoun(QuantityMention other) {
    for (String a : nouns) {
      for (String b : other.nouns) {
        if (a.equals(b) || a.length() >= 4 && b.length() >= 4 && (a.endsWith(b) || b.endsWith(a))) return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code other} stands for the same subject: no name of {@code names} in one that the
   * other lacks while the other names one ("Haley held 8" and "Brandon held 12" are not).
   */
  boolean sameNames(QuantityMention other, Set<String> names) {
    return sharesNames(other.namesOf(names, true), names);
  }

  /**
   * Whether {@code other}'s clause names nobody else: a question sentence names whoever its other
   * clauses are about ("where four people play trombone, ... one plays a French horn").
   */
  boolean sameClauseNames(QuantityMention other, Set<String> names) {
    return sharesNames(other.namesOf(names, false), names);
  }

  /** Whether this mention's names and {@code theirs} meet, or either side names nobody. */
  private boolean sharesNames(Set<String> theirs, Set<String> names) {
    Set<String> mine = namesOf(names, true);
    if (mine.isEmpty() || theirs.isEmpty()) return true;
    mine.retainAll(theirs);
    return !mine.isEmpty();
  }

  /** The names of its clause, or where the clause has none ("so he held 12"), of its sentence. */
  Set<String> namesOf(Set<String> names) {
    return namesOf(names, false);
  }

  private Set<String> namesOf(Set<String> names, boolean orSentence) {
    Set<String> out = new HashSet<>(words);
    out.retainAll(names);
    if (!out.isEmpty() || !orSentence) return out;
    out.addAll(sentence);
    out.retainAll(names);
    return out;
  }

  /**
   * Whether both give their value to a label and the labels differ, neither taking in the other
   * ("Monday: 12" and "Tuesday: 6(2) = 12", "flowering plant count" and "fruiting plant count").
   */
  boolean otherLabel(QuantityMention other) {
    if (label.isEmpty() || other.label.isEmpty()) return false;
    return !label.containsAll(other.label) && !other.label.containsAll(label);
  }

  /** Whether the two clauses share a word besides what they count (a name, a label like "first hour"). */
  boolean sharesLabel(QuantityMention other) {
    return sharedLabels(other) > 0;
  }

  /** Whether its sentence shares a word with {@code other}'s clause besides what they count ("In the third grade, there are 16 students"). */
  boolean sentenceSharesLabel(QuantityMention other) {
    for (String w : sentence) if (!nouns.contains(w) && !other.nouns.contains(w) && other.words.contains(w)) return true;
    return false;
  }

  /** How many words the two clauses share besides what they count. */
  int sharedLabels(QuantityMention other) {
    int n = 0;
    for (String w : words) if (!nouns.contains(w) && !other.nouns.contains(w) && other.words.contains(w)) n++;
    return n;
  }

  /** Whether the two clauses name someone (or something) of {@code names} in common. */
  boolean sharesName(QuantityMention other, Set<String> names) {
    for (String w : words) if (names.contains(w) && other.words.contains(w)) return true;
    return false;
  }

  private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])(\\$\\s?)?(\\d+(?:,\\d{3})*(?:\\.\\d+)?|\\.\\d+)");

  private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z’']*");

  /** Where a clause ends: a sentence's end, a comma or semicolon, or a word that starts another clause. */
  private static final Pattern CLAUSE_END = Pattern.compile(
      "[.!?;](?!\\d)|,(?!\\d{3})|\\n|(?i)\\b(?:while|whereas|but|because|since|which|so|then|if|when)\\b");

  private static final Pattern SENTENCE_END = Pattern.compile("[.!?;](?!\\d)|\\n");

  private static final Map<String, Long> CARDINALS = Map.ofEntries(
      Map.entry("one", 1L), Map.entry("two", 2L), Map.entry("three", 3L), Map.entry("four", 4L), Map.entry("five", 5L),
      Map.entry("six", 6L), Map.entry("seven", 7L), Map.entry("eight", 8L), Map.entry("nine", 9L), Map.entry("ten", 10L),
      Map.entry("eleven", 11L), Map.entry("twelve", 12L), Map.entry("thirteen", 13L), Map.entry("fourteen", 14L),
      Map.entry("fifteen", 15L), Map.entry("sixteen", 16L), Map.entry("seventeen", 17L), Map.entry("eighteen", 18L),
      Map.entry("nineteen", 19L), Map.entry("twenty", 20L), Map.entry("thirty", 30L), Map.entry("forty", 40L),
      Map.entry("fifty", 50L), Map.entry("sixty", 60L), Map.entry("seventy", 70L), Map.entry("eighty", 80L),
      Map.entry("ninety", 90L), Map.entry("hundred", 100L));

  /** Words that say nothing about what is counted or whose. */
  private static final Set<String> STOP = Set.of("a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "by",
      "with", "from", "into", "per", "each", "every", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it",
      "its", "he", "she", "they", "them", "his", "her", "their", "we", "our", "you", "your", "i", "my", "me", "him", "that",
      "this", "these", "those", "there", "as", "than", "will", "would", "could", "do", "does", "did", "not", "all",
      "total", "x", "about", "after", "before", "over", "up", "out", "now", "also", "still", "left", "more", "less", "fewer",
      "extra", "additional", "how", "many", "much", "what", "who", "altogether", "thus", "therefore", "hence", "number",
      "amount");

  /** Modifiers between a number and its noun ("4 more goals"). */
  private static final Set<String> MODIFIERS = Set.of("more", "less", "fewer", "extra", "additional", "other", "new", "of");

  private static final Map<String, String> SAME = Map.ofEntries(
      Map.entry("kg", "kilogram"), Map.entry("kgs", "kilogram"), Map.entry("km", "kilometer"), Map.entry("oz", "ounce"),
      Map.entry("lb", "pound"), Map.entry("lbs", "pound"), Map.entry("ft", "foot"), Map.entry("feet", "foot"),
      Map.entry("hr", "hour"), Map.entry("hrs", "hour"), Map.entry("min", "minute"), Map.entry("mins", "minute"),
      Map.entry("sec", "second"), Map.entry("secs", "second"), Map.entry("cm", "centimeter"), Map.entry("yr", "year"),
      Map.entry("yrs", "year"), Map.entry("dollar", "$"), Map.entry("dollars", "$"), Map.entry("buck", "$"),
      Map.entry("bucks", "$"), Map.entry("percent", "%"), Map.entry("people", "person"), Map.entry("children", "child"),
      Map.entry("men", "man"), Map.entry("women", "woman"), Map.entry("teeth", "tooth"), Map.entry("mice", "mouse"),
      Map.entry("geese", "goose"), Map.entry("kilometre", "kilometer"), Map.entry("metre", "meter"),
      Map.entry("centimetre", "centimeter"), Map.entry("litre", "liter"));

  /** A word as a noun is compared: lower case, singular, abbreviations spelled out ("kg", "inches", "people"). */
  static String normal(String word) {
    String w = word.toLowerCase(Locale.ROOT).replace('’', '\'');
    if (w.endsWith("'s")) w = w.substring(0, w.length() - 2);
    if (w.endsWith("'")) w = w.substring(0, w.length() - 1);
    String same = SAME.get(w);
    if (same != null) return same;
    if (w.length() > 4 && w.endsWith("ies")) return w.substring(0, w.length() - 3) + "y";
    if (w.length() > 4 && (w.endsWith("ches") || w.endsWith("shes") || w.endsWith("sses") || w.endsWith("xes"))) return w.substring(0, w.length() - 2);
    if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
      String singular = w.substring(0, w.length() - 1);
      return SAME.getOrDefault(singular, singular);
    }
    return w;
  }

  /** Every number {@code text} writes in digits (and, with {@code words}, as a number word), with what it counts. */
  static List<QuantityMention> in(String text, boolean words) {
    Spans clauses = new Spans(text, CLAUSE_END);
    Spans sentences = new Spans(text, SENTENCE_END);
    List<QuantityMention> out = new ArrayList<>();
    Matcher m = NUMBER.matcher(text);
    while (m.find()) {
      String digits = m.group(2).replace(",", "");
      if (digits.length() > Expression.MAX_LITERAL_DIGITS) continue;
      Rational value = Rational.of(new BigDecimal(digits));
      Set<String> nouns = new HashSet<>();
      if (m.group(1) != null) nouns.add("$");
      nounsAfter(text, m.end(), nouns);
      out.add(new QuantityMention(value, Set.copyOf(nouns), clauses.wordsAt(m.start()), sentences.wordsAt(m.start()),
          label(text, clauses.spans, m.start()), setLabel(text, clauses.spans, m.start()), operand(text, m.start(), m.end()), m.start(), m.end()));
    }
    if (!words) return out;
    Matcher w = WORD.matcher(text);
    while (w.find()) {
      String lower = w.group().toLowerCase(Locale.ROOT);
      Long v = CARDINALS.get(lower);
      if (v == null || lower.equals("one") && w.end() < text.length() && text.startsWith(" of", w.end())) continue;
      long value = v;
      int end = w.end();
      // "twenty-five", "thirty two"
      Matcher next = WORD.matcher(text);
      if (v >= 20 && v < 100 && end + 1 < text.length() && (text.charAt(end) == '-' || text.charAt(end) == ' ') && next.find(end + 1)
          && next.start() == end + 1) {
        Long unit = CARDINALS.get(next.group().toLowerCase(Locale.ROOT));
        if (unit != null && unit < 10) {
          value += unit;
          end = next.end();
        }
      }
      Set<String> nouns = new HashSet<>();
      nounsAfter(text, end, nouns);
      out.add(new QuantityMention(Rational.of(value), Set.copyOf(nouns), clauses.wordsAt(w.start()), sentences.wordsAt(w.start()),
          Set.of(), false, operand(text, w.start(), end), w.start(), end));
    }
    return out;
  }

  /** The noun after a number: "$" or "%" written after it, then up to two words that are not function words. */
  private static void nounsAfter(String text, int from, Set<String> nouns) {
    int i = from;
    while (i < text.length() && text.charAt(i) == ' ') i++;
    if (i < text.length() && text.charAt(i) == '$') {
      nouns.add("$");
      return;
    }
    if (i < text.length() && text.charAt(i) == '%') {
      nouns.add("%");
      return;
    }
    Matcher w = WORD.matcher(text);
    int taken = 0;
    while (taken < 2 && w.find(i) && w.start() == i) {
      String n = normal(w.group());
      if (MODIFIERS.contains(n)) {
        i = skipSpaces(text, w.end());
        continue;
      }
      if (STOP.contains(n) || n.length() < 2 && !n.equals("$")) return;
      nouns.add(n);
      if (n.equals("$")) return;
      taken++;
      i = skipSpaces(text, w.end());
      if (i == w.end()) return;
    }
  }

  private static int skipSpaces(String text, int i) {
    while (i < text.length() && text.charAt(i) == ' ') i++;
    return i;
  }

  private static List<int[]> spans(String text, Pattern end) {
    List<int[]> out = new ArrayList<>();
    Matcher m = end.matcher(text);
    int start = 0;
    while (m.find()) {
      out.add(new int[] {start, m.start()});
      start = m.end();
    }
    out.add(new int[] {start, text.length()});
    return out;
  }

  /** A text's clauses (or sentences), each one's content words read once. */
  private static final class Spans {
    private final String text;
    final List<int[]> spans;
    private final List<Set<String>> words = new ArrayList<>();

    Spans(String text, Pattern end) {
      this.text = text;
      this.spans = spans(text, end);
      for (int i = 0; i < spans.size(); i++) words.add(null);
    }

    Set<String> wordsAt(int at) {
      for (int i = 0; i < spans.size(); i++) {
        int[] c = spans.get(i);
        if (at < c[0] || at >= c[1]) continue;
        if (words.get(i) == null) words.set(i, wordsIn(text, c[0], c[1]));
        return words.get(i);
      }
      return Set.of();
    }
  }

  /** The content words of {@code text} from {@code from} to {@code to}; a capital letter naming something ("Building A", "A = 4") as "#a". */
  private static Set<String> wordsIn(String text, int from, int to) {
    Set<String> words = new HashSet<>();
    Matcher w = WORD.matcher(text).region(from, to);
    String previous = "";
    while (w.find()) {
      String n = normal(w.group());
      if (w.group().length() == 1 && Character.isUpperCase(w.group().charAt(0)) && !w.group().equals("I")) {
        int next = skipSpaces(text, w.end());
        boolean article = next < text.length() && Character.isLowerCase(text.charAt(next));
        if (!article || !previous.isEmpty() && Character.isUpperCase(previous.charAt(0))) words.add("#" + n);
      } else if (!STOP.contains(n) && !CARDINALS.containsKey(n) && n.length() > 1) {
        words.add(n);
      }
      previous = w.group();
    }
    return Set.copyOf(words);
  }

  /** "Monday: 6", "Tuesday:6(2)=12", "Renaldo = 15 km", "the count is 7": the words before the clause's first ':' or '=' (or "is"), if they are all words. */
  private static Set<String> label(String text, List<int[]> clauses, int at) {
    int mark = labelEnd(text, clauses, at);
    if (mark < 0) return Set.of();
    for (int[] c : clauses) if (at >= c[0] && at < c[1]) return wordsIn(text, c[0], c[0] + mark);
    return Set.of();
  }

  private static boolean setLabel(String text, List<int[]> clauses, int at) {
    int mark = labelEnd(text, clauses, at);
    if (mark < 0) return false;
    for (int[] c : clauses) if (at >= c[0] && at < c[1]) return text.charAt(c[0] + mark) == ':' || text.charAt(c[0] + mark) == '=';
    return false;
  }

  /** Where the label of the number at {@code at} ends in its clause, or -1. */
  private static int labelEnd(String text, List<int[]> clauses, int at) {
    for (int[] c : clauses) {
      if (at < c[0] || at >= c[1]) continue;
      String head = text.substring(c[0], at);
      int mark = -1;
      for (int i = 0; i < head.length(); i++) {
        if (head.charAt(i) == ':' || head.charAt(i) == '=') {
          mark = i;
          break;
        }
      }
      // "Roxy's flowering plant count is 7"
      Matcher is = IS.matcher(head);
      if (is.find() && (mark < 0 || is.start() < mark)) mark = is.start();
      return mark <= 0 || !LABEL.matcher(head.substring(0, mark)).matches() ? -1 : mark;
    }
    return -1;
  }

  /**
   * "... count is 7", "... count is 14 + 2 = 16": a label given the value right after it, or the
   * result of the computation after it ("is the same as 4.5" is no label).
   */
  private static final Pattern IS = Pattern.compile("\\s(?:is|was|are|were)\\s+[\\d\\s.+\\-*/×÷x()$,=]*$");

  private static final Pattern LABEL = Pattern.compile("\\s*(?:\\d+\\.\\s+)?[A-Za-z][A-Za-z’' ]{0,40}");

  private static final Pattern OPERATOR_BEFORE = Pattern.compile("(?:[-+*/×÷^(]|\\bx)\\s*\\$?$");

  private static final Pattern OPERATOR_AFTER = Pattern.compile("^(?:\\s*[-+*/×÷^)]|\\s*x\\s)");

  private static boolean operand(String text, int start, int end) {
    return OPERATOR_BEFORE.matcher(text.substring(Math.max(0, start - 12), start)).find()
        || OPERATOR_AFTER.matcher(text.substring(end, Math.min(text.length(), end + 4))).find()
        || RELATION_AFTER.matcher(text.substring(end, Math.min(text.length(), end + 12))).find();
  }

  /** "six less than", "3 times as many": a difference or a factor, no count of anything. */
  private static final Pattern RELATION_AFTER = Pattern.compile("^\\s+(?:more|less|fewer|times)\\b");

  private static final Pattern CAPITALISED = Pattern.compile("(?<![\\w’'])([A-Z][a-z]+)(?:[’']s)?\\b");

  /**
   * The names a question uses (people, days, subjects, labels): words it writes capitalised
   * that are not an ordinary word at a sentence's start, lower case.
   */
  static Set<String> namesIn(String question) {
    Set<String> out = new HashSet<>();
    Set<String> lower = new HashSet<>();
    Matcher l = LOWER_WORD.matcher(question);
    while (l.find()) lower.add(l.group());
    Matcher m = CAPITALISED.matcher(question);
    while (m.find()) {
      String n = normal(m.group(1));
      if (STOP.contains(n) || CARDINALS.containsKey(n) || ORDINARY.contains(n)) continue;
      // a word the question also writes in lower case is an ordinary word at a sentence's start
      if (lower.contains(m.group(1).toLowerCase(Locale.ROOT))) continue;
      out.add(n);
    }
    return out;
  }

  private static final Pattern LOWER_WORD = Pattern.compile("(?<![\\w])[a-z]+\\b");

  /** Words that open sentences of word problems without naming anyone. */
  private static final Set<String> ORDINARY = Set.of("if", "when", "after", "before", "during", "while", "since", "then",
      "together", "yesterday", "today", "tomorrow", "last", "next", "some", "one", "both", "she", "he", "they", "it", "in",
      "on", "at", "what", "how", "find", "calculate", "assuming", "given", "use", "let", "so", "half", "twice",
      "there", "every", "each", "all", "however", "meanwhile", "also", "but", "and", "or", "her", "his", "their", "its",
      "this", "that", "these", "those", "a", "an", "the", "instead", "currently", "initially", "now", "later", "over", "for",
      // a day or month dates a quantity; it is nobody's
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
      "may", "june", "july", "august", "september", "october", "november", "december");
}
