package io.veritrace.verifiers.steps;

import io.veritrace.core.Claim;
import io.veritrace.verifiers.arithmetic.ArithmeticLimitException;
import io.veritrace.verifiers.arithmetic.Expression;
import io.veritrace.verifiers.arithmetic.Rational;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reader of arithmetic in model text: every checker consumes the claims it produces.
 * A line is rewritten to plain notation ({@link MathText}: LaTeX, Unicode, Markdown), cut into
 * tokens (numbers with their currency, thousands separators, decimals, exponents and percent
 * signs; operators; parentheses; equality signs {@code = == => ≈} and the words {@code is},
 * {@code equals}; words), and every chain of equalities with an operator in it becomes one
 * {@link Claim.Arithmetic} per link ({@code 3 + 4 = 9 - 1 = 8} is two claims, both checked).
 * Calculator annotations ({@code <<48/2=24>>}) are read the same way and, where a line has them,
 * are its claims. Expressions are recognised by a state machine, not by recursion, so neither a
 * 400-term sum nor 900 nested parentheses can exhaust the stack; the evaluator bounds them.
 *
 * <p>What looks like a statement but cannot be read (a result in words, an unknown no step gives
 * a value, a LaTeX command it does not know) becomes a {@link Claim.Unread} with its text: reported,
 * and never covered, so it keeps the answer from VERIFIED.
 */
public final class StepReader {

  private StepReader() {}

  /** What one line says: its claims and, when it marks one, the final answer. */
  public record Line(List<Claim> claims, String answer, List<Equation> equations, List<Skipped> skipped) {}

  /**
   * A computation the line writes with words between its numbers ("of the 16 total curlers – 12
   * pink and blue curlers = 4 green curlers"), which no claim reads: its text and the result after
   * its '='. {@link StepParser} reports it where the steps end with it.
   */
  public record Skipped(String text, String result) {}

  /**
   * An equation with unknowns ({@code 6p + 30 = 312}), resolved against the values the whole
   * trace gives them ({@code p = 47}) by {@link #resolve}.
   */
  public record Equation(String text, List<String> parts, Set<String> unknowns) {}

  private static final Pattern ANNOTATION = Pattern.compile("<<([^<>]*)>>");
  private static final Pattern FINAL_MARK = Pattern.compile("^\\s*####\\s*(.*)$");
  private static final Pattern ANSWER_LABEL =
      // "A: 7" answers; "A = 7" names an unknown ("A = 7 floors", "a = 20/2 = 10")
      Pattern.compile("^\\s*(?:A\\s*:|(?:Answer|Final answer|The final answer|Final result)\\s*[:=])\\s*(.+)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern ANSWER_SENTENCE =
      Pattern.compile("\\bthe (?:final )?answer is:?\\s*(.+?)\\s*$", Pattern.CASE_INSENSITIVE);

  /** Reads one line. */
  public static Line read(String raw) {
    String line = MathText.plain(raw);
    List<Claim> claims = new ArrayList<>();
    List<Equation> equations = new ArrayList<>();
    String answer = finalAnswer(line);
    if (raw.contains("<<")) {
      Matcher a = ANNOTATION.matcher(raw);
      boolean annotated = false;
      int from = 0;
      while (a.find()) {
        annotated = true;
        String inner = a.group(1);
        int eq = inner.lastIndexOf('=');
        Claim.Arithmetic c = eq < 0 ? new Claim.Arithmetic(inner, "") : new Claim.Arithmetic(inner.substring(0, eq), inner.substring(eq + 1));
        if (RESTATEMENT.matcher(inner).matches()) {
          Claim.Arithmetic visible = visibleComputation(raw.substring(from, a.start()), c.result());
          if (visible != null) c = visible;
        }
        claims.add(c);
        from = a.end();
      }
      if (annotated) return new Line(claims, answer, equations, List.of());
    }
    String body;
    if (answer != null && line.indexOf(MathText.BOX) < 0) {
      body = withoutMarker(line);
      // "the final answer is 15 * 8 = 120 pints": the answer is the result, the computation is checked
      int eq = answer.lastIndexOf('=');
      if (eq > 0 && eq < answer.length() - 1) {
        body = body + " " + answer;
        answer = clean(answer.substring(eq + 1));
      }
    } else {
      body = line.replace(MathText.BOX, ' ').replace(MathText.BOX_END, ' ');
    }
    if (body.indexOf(':') >= 0) body = clockDifferences(body);
    Scan scan = new Scan(body, claims, equations);
    scan.run();
    int command = unknownCommand(body);
    if (command >= 0) {
      int end = command + 1;
      while (end < body.length() && Character.isLetter(body.charAt(end))) end++;
      claims.add(new Claim.Unread(body.strip(), "LaTeX it does not read: " + body.substring(command, end)));
    }
    return new Line(claims, answer, equations, scan.skipped());
  }

  /** An annotation that computes nothing: {@code <<55=55>>}. */
  private static final Pattern RESTATEMENT = Pattern.compile("\\s*([\\d.,]+)\\s*=\\s*\\1\\s*");

  /**
   * "a total of 1/2*110 = <<55=55>>55": a restatement after a computation the text writes is
   * that computation, so it is checked and its operands traced like any other; without one the
   * restatement stays as it is (a number the text states).
   */
  private static Claim.Arithmetic visibleComputation(String before, String result) {
    List<Claim> found = new ArrayList<>();
    new Scan(MathText.plain(ANNOTATION.matcher(before).replaceAll(" ")) + " " + result, found, new ArrayList<>()).run();
    if (found.isEmpty() || !(found.get(found.size() - 1) instanceof Claim.Arithmetic c) || !c.unknowns().isEmpty()) return null;
    return sameValue(c.result(), result) && !c.expression().strip().matches("[\\d.,]+") ? c : null;
  }

  /** The claims of one line, without the final answer; unknowns are left unread. */
  public static List<Claim> claimsOf(String line) {
    Line l = read(line);
    List<Claim> out = new ArrayList<>(l.claims());
    for (Equation e : l.equations()) out.add(unread(e));
    return out;
  }

  /** The spans of calculator annotations in {@code text}: start, end pairs. */
  public static List<int[]> annotations(String text) {
    List<int[]> out = new ArrayList<>();
    if (text.indexOf('<') < 0) return out;
    Matcher m = ANNOTATION.matcher(text);
    while (m.find()) out.add(new int[] {m.start(), m.end()});
    return out;
  }

  /** Marks an unknown an identity leaves free: {@code S + 2S = 3S} holds for every S. */
  public static final String ANY = "?";

  /**
   * The claim of an equation with unknowns, given what the trace says each unknown is
   * ({@code values}, which it extends): checked with the values put in when every unknown has
   * one; an identity ({@code S + 2S + 4S = 7S}) checked for every value; an equation linear in
   * its one unknown ({@code 7S = 847}) read as what defines it (S = 121), whose value later
   * equations and the answer then use; anything else is unread.
   */
  public static Claim resolve(Equation e, Map<String, List<String>> values) {
    String left = e.parts().get(0);
    String right = e.parts().get(e.parts().size() - 1);
    List<String> unknowns = new ArrayList<>(e.unknowns());
    Map<String, String> any = new java.util.TreeMap<>();
    for (String u : unknowns) any.put(u, ANY);
    Claim.Arithmetic identity = new Claim.Arithmetic(left, right, any);
    if (holdsForAnyValue(identity)) return identity;
    // an unknown may be named again for another quantity: any stated value that makes it hold
    List<Map<String, String>> choices = combinations(unknowns, values);
    Claim.Arithmetic firstTried = null;
    for (Map<String, String> choice : choices) {
      List<String> free = new ArrayList<>();
      for (String u : unknowns) if (!choice.containsKey(u)) free.add(u);
      if (free.size() > 1) continue;
      Map<String, String> used = new java.util.TreeMap<>(choice);
      if (free.size() == 1) {
        // "7S = 847" defines S when no stated value is tried for it
        Rational solved = solveLinear(left, right, choice, free.get(0));
        if (solved == null) continue;
        used.put(free.get(0), solved.toPlainString());
        values.computeIfAbsent(free.get(0), x -> new ArrayList<>()).add(solved.toPlainString());
      }
      Claim.Arithmetic c = new Claim.Arithmetic(left, right, used);
      if (sameValue(withValues(left, used), withValues(right, used))) return c;
      if (firstTried == null) firstTried = c;
    }
    if (firstTried != null && unknowns.stream().allMatch(values::containsKey)) return firstTried; // fails, naming the values
    return unread(e);
  }

  /** Each way to give the unknowns stated values (leaving at most one to solve), at most 32. */
  private static List<Map<String, String>> combinations(List<String> unknowns, Map<String, List<String>> values) {
    List<Map<String, String>> out = new ArrayList<>();
    out.add(new java.util.TreeMap<>());
    for (String u : unknowns) {
      List<String> vs = values.getOrDefault(u, List.of());
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> m : out) {
        for (String v : vs) {
          if (next.size() >= 32) break;
          Map<String, String> c = new java.util.TreeMap<>(m);
          c.put(u, v);
          next.add(c);
        }
        // leave this unknown to be solved for, only when the trace gives it no value: where it
        // does, solving anew would let "2 * 2 = 12L" hold by making L a third
        if (vs.isEmpty() && next.size() < 32) next.add(m);
      }
      out = next;
    }
    // try the fullest assignments first: stated values before solving
    out.sort((a, b) -> b.size() - a.size());
    return out;
  }

  private static boolean sameValue(String a, String b) {
    try {
      return Expression.evaluate(a).equals(Expression.evaluate(b));
    } catch (ArithmeticLimitException | ArithmeticException e) {
      return false;
    }
  }

  /** Whether the sides agree for several unrelated values of every unknown marked {@link #ANY}. */
  public static boolean holdsForAnyValue(Claim.Arithmetic c) {
    String[] trial = {"2", "3/7", "-11"};
    for (String t : trial) {
      Map<String, String> v = new java.util.HashMap<>(c.unknowns());
      v.replaceAll((k, x) -> x.equals(ANY) ? t : x);
      try {
        if (!Expression.evaluate(withValues(c.expression(), v)).equals(Expression.evaluate(withValues(c.result(), v)))) return false;
      } catch (ArithmeticLimitException ex) {
        return false;
      }
    }
    return true;
  }

  /** The one value of {@code u} making the sides equal, when they are linear in it; else null. */
  private static Rational solveLinear(String left, String right, Map<String, String> known, String u) {
    try {
      Rational[] f = new Rational[3];
      for (int x = 0; x < 3; x++) {
        Map<String, String> v = new java.util.HashMap<>(known);
        v.put(u, String.valueOf(x));
        f[x] = Expression.evaluate(withValues(left, v)).subtract(Expression.evaluate(withValues(right, v)));
      }
      Rational slope = f[1].subtract(f[0]);
      if (slope.signum() == 0 || !f[2].subtract(f[1]).equals(slope)) return null;
      return f[0].negate().divide(slope);
    } catch (ArithmeticLimitException | ArithmeticException ex) {
      return null;
    }
  }

  /** {@code text} with each unknown (a letter standing alone) replaced by its value. */
  public static String withValues(String text, Map<String, String> values) {
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean alone = Character.isLetter(c) && (i + 1 >= text.length() || !Character.isLetter(text.charAt(i + 1)))
          && (i == 0 || !Character.isLetter(text.charAt(i - 1)));
      String v = alone ? values.get(String.valueOf(c)) : null;
      if (v == null) {
        sb.append(c);
        continue;
      }
      if (i > 0 && (Character.isLetterOrDigit(text.charAt(i - 1)) || text.charAt(i - 1) == ')')) sb.append('*');
      sb.append('(').append(v).append(')');
      if (i + 1 < text.length() && (Character.isDigit(text.charAt(i + 1)) || text.charAt(i + 1) == '(')) sb.append('*');
    }
    return sb.toString();
  }

  private static Claim unread(Equation e) {
    return new Claim.Unread(e.text(), "an equation with unknowns (" + String.join(", ", e.unknowns()) + ") that no step gives a value");
  }

  /** The value statements {@code x = 5} of a line: unknown to number. */
  public static Map<String, List<String>> assignments(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    // "S = 184 - 143 = $<<184-143=41>>41": the annotation's result is the text's
    String line = MathText.plain(raw.indexOf('<') >= 0 ? ANNOTATION.matcher(raw).replaceAll("") : raw);
    Scan s = new Scan(line, new ArrayList<>(), new ArrayList<>());
    s.assignments = out;
    s.run();
    return out;
  }

  private static String withoutMarker(String line) {
    int hash = line.indexOf("####");
    if (hash >= 0) return line.substring(0, hash);
    Matcher m = ANSWER_SENTENCE.matcher(line);
    if (m.find()) return line.substring(0, m.start());
    return ANSWER_LABEL.matcher(line).matches() ? "" : line;
  }

  private static final Pattern CLOCK_DIFFERENCE = Pattern.compile(
      "(?<![\\d:.])(\\d{1,2}):([0-5]\\d)(?:\\s*[AaPp]\\.?[Mm]\\.?)?\\s*-\\s*(\\d{1,2}):([0-5]\\d)(?:\\s*[AaPp]\\.?[Mm]\\.?)?\\s*=\\s*"
          + "(?=\\d[\\d.]*\\s*(hours?|hrs?|minutes?|mins?)\\b)");

  /**
   * "11:00-8:00 = 3 hours", "8:00 AM - 7:15 AM = 45 minutes": the time between two clock times on
   * the same half of the day, written as the arithmetic it is ((11 - 8) + (00 - 00)/60 hours), so
   * the result is checked; a difference that wraps past noon or midnight is left as written.
   */
  static String clockDifferences(String line) {
    Matcher m = CLOCK_DIFFERENCE.matcher(line);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      int later = Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
      int earlier = Integer.parseInt(m.group(3)) * 60 + Integer.parseInt(m.group(4));
      if (later < earlier) continue;
      boolean hours = m.group(5).startsWith("h");
      String expression = hours
          ? "(" + m.group(1) + " - " + m.group(3) + ") + (" + m.group(2) + " - " + m.group(4) + ")/60"
          : "(" + m.group(1) + " - " + m.group(3) + ") * 60 + (" + m.group(2) + " - " + m.group(4) + ")";
      if (out == null) out = new StringBuilder(line.length() + 16);
      out.append(line, last, m.start()).append(expression).append(" = ");
      last = m.end();
    }
    return out == null ? line : out.append(line, last, line.length()).toString();
  }

  /** Where a LaTeX command the plain rewriting did not know is left, or -1. */
  private static int unknownCommand(String line) {
    for (int i = line.indexOf('\\'); i >= 0 && i + 1 < line.length(); i = line.indexOf('\\', i + 1)) {
      if (Character.isLetter(line.charAt(i + 1))) return i;
    }
    return -1;
  }

  static String finalAnswer(String line) {
    int box = line.lastIndexOf(MathText.BOX);
    if (box >= 0) {
      int end = line.indexOf(MathText.BOX_END, box);
      return clean(line.substring(box + 1, end < 0 ? line.length() : end));
    }
    // cheap tests first: most lines carry no marker
    if (line.contains("####")) return group(FINAL_MARK, line);
    if (line.indexOf(':') >= 0 || line.indexOf('=') >= 0) {
      String label = group(ANSWER_LABEL, line);
      if (label != null) return label;
    }
    return line.contains("nswer") || line.contains("NSWER") ? group(ANSWER_SENTENCE, line) : null;
  }

  private static String group(Pattern p, String line) {
    Matcher m = p.matcher(line);
    return m.find() ? clean(m.group(1)) : null;
  }

  /** An answer without the sentence's full stop or emphasis: "696." is 696. */
  private static String clean(String s) {
    String t = s.strip();
    while (!t.isEmpty() && ".!;".indexOf(t.charAt(t.length() - 1)) >= 0) t = t.substring(0, t.length() - 1).strip();
    return t;
  }

  // ---- tokens

  enum Kind { NUM, OP, LP, RP, EQ, SOFT_EQ, WORD, OTHER }

  /** A token; {@code text} is its canonical form (a number without currency or separators). */
  record Token(Kind kind, String text, int start, int end, boolean attached) {}

  static List<Token> tokens(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      boolean attached = i > 0 && !Character.isWhitespace(s.charAt(i - 1));
      int start = i;
      if (c == '$' || c == '€' || c == '£' || c == '¥' || c == '₹') {
        int j = i + 1;
        while (j < n && s.charAt(j) == ' ') j++;
        if (j < n && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.' && j + 1 < n && Character.isDigit(s.charAt(j + 1)))) {
          i = j;
          c = s.charAt(i);
        } else {
          out.add(new Token(Kind.OTHER, String.valueOf(c), start, i + 1, attached));
          i++;
          continue;
        }
      }
      int compound = compoundEnd(s, i);
      if (compound > 0 && Character.isDigit(c) && !out.isEmpty() && out.get(out.size() - 1).kind() == Kind.EQ) {
        // "= 50-foot sections": after '=' the number is the result and the rest names it
        int digits = i;
        while (Character.isDigit(s.charAt(digits))) digits++;
        out.add(new Token(Kind.NUM, s.substring(i, digits), start, digits, attached));
        out.add(new Token(Kind.WORD, s.substring(digits + 1, compound), digits + 1, compound, true));
        i = compound;
        continue;
      }
      if (compound > 0) {
        // "push-ups", "200-kilobyte videos": a hyphen joining words is not a minus
        out.add(new Token(Kind.WORD, s.substring(i, compound), start, compound, attached));
        i = compound;
        continue;
      }
      if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)) && !(i > 0 && Character.isDigit(s.charAt(i - 1)))) {
        StringBuilder num = new StringBuilder();
        int j = i;
        while (j < n) {
          char d = s.charAt(j);
          if (Character.isDigit(d)) {
            num.append(d);
          } else if (d == ',' && num.length() > 0 && num.indexOf(".") < 0 && group(s, j)) {
            // a thousands separator
          } else {
            break;
          }
          j++;
        }
        if (j + 1 < n && s.charAt(j) == '.' && Character.isDigit(s.charAt(j + 1))) {
          num.append('.');
          j++;
          while (j < n && Character.isDigit(s.charAt(j))) num.append(s.charAt(j++));
        }
        // 1e10000, 2.5E-3: an exponent written straight after the digits
        if (j + 1 < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
          int k = j + 1;
          if (k < n && (s.charAt(k) == '-' || s.charAt(k) == '+')) k++;
          int digits = k;
          while (k < n && Character.isDigit(s.charAt(k))) k++;
          if (k > digits && (k >= n || !Character.isLetter(s.charAt(k)))) {
            num.append(s, j, k);
            j = k;
          }
        }
        // "18 000" after '=': thousands separated by a space
        if (!out.isEmpty() && out.get(out.size() - 1).kind() == Kind.EQ && num.length() <= 3 && num.indexOf(".") < 0
            && j + 4 <= n && s.charAt(j) == ' ' && Character.isDigit(s.charAt(j + 1)) && Character.isDigit(s.charAt(j + 2))
            && Character.isDigit(s.charAt(j + 3)) && (j + 4 == n || !Character.isDigit(s.charAt(j + 4)) && s.charAt(j + 4) != '/' && s.charAt(j + 4) != '-')) {
          num.append(s, j + 1, j + 4);
          j += 4;
        }
        // "16.66...": digits cut short, so only approximately equal
        boolean cutShort = false;
        if (num.indexOf(".") >= 0 && (s.startsWith("...", j) || s.startsWith("…", j))) {
          j += s.startsWith("...", j) ? 3 : 1;
          cutShort = true;
        }
        int k = j;
        while (k < n && s.charAt(k) == ' ' && k - j < 1) k++;
        if (k < n && s.charAt(k) == '%') {
          num.append('%');
          j = k + 1;
        }
        if (cutShort) num.insert(0, '≈');
        out.add(new Token(Kind.NUM, num.toString(), start, j, attached));
        i = j;
        continue;
      }
      if (Character.isLetter(c)) {
        int j = i;
        while (j < n && (Character.isLetter(s.charAt(j)) || s.charAt(j) == '\'' && j + 1 < n && Character.isLetter(s.charAt(j + 1)))) j++;
        if (j - i == 1 && Character.isUpperCase(c) && j < n && Character.isDigit(s.charAt(j))) {
          // "D1 = 322", "P2": a capital with its index names a quantity; its digits are no number
          int k = j;
          while (k < n && Character.isDigit(s.charAt(k))) k++;
          if (k >= n || !Character.isLetterOrDigit(s.charAt(k)) && s.charAt(k) != '.') j = k;
        }
        String w = s.substring(i, j);
        String lower = w.toLowerCase(java.util.Locale.ROOT);
        Kind k = lower.equals("is") || lower.equals("equals") ? Kind.SOFT_EQ : Kind.WORD;
        String op = wordOperator(s, lower, j);
        if (op != null) {
          // "30 plus 28", "150 divided by 5": operators in words, between numbers
          int end = lower.equals("divided") || lower.equals("multiplied") ? s.indexOf("by", j) + 2 : j;
          out.add(new Token(Kind.OP, op, start, end, attached));
          i = end;
          continue;
        }
        out.add(new Token(k, w, start, j, attached));
        i = j;
        continue;
      }
      switch (c) {
        case '+', '-', '*', '/', '^', '×', '÷' -> {
          out.add(new Token(Kind.OP, c == '×' ? "*" : c == '÷' ? "/" : String.valueOf(c), start, i + 1, attached));
          i++;
        }
        case '(', '[' -> {
          out.add(new Token(Kind.LP, "(", start, i + 1, attached));
          i++;
        }
        case ')', ']' -> {
          out.add(new Token(Kind.RP, ")", start, i + 1, attached));
          i++;
        }
        case '=' -> {
          int j = i + 1;
          if (j < n && (s.charAt(j) == '=' || s.charAt(j) == '>')) j++;
          // "72 sours => 0.75*x = 72": an implication opening the next equation separates two;
          // "12 / 2 => 6" states a result
          boolean implies = s.charAt(j - 1) == '>' && equationFollows(s, j);
          out.add(new Token(implies ? Kind.OTHER : Kind.EQ, implies ? "=>" : "=", start, j, attached));
          i = j;
        }
        case '≈', '~' -> {
          out.add(new Token(Kind.EQ, "≈", start, i + 1, attached));
          i++;
        }
        default -> {
          out.add(new Token(Kind.OTHER, String.valueOf(c), start, i + 1, attached));
          i++;
        }
      }
    }
    return out;
  }

  /** An '=' follows {@code from} before the next "=>" or the end of the line. */
  private static boolean equationFollows(String s, int from) {
    for (int k = from; k < s.length(); k++) {
      if (s.charAt(k) != '=') continue;
      return k + 1 >= s.length() || s.charAt(k + 1) != '>';
    }
    return false;
  }

  /**
   * Where a hyphenated compound starting at {@code i} ends ("push-ups", "200-kilobyte",
   * "5-year-old"), or -1: a word or whole number joined by hyphens to words of two letters or
   * more (a single letter only to one of three or more: "T-shirts"), so "x-2", "20-x" and "x-y" stay
   * arithmetic.
   */
  private static int compoundEnd(String s, int i) {
    int n = s.length();
    if (i > 0 && (Character.isLetterOrDigit(s.charAt(i - 1)) || s.charAt(i - 1) == '.' || s.charAt(i - 1) == '-')) return -1;
    int j = i;
    boolean digits = Character.isDigit(s.charAt(i));
    while (j < n && (digits ? Character.isDigit(s.charAt(j)) : Character.isLetter(s.charAt(j)))) j++;
    if (j == i) return -1;
    if (!digits && j - i < 2) {
      // "T-shirts", "x-ray": one letter joins only a word of three letters or more ("x-y" stays arithmetic)
      int k = j + 1;
      while (k < n && Character.isLetter(s.charAt(k))) k++;
      if (j >= n || s.charAt(j) != '-' || k - j - 1 < 3) return -1;
    }
    int end = -1;
    while (j + 2 < n && s.charAt(j) == '-' && Character.isLetter(s.charAt(j + 1)) && Character.isLetter(s.charAt(j + 2))) {
      int k = j + 1;
      while (k < n && Character.isLetter(s.charAt(k))) k++;
      end = j = k;
    }
    return end;
  }

  /** The operator a word names when a number follows it: plus, minus, times, divided by, multiplied by. */
  private static String wordOperator(String s, String word, int end) {
    String op = switch (word) {
      case "plus" -> "+";
      case "minus" -> "-";
      case "times", "multiplied" -> "*";
      case "divided" -> "/";
      default -> null;
    };
    if (op == null) return null;
    int p = end;
    while (p < s.length() && s.charAt(p) == ' ') p++;
    if (word.equals("divided") || word.equals("multiplied")) {
      if (!s.startsWith("by", p)) return null;
      p += 2;
      while (p < s.length() && s.charAt(p) == ' ') p++;
    }
    return p < s.length() && (Character.isDigit(s.charAt(p)) || s.charAt(p) == '$') ? op : null;
  }

  /** A comma followed by exactly three digits and then no further digit separates thousands. */
  private static boolean group(String s, int comma) {
    for (int i = 1; i <= 3; i++) {
      if (comma + i >= s.length() || !Character.isDigit(s.charAt(comma + i))) return false;
    }
    return comma + 4 >= s.length() || !Character.isDigit(s.charAt(comma + 4));
  }

  // ---- equations

  /** One pass over a line's tokens, collecting equation chains. */
  private static final class Scan {
    private final String line;
    private final List<Token> t;
    private final List<Claim> claims;
    private final List<Equation> equations;
    Map<String, List<String>> assignments;

    Scan(String line, List<Claim> claims, List<Equation> equations) {
      this.line = line;
      this.t = tokens(line);
      this.claims = claims;
      this.equations = equations;
    }

    /** A parsed expression: tokens [from, to), its canonical text, and what it contains. */
    private record Expr(int from, int to, String text, boolean operator, Set<String> unknowns, boolean number, boolean approx) {}

    void run() {
      int i = 0;
      while (i < t.size()) {
        if (!startsExpression(i)) {
          i++;
          continue;
        }
        Expr first = expression(i);
        if (first == null) {
          i++;
          continue;
        }
        List<Expr> parts = new ArrayList<>();
        List<Boolean> approx = new ArrayList<>();
        List<Boolean> soft = new ArrayList<>();
        parts.add(first);
        int k = first.to();
        boolean broken = false;
        while (k < t.size() && (t.get(k).kind() == Kind.EQ || t.get(k).kind() == Kind.SOFT_EQ || toFind(k))) {
          Token eq = t.get(k);
          examined.add(k);
          int next = k + 1;
          // "multiply 4*2 to find 8": the words stand for "is", as softly
          if (toFind(k)) {
            eq = new Token(Kind.SOFT_EQ, "to " + t.get(k + 1).text(), eq.start(), t.get(k + 1).end(), eq.attached());
            next = k + 2;
          }
          // "is equal to"
          if (eq.kind() == Kind.SOFT_EQ && next + 1 < t.size() && t.get(next).text().equalsIgnoreCase("equal")
              && t.get(next + 1).text().equalsIgnoreCase("to")) {
            next += 2;
          }
          knownBefore = parts.stream().allMatch(p -> p.unknowns().isEmpty()) && parts.stream().anyMatch(Expr::operator);
          Expr e = next < t.size() && startsExpression(next) ? expression(next) : null;
          knownBefore = false;
          Expr last = parts.get(parts.size() - 1);
          if (eq.kind() == Kind.SOFT_EQ && (e == null || !last.operator() || !e.number() || parts.size() > 1 && !last.number())) break;
          if (e == null) {
            broken = eq.kind() == Kind.EQ;
            break;
          }
          parts.add(e);
          approx.add(eq.text().equals("≈") || e.approx());
          soft.add(eq.kind() == Kind.SOFT_EQ);
          k = e.to();
        }
        boolean cutRight = parts.size() > 1 && k < t.size() && t.get(k).kind() == Kind.OP && !broken && !perUnitAfter(k);
        boolean cutLeft = (parts.size() > 1 || broken) && cut(i);
        if (cutLeft && !cutRight && parts.size() > 2 && parts.get(1).operator() && parts.stream().allMatch(p -> p.unknowns().isEmpty())) {
          // "= total/3 = 186 / 3 = 62", "fare + $5 on bananas + $10 on kiwis = 7 + 5 + 10 = 22": a
          // formula in words, then the computation in numbers, which is what is checked
          parts.remove(0);
          approx.remove(0);
          soft.remove(0);
          emit(parts, approx, soft, broken, k);
        } else if ((parts.size() > 1 || broken) && (cutLeft || cutRight)) {
          // "a day - 4 hours - 2 hours = 10": the expression began among words it cannot read
          claims.add(new Claim.Unread(span(Math.max(0, i - 2), Math.min(k + 1, t.size())), "an expression with words inside it"));
        } else {
          if (parts.size() > 2 && label(i, parts)) {
            // "Remaining 10 = 62,300/10 = $6230": a count naming what is computed, not a claim
            parts.remove(0);
            approx.remove(0);
            soft.remove(0);
          }
          emit(parts, approx, soft, broken, k);
        }
        i = Math.max(k, i + 1);
      }
    }

    /**
     * "= 30 flowers / centerpiece", "= 90,000/" at the end of the line: a per-unit after a result,
     * a slash with a word and no number after it.
     */
    private boolean perUnitAfter(int k) {
      if (!t.get(k).text().equals("/")) return false;
      if (k + 1 == t.size()) return true;
      return t.get(k + 1).kind() == Kind.WORD && !(k + 2 < t.size() && (t.get(k + 2).kind() == Kind.NUM || t.get(k + 2).kind() == Kind.LP
          || t.get(k + 2).kind() == Kind.OP && !t.get(k + 2).text().equals("/")));
    }

    /**
     * "2400 m / 12", "50 g + 20 g": a unit symbol written apart from its number, not an unknown
     * (as one, it would be solved for and let any result hold).
     */
    private boolean unitSymbol(int k) {
      Token x = t.get(k);
      return x.kind() == Kind.WORD && x.text().length() == 1 && !x.attached() && "mgslhkdL".indexOf(x.text().charAt(0)) >= 0
          && k > 0 && t.get(k - 1).kind() == Kind.NUM;
    }

    /** The '=' signs a chain of equalities reached, read or reported. */
    private final Set<Integer> examined = new java.util.HashSet<>();

    /**
     * Each '=' followed by a number that no chain reached, where the clause before it computes
     * with words between its numbers: a number, an operator, then a number ("16 total curlers –
     * 12 pink and blue curlers = 4").
     */
    List<Skipped> skipped() {
      List<Skipped> out = new ArrayList<>();
      for (int k = 1; k + 1 < t.size(); k++) {
        if (t.get(k).kind() != Kind.EQ || examined.contains(k) || t.get(k + 1).kind() != Kind.NUM) continue;
        boolean numberAfter = false;
        int from = -1;
        for (int j = k - 1; j >= 0 && j >= k - 16; j--) {
          Token x = t.get(j);
          if (x.kind() == Kind.EQ || x.kind() == Kind.SOFT_EQ || x.kind() == Kind.OTHER && ".,;:!?".contains(x.text())) break;
          if (x.kind() == Kind.NUM && from >= 0) {
            out.add(new Skipped(span(j, k + 2), t.get(k + 1).text()));
            break;
          }
          if (x.kind() == Kind.NUM) numberAfter = true;
          if (x.kind() == Kind.OP && numberAfter) from = j;
        }
      }
      return out;
    }

    /** Whether the expression being read is the result of a computation with no unknowns. */
    private boolean knownBefore;

    /**
     * "3 * 100 = 300m", "200 + 100 + 100 = 400g of flour": a unit letter glued to the result of a
     * computation in numbers only, with no operator after it. As an unknown it would be solved
     * for, and any result would hold ("3 * 100 = 308m" with m = 75/77); "m = 2s" and "5m = 30"
     * have an unknown on the other side or no computation, and stay algebra.
     */
    private boolean unitAfterResult(int k) {
      Token x = t.get(k);
      return knownBefore && x.attached() && "mgslhkd".indexOf(x.text().charAt(0)) >= 0
          && !(next(k, Kind.OP) || next(k, Kind.EQ) || next(k, Kind.RP));
    }

    /** "m/min", "g/giraffe", "L/feeding": a unit letter per a unit, not an unknown. */
    private boolean unitPer(int k) {
      return k + 2 < t.size() && t.get(k + 1).text().equals("/") && t.get(k + 1).attached() && t.get(k + 2).kind() == Kind.WORD
          && t.get(k + 2).attached();
    }

    /** The expression at {@code i} continues one to its left that the reader could not follow. */
    private boolean cut(int i) {
      if (i == 0) return false;
      Token before = t.get(i - 1);
      Token start = t.get(i);
      if (before.kind() == Kind.OP && !(start.kind() == Kind.OP)) return true;
      if (start.kind() == Kind.OP && i > 1 && t.get(i - 2).kind() == Kind.WORD) return false;
      if (sumBrokenByWords(i)) return true;
      boolean glued = before.kind() == Kind.OTHER && start.attached() && i > 1 && t.get(i - 2).kind() == Kind.NUM && before.attached()
          && ":,.".contains(before.text()) && !label(i);
      boolean times = before.kind() == Kind.WORD && before.text().equalsIgnoreCase("x") && i > 1
          && (t.get(i - 2).kind() == Kind.NUM || t.get(i - 2).kind() == Kind.WORD || t.get(i - 2).kind() == Kind.RP);
      return glued || times;
    }

    private static final Set<String> CLAUSE_BREAK = Set.of("so", "then", "thus", "hence", "therefore", "which", "because", "since", "means", "gives", "makes", "that");

    /**
     * "add 20 + 10 decorations to the 29 + 24 decorations = 83": a sum broken by a few words, with
     * no clause between them. Reading only its tail would check a claim the text does not make,
     * and a repair of that claim (to 53) would carry into the answer. A sum written again before
     * its computation ("98 - 49 - 11 pages for the introduction 98 - 49 - 11 = 38") is not broken.
     */
    private boolean sumBrokenByWords(int i) {
      int k = i - 1;
      int words = 0;
      while (k >= 0 && words < 4 && t.get(k).kind() == Kind.WORD && !CLAUSE_BREAK.contains(t.get(k).text().toLowerCase(java.util.Locale.ROOT))) {
        k--;
        words++;
      }
      if (words == 0 || k < 2 || t.get(k).kind() != Kind.NUM || !additive(k - 1) || t.get(k - 2).kind() != Kind.NUM) return false;
      if (i + 1 >= t.size() || !additive(i + 1)) return false;
      int from = k;
      while (from >= 2 && additive(from - 1) && t.get(from - 2).kind() == Kind.NUM) from -= 2;
      for (int j = from; j <= k; j++) {
        if (i + j - from >= t.size() || !t.get(i + j - from).text().equals(t.get(j).text())) return true;
      }
      return false;
    }

    private boolean additive(int k) {
      return t.get(k).kind() == Kind.OP && (t.get(k).text().equals("+") || t.get(k).text().equals("-"));
    }

    /**
     * "Day 2:50(2)=100", "1:600/2=300": a count naming the line, glued by a colon to the
     * computation, at the start of the line or after a word; a clock time ("8:00", "7:15") is not
     * one, unless a factor in parentheses follows its minutes ("2:50(2)" multiplies).
     */
    private boolean label(int i) {
      Token count = t.get(i - 2);
      Token start = t.get(i);
      if (!t.get(i - 1).text().equals(":") || !count.text().matches("\\d{1,2}") || i > 2 && t.get(i - 3).kind() != Kind.WORD) return false;
      boolean clock = start.kind() == Kind.NUM && start.text().matches("[0-5]\\d")
          && !(i + 1 < t.size() && t.get(i + 1).kind() == Kind.LP && t.get(i + 1).attached());
      return !clock;
    }

    /**
     * A lone number after a word, before a computation: "5 medium pizzas = 4 + 5 = 9"; or a
     * measure named by its unit and converted from itself: "14 hours = 14 * 60 = 840 minutes".
     */
    private boolean label(int i, List<Expr> parts) {
      Expr first = parts.get(0);
      Expr next = parts.get(1);
      if (!first.number() || !next.operator()) return false;
      if (i > 0 && (t.get(i - 1).kind() == Kind.WORD || t.get(i - 1).kind() == Kind.SOFT_EQ)) return true;
      Token from = t.get(next.from());
      return !unit(first).isEmpty() && from.kind() == Kind.NUM && from.text().equals(t.get(first.from()).text());
    }

    private void emit(List<Expr> parts, List<Boolean> approx, List<Boolean> soft, boolean broken, int end) {
      boolean operator = parts.stream().anyMatch(Expr::operator);
      Set<String> unknowns = new LinkedHashSet<>();
      for (Expr e : parts) unknowns.addAll(e.unknowns());
      String text = span(parts.get(0).from(), Math.min(end + (broken ? 1 : 0), t.size()));
      if (broken && operator && unknowns.isEmpty() && parts.size() < 2) {
        // "5 * 4 = twenty": a result it cannot read
        claims.add(new Claim.Unread(text + " …", "no number it can read after '='"));
        return;
      }
      if (parts.size() < 2) return;
      if (!unknowns.isEmpty()) {
        if (assignments != null) {
          // "x = 80/4 = 20": the unknown is the last number of the chain; "20 = A" too
          Expr first = parts.get(0);
          Expr last = parts.get(parts.size() - 1);
          if (first.unknowns().size() == 1 && !first.operator() && last.number()) {
            assignments.computeIfAbsent(first.unknowns().iterator().next(), x -> new ArrayList<>()).add(last.text());
          } else if (last.unknowns().size() == 1 && !last.operator() && first.number()) {
            assignments.computeIfAbsent(last.unknowns().iterator().next(), x -> new ArrayList<>()).add(first.text());
          }
        }
        List<Expr> known = new ArrayList<>();
        for (Expr e : parts) if (e.unknowns().isEmpty()) known.add(e);
        // the links without unknowns are plain arithmetic: "x = 80/4 = 20" checks 80/4 = 20
        for (int i = 0; i + 1 < parts.size(); i++) {
          Expr a = parts.get(i);
          Expr b = parts.get(i + 1);
          if (a.unknowns().isEmpty() && b.unknowns().isEmpty() && (a.operator() || b.operator())) {
            claims.add(new Claim.Arithmetic(a.text(), (approx.get(i) ? "≈ " : "") + b.text()));
          }
        }
        boolean definition = parts.size() == 2 && (parts.get(0).unknowns().size() == 1 && !parts.get(0).operator() && parts.get(1).number()
            || parts.get(1).unknowns().size() == 1 && !parts.get(1).operator() && parts.get(0).number());
        if (!definition && (operator || parts.stream().filter(e -> !e.unknowns().isEmpty()).count() > 1)) {
          // each link with an unknown: "S + 2S + 4S = 7S = 847" is an identity, then what defines S
          for (int i = 0; i + 1 < parts.size(); i++) {
            Expr a = parts.get(i);
            Expr b = parts.get(i + 1);
            if (a.unknowns().isEmpty() && b.unknowns().isEmpty()) continue;
            Set<String> u = new LinkedHashSet<>(a.unknowns());
            u.addAll(b.unknowns());
            equations.add(new Equation(text, List.of(a.text(), b.text()), u));
          }
        }
        return;
      }
      if (!operator) {
        // "1 hour = 60 minutes" states a conversion; "13 = 15" in the same unit is a claim
        for (int i = 0; i + 1 < parts.size(); i++) {
          Expr a = parts.get(i);
          Expr b = parts.get(i + 1);
          if (a.number() && b.number() && !soft.get(i) && sameUnit(a, b) && !a.text().equals(b.text())) {
            claims.add(new Claim.Arithmetic(a.text(), (approx.get(i) ? "≈ " : "") + b.text()));
          }
        }
        return;
      }
      for (int i = 0; i + 1 < parts.size(); i++) {
        String left = parts.get(i).text();
        String right = parts.get(i + 1).text();
        if (parts.get(i).number() && parts.get(i + 1).number() && !sameUnit(parts.get(i), parts.get(i + 1))) {
          continue; // "2 hours = 120 minutes", "100 cents = $1": a conversion, not a computation
        }
        Matcher runOn = i + 2 < parts.size() && parts.get(i + 1).operator() ? RUN_ON.matcher(right) : null;
        if (runOn != null && runOn.find() && !sameValue(left, right) && sameValue(left, runOn.group(1))) {
          // "7 x 60 = 420 + 23 = 443": a result run on into the next computation, two claims
          claims.add(new Claim.Arithmetic(left, (approx.get(i) ? "≈ " : "") + runOn.group(1)));
          continue;
        }
        if (soft.get(i) && !sameValue(left, right)) {
          // "4/7 is $24" may say "stands for": an 'is' that does not hold is reported, not failed
          claims.add(new Claim.Unread(text, "'" + left + " is " + right + "' does not hold as an equality"));
          continue;
        }
        claims.add(new Claim.Arithmetic(left, (approx.get(i) ? "≈ " : "") + right));
      }
    }

    private static final Pattern RUN_ON = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*[-+*/]");

    /** Two lone numbers count the same thing unless both name different units. */
    private boolean sameUnit(Expr a, Expr b) {
      String ua = unit(a);
      String ub = unit(b);
      return ua.isEmpty() || ub.isEmpty() || ua.equals(ub);
    }

    /** What a lone number counts: the word after it, or the currency before it. */
    private String unit(Expr e) {
      Token num = t.get(e.to() - 1);
      for (int j = e.from(); j < e.to(); j++) if (t.get(j).kind() == Kind.NUM) num = t.get(j);
      if (line.charAt(num.start()) != num.text().charAt(0) && !Character.isDigit(line.charAt(num.start()))) {
        return String.valueOf(line.charAt(num.start()));
      }
      int after = t.indexOf(num) + 1;
      return after < t.size() && t.get(after).kind() == Kind.WORD ? t.get(after).text().toLowerCase(java.util.Locale.ROOT) : "";
    }

    private String span(int from, int to) {
      int a = t.get(from).start();
      int b = t.get(Math.max(from, to - 1)).end();
      String s = line.substring(a, b).strip();
      return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }

    /** Whether tokens {@code i, i+1} are "to find" or "to get", which link a computation to its result. */
    private boolean toFind(int i) {
      return i + 1 < t.size() && t.get(i).kind() == Kind.WORD && t.get(i).text().equalsIgnoreCase("to")
          && t.get(i + 1).kind() == Kind.WORD && (t.get(i + 1).text().equalsIgnoreCase("find") || t.get(i + 1).text().equalsIgnoreCase("get"));
    }

    private boolean startsExpression(int i) {
      Token k = t.get(i);
      return switch (k.kind()) {
        case NUM, LP -> true;
        case OP -> k.text().equals("-") && i + 1 < t.size() && (t.get(i + 1).kind() == Kind.NUM || t.get(i + 1).kind() == Kind.LP)
            && (i == 0 || t.get(i - 1).kind() == Kind.EQ || t.get(i - 1).kind() == Kind.LP || t.get(i - 1).kind() == Kind.OTHER);
        case WORD -> unknown(i) || isSqrt(i);
        default -> false;
      };
    }

    /** A single letter used as a quantity: "x + 3", "2x", not the article in "a box". */
    private boolean unknown(int i) {
      Token k = t.get(i);
      if (k.kind() != Kind.WORD || k.text().length() != 1) return false;
      char c = k.text().charAt(0);
      boolean next = i + 1 < t.size() && (t.get(i + 1).kind() == Kind.OP || t.get(i + 1).kind() == Kind.EQ || t.get(i + 1).kind() == Kind.RP);
      boolean prev = i > 0 && (t.get(i - 1).kind() == Kind.OP || t.get(i - 1).kind() == Kind.EQ || t.get(i - 1).kind() == Kind.LP
          || (t.get(i - 1).kind() == Kind.NUM || t.get(i - 1).kind() == Kind.RP) && k.attached());
      // the article or the pronoun stands among words; as an unknown it opens the line or an operator is glued to it ("A+(A+2)=19")
      if (c == 'a' || c == 'A' || c == 'I') return next && (prev || i == 0 || t.get(i + 1).attached() && t.get(i + 1).kind() == Kind.OP);
      return next || prev;
    }

    private Boolean xUnknown;

    /**
     * The line uses x as an unknown somewhere ("3x(1/3)=x"), so "3x(" multiplies by it; between
     * two numbers only ("3 x 4", "2 x (5 + 1)") it is a times sign.
     */
    private boolean xUnknown() {
      if (xUnknown == null) {
        xUnknown = false;
        for (int i = 0; i < t.size() && !xUnknown; i++) {
          Token x = t.get(i);
          if (!x.text().equals("x") && !x.text().equals("X")) continue;
          // "8 acres x (3/4)": a unit before x stands for its number
          boolean numberBefore = i > 0 && (t.get(i - 1).kind() == Kind.NUM || t.get(i - 1).kind() == Kind.RP
              || t.get(i - 1).kind() == Kind.WORD && t.get(i - 1).text().length() > 1);
          boolean numberAfter = i + 1 < t.size() && (t.get(i + 1).kind() == Kind.NUM || t.get(i + 1).kind() == Kind.LP);
          xUnknown = !(numberBefore && numberAfter) && (numberBefore || numberAfter || i > 0 && t.get(i - 1).kind() == Kind.EQ
              || i + 1 < t.size() && (t.get(i + 1).kind() == Kind.EQ || t.get(i + 1).kind() == Kind.OP));
        }
      }
      return xUnknown;
    }

    private boolean next(int i, Kind kind) {
      return i + 1 < t.size() && t.get(i + 1).kind() == kind;
    }

    private boolean isSqrt(int i) {
      return t.get(i).text().equals("sqrt") && i + 1 < t.size() && t.get(i + 1).kind() == Kind.LP;
    }

    /**
     * The longest expression starting at token {@code i}, by a state machine over the tokens
     * (no recursion): operand expected, or operator expected; parentheses counted.
     */
    private Expr expression(int i) {
      StringBuilder sb = new StringBuilder();
      Set<String> unknowns = new LinkedHashSet<>();
      mixed = false;
      boolean approx = false;
      boolean operand = true;
      int depth = 0;
      boolean operator = false;
      int lastEnd = -1;
      String lastText = null;
      boolean lastOperator = false;
      int operands = 0;
      int k = i;
      while (k < t.size()) {
        Token x = t.get(k);
        if (operand) {
          if (x.kind() == Kind.NUM) {
            approx |= x.text().startsWith("≈");
            sb.append(x.text().startsWith("≈") ? x.text().substring(1) : x.text());
            operands++;
            k++;
            // "1 1/2": a mixed number
            if (k + 2 < t.size() && t.get(k).kind() == Kind.NUM && t.get(k + 1).text().equals("/") && t.get(k + 1).attached()
                && t.get(k + 2).kind() == Kind.NUM && t.get(k + 2).attached() && !t.get(k).attached()
                && x.text().indexOf('.') < 0 && x.text().indexOf('%') < 0) {
              sb.append(' ').append(t.get(k).text()).append('/').append(t.get(k + 2).text());
              k += 3;
            }
            k = mixedAnd(k, sb);
            k = units(k);
            operand = false;
          } else if (x.kind() == Kind.LP) {
            sb.append('(');
            depth++;
            k++;
          } else if (x.kind() == Kind.OP && (x.text().equals("-") || x.text().equals("+"))) {
            sb.append(x.text());
            k++;
          } else if (x.kind() == Kind.WORD && isSqrt(k)) {
            sb.append("sqrt(");
            depth++;
            operator = true;
            k += 2;
          } else if (x.kind() == Kind.WORD && unknown(k)) {
            sb.append(x.text());
            unknowns.add(x.text());
            operands++;
            k++;
            operand = false;
          } else {
            break;
          }
        } else {
          if (depth == 0) {
            lastEnd = k;
            lastText = sb.toString();
            lastOperator = operator;
          }
          if (x.kind() == Kind.OP) {
            // spacing as written: "25 / 1/3" divides by a third
            boolean tight = x.attached() && k + 1 < t.size() && t.get(k + 1).attached() && t.get(k - 1).kind() == Kind.NUM;
            sb.append(tight ? x.text() : " " + x.text() + " ");
            operator = true;
            operand = true;
            k++;
          } else if (x.kind() == Kind.RP && depth > 0) {
            sb.append(')');
            depth--;
            k++;
          } else if (x.kind() == Kind.NUM && t.get(k - 1).kind() == Kind.RP) {
            // "(1/2) 1956": a factor written after a parenthesis
            sb.append(" * ");
            operator = true;
            operand = true;
          } else if (x.kind() == Kind.LP && x.attached()) {
            sb.append(" * (");
            operator = true;
            depth++;
            operand = true;
            k++;
          } else if (x.kind() == Kind.WORD && (x.text().equals("x") || x.text().equals("X")) && k + 1 < t.size()
              && (t.get(k + 1).kind() == Kind.NUM || t.get(k + 1).kind() == Kind.LP) && !(xUnknown() && t.get(k + 1).kind() == Kind.LP)) {
            sb.append(" * ");
            operator = true;
            operand = true;
            k++;
          } else if (x.kind() == Kind.WORD && x.text().equalsIgnoreCase("of") && k + 1 < t.size() && t.get(k + 1).kind() == Kind.NUM
              && sb.length() > 0 && (sb.charAt(sb.length() - 1) == '%')) {
            sb.append(" * ");
            operator = true;
            operand = true;
            k++;
          } else if ((x.kind() == Kind.WORD && x.text().length() == 1 && (!x.text().equalsIgnoreCase("x") || next(k, Kind.EQ))
              && (x.attached() || next(k, Kind.OP) || next(k, Kind.EQ)) && unknown(k)
              || x.kind() == Kind.WORD && x.attached() && x.text().length() == 1 && unknown(k)
                  && (next(k, Kind.OP) || next(k, Kind.EQ) || next(k, Kind.RP) || "mgslhkd".indexOf(x.text().charAt(0)) < 0))
              && !unitPer(k) && !unitSymbol(k) && !unitAfterResult(k)) {
            // "6p": a number times an unknown
            sb.append('*').append(x.text());
            unknowns.add(x.text());
            operator = true;
            k++;
          } else {
            break;
          }
        }
      }
      if (!operand && depth == 0) {
        lastEnd = k;
        lastText = sb.toString();
        lastOperator = operator;
      }
      if (lastEnd < 0 || operands == 0) return null;
      boolean number = (!lastOperator || mixed && operands == 1) && unknowns.isEmpty() && lastText.indexOf('(') < 0;
      if (mixed && operands == 1) lastOperator = false;
      return new Expr(i, lastEnd, lastText.strip(), lastOperator, unknowns, number, approx);
    }

    /** "5 and 2/3", "16 and (2/3)": a whole number and a fraction. */
    private int mixedAnd(int k, StringBuilder sb) {
      if (k + 3 >= t.size() || !t.get(k).text().equalsIgnoreCase("and")) return k;
      int j = k + 1;
      boolean paren = t.get(j).kind() == Kind.LP;
      if (paren) j++;
      if (j + 2 >= t.size() || t.get(j).kind() != Kind.NUM || !t.get(j + 1).text().equals("/")
          || t.get(j + 2).kind() != Kind.NUM) {
        return k;
      }
      int end = j + 3;
      if (paren) {
        if (end >= t.size() || t.get(end).kind() != Kind.RP) return k;
        end++;
      }
      sb.append(" + ").append(t.get(j).text()).append('/').append(t.get(j + 2).text());
      mixed = true;
      return end;
    }

    private boolean mixed;

    /**
     * Skips what a number counts ("4 weeks", "12000 flowers/unicorn", "$5400/week") when an
     * operator or '=' follows it; a per-unit ("/week") is skipped wherever it stands.
     */
    private int units(int k) {
      int j = k;
      boolean per = false;
      for (int w = 0; w < 4 && j < t.size(); w++) {
        Token x = t.get(j);
        if (x.text().equals("/") && x.attached() && j + 1 < t.size() && t.get(j + 1).kind() == Kind.WORD
            && t.get(j + 1).attached() && t.get(j + 1).text().length() > 1) {
          j += 2;
          per = true;
        } else if (x.kind() == Kind.WORD && (x.text().length() > 1 || unitSymbol(j)) && !x.text().equalsIgnoreCase("of") && !x.text().equalsIgnoreCase("and")
            && !isSqrt(j) && w < 3) {
          j++;
        } else {
          break;
        }
        if (j < t.size() && (t.get(j).kind() == Kind.OP && !(t.get(j).text().equals("/") && t.get(j).attached())
            || t.get(j).kind() == Kind.EQ || t.get(j).kind() == Kind.RP || t.get(j).text().equalsIgnoreCase("equals"))) {
          // "11 girls equals 25": a result in words after the unit
          return j;
        }
        if (j + 1 < t.size() && t.get(j).text().equals("/") && t.get(j).attached() && t.get(j + 1).kind() == Kind.NUM
            && !(k > 1 && t.get(k - 2).text().equals("/"))) {
          // "8km/4hrs", "1.5 km/0.75 hour", "* 1 hour/60 minutes": a unit then a division by a
          // number; in a divisor ("150 minutes / 5 minutes/100 meters") the number is a rate's
          return j;
        }
        if (j + 1 < t.size() && t.get(j).text().equalsIgnoreCase("x") && (t.get(j + 1).kind() == Kind.NUM || t.get(j + 1).kind() == Kind.LP)) return j;
      }
      return per ? j : k;
    }
  }
}
