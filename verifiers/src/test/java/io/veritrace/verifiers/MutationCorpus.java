package io.veritrace.verifiers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A seeded corpus of GSM8K train solutions as chat models write them, right and mutated. Each
 * gold solution's calculator annotations ({@code 48/2 = <<48/2=24>>24}) give its computations;
 * they are rendered in plain text, LaTeX or Markdown, with the final answer marked the way that
 * style marks it, and mutated: a changed intermediate result, a changed restatement in prose
 * ("therefore she is 15 years old" made 22, the annotation {@code <<22=22>>} with it), a changed final result (answer
 * changed with it), a changed operand (a number neither the question, the everyday constants
 * nor the solution's results give, its step recomputed, so only the operand is from nowhere), or an answer that
 * differs from the last result.
 *
 * <p>Run the whole corpus: {@code java -cp ... io.veritrace.verifiers.MutationCorpus [seed [lines [every]]]} (every: take every n-th solution)
 * (see README); {@link MutationCorpusTest} asserts the targets on a seeded sample.
 */
public final class MutationCorpus {

  public enum Rendering { ANNOTATED, PLAIN, LATEX, MARKDOWN }

  /** RESTATED_RESULT comes last so the seeded choices of the other classes stay as they were. */
  public enum Mutation { NONE, INTERMEDIATE_RESULT, FINAL_RESULT, OPERAND, ANSWER, RESTATED_RESULT }

  /** One rendered solution; {@code right} when it is the gold solution unchanged. */
  public record Item(int line, Rendering rendering, Mutation mutation, String question, String solution) {
    public boolean right() {
      return mutation == Mutation.NONE;
    }
  }

  private static final Pattern ANNOTATION = Pattern.compile("<<([^<>=]*)=([^<>]*)>>");
  private static final Pattern NUMBER = Pattern.compile("(?<![\\d.])\\d+(?:\\.\\d+)?");
  /** A number right after '=' in the text a human wrote: a result, annotated or not. */
  private static final Pattern VISIBLE_RESULT = Pattern.compile("=\\s*[$€]?\\s*(\\d[\\d,]*(?:\\.\\d+)?)");

  /**
   * A computation of the gold solution: where it sits, what it says, and whether the text before
   * it shows a computation ending in '=' ({@code shown}: "12 / 2 = <<6=6>>6").
   */
  private record Calc(int line, String expression, String result, boolean shown) {
    Calc with(String expression, String result) {
      return new Calc(line, expression, result, shown);
    }

    /** A lone number ("<<6=6>>", "<<+7=7>>"): the annotation restates a value the visible text may compute. */
    boolean restatement() {
      return expression.replaceAll("[\\s$€,]", "").matches("[-+]?(?:\\d+(?:\\.\\d+)?|\\.\\d+)");
    }

    /**
     * A result a computation gives: a restatement counts only where the visible text computes it.
     * "therefore is <<15=15>>15 years old" restates a number in prose; changing it is a changed
     * stated number: the RESTATED_RESULT mutation, not the intermediate-result one.
     */
    boolean computed() {
      return !restatement() || shown;
    }

    /**
     * A signed term of algebra the visible text writes around it ("S + <<+30+46=76>>76",
     * "w<<-20+10=-10>>-10"): the human wrote the unknown and only the term's value.
     */
    boolean continuesVisibleAlgebra() {
      return expression.strip().matches("\\(?[-+].*");
    }
  }

  private MutationCorpus() {}

  /**
   * The item for {@code gold} in {@code rendering} with {@code mutation}, or null when the
   * solution offers nothing to mutate (no intermediate step for an intermediate mutation).
   */
  public static Item of(Gsm8k gold, Rendering rendering, Mutation mutation, long seed) {
    Random rnd = new Random(seed * 1_000_003L + gold.line() * 31L + mutation.ordinal() * 7L + rendering.ordinal());
    String[] all = gold.answer().split("\n");
    String answer = all[all.length - 1].replace("####", "").strip();
    List<String> lines = new ArrayList<>(List.of(all).subList(0, all.length - 1));
    List<Calc> calcs = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = ANNOTATION.matcher(lines.get(i));
      while (m.find()) calcs.add(new Calc(i, m.group(1), m.group(2), computedBefore(lines.get(i).substring(0, m.start()))));
    }
    if (calcs.isEmpty()) return null;
    List<Calc> changed = new ArrayList<>(calcs);
    switch (mutation) {
      case NONE -> { }
      case INTERMEDIATE_RESULT -> {
        List<Integer> results = new ArrayList<>();
        for (int i = 0; i < calcs.size() - 1; i++) if (calcs.get(i).computed()) results.add(i);
        if (results.isEmpty()) return null;
        int k = results.get(rnd.nextInt(results.size()));
        Calc c = calcs.get(k);
        changed.set(k, c.with(c.expression(), nudge(c.result(), rnd)));
      }
      case RESTATED_RESULT -> {
        List<Integer> restated = new ArrayList<>();
        for (int i = 0; i < calcs.size() - 1; i++) if (!calcs.get(i).computed()) restated.add(i);
        if (restated.isEmpty()) return null;
        int k = restated.get(rnd.nextInt(restated.size()));
        String wrong = nudge(calcs.get(k).result(), rnd);
        changed.set(k, calcs.get(k).with(wrong, wrong));
      }
      case FINAL_RESULT -> {
        Calc c = calcs.get(calcs.size() - 1);
        String wrong = nudge(c.result(), rnd);
        changed.set(calcs.size() - 1, c.with(c.expression(), wrong));
        if (sameNumber(c.result(), answer)) answer = wrong;
        else return null;
      }
      case OPERAND -> {
        // only a computation has an operand: a restatement ("<<35=35>>") computes nothing
        List<Integer> computations = new ArrayList<>();
        for (int i = 0; i < calcs.size(); i++) if (!calcs.get(i).restatement()) computations.add(i);
        if (computations.isEmpty()) return null;
        int k = computations.get(rnd.nextInt(computations.size()));
        Calc c = calcs.get(k);
        Matcher m = NUMBER.matcher(c.expression());
        List<int[]> spans = new ArrayList<>();
        while (m.find()) spans.add(new int[] {m.start(), m.end()});
        if (spans.isEmpty()) return null;
        int[] s = spans.get(rnd.nextInt(spans.size()));
        // an operand from nowhere: neither a number the question states, nor an everyday constant,
        // nor a result of the solution (using another step's result is a different, not a baseless,
        // step), annotated or only written ("7 + 4 = 11 candies", "2x=18", "= 15 green straws")
        List<String> visibleResults = new ArrayList<>();
        for (String l : lines) {
          Matcher v = VISIBLE_RESULT.matcher(ANNOTATION.matcher(l).replaceAll(""));
          while (v.find()) visibleResults.add(v.group(1));
        }
        java.util.Set<io.veritrace.verifiers.arithmetic.Rational> stated =
            io.veritrace.verifiers.arithmetic.Quantities.statedIn(gold.question());
        String operand = null;
        for (int tries = 0; tries < 20 && operand == null; tries++) {
          String o = nudge(c.expression().substring(s[0], s[1]), rnd);
          io.veritrace.verifiers.arithmetic.Rational v = io.veritrace.verifiers.arithmetic.Rational.of(new java.math.BigDecimal(o));
          boolean derived = calcs.stream().anyMatch(x -> sameNumber(x.result(), o)) || visibleResults.stream().anyMatch(x -> sameNumber(x, o));
          if (!stated.contains(v) && !EverydayConstants.contains(v) && !derived) operand = o;
        }
        if (operand == null) return null;
        String expr = c.expression().substring(0, s[0]) + operand + c.expression().substring(s[1]);
        String result;
        try {
          result = io.veritrace.verifiers.arithmetic.Expression.evaluate(expr).toPlainString();
        } catch (RuntimeException e) {
          return null;
        }
        if (result.contains("/")) return null;
        changed.set(k, c.with(expr, result));
        if (k == calcs.size() - 1 && sameNumber(c.result(), answer)) answer = result;
      }
      case ANSWER -> {
        // the class is an answer that differs from the last result: a nudge landing on it (a gold
        // answer the steps never compute, 787 '3' after '= 9') would be a right answer, not a changed one
        String last = calcs.isEmpty() ? null : calcs.get(calcs.size() - 1).result();
        String changedAnswer = null;
        for (int tries = 0; tries < 20 && changedAnswer == null; tries++) {
          String a = nudge(answer, rnd);
          if (last == null || !sameNumber(a, last)) changedAnswer = a;
        }
        if (changedAnswer == null) return null;
        answer = changedAnswer;
      }
    }
    return new Item(gold.line(), rendering, mutation, gold.question(), render(lines, calcs, changed, answer, rendering));
  }

  /** Whether two written numbers are the same value ("1,200" and "1200.0"). */
  public static boolean sameNumber(String a, String b) {
    try {
      return new java.math.BigDecimal(a.replace(",", "").strip()).compareTo(new java.math.BigDecimal(b.replace(",", "").strip())) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** A different value of the same kind: a whole number stays whole and positive. */
  private static String nudge(String value, Random rnd) {
    String v = value.replace(",", "").strip();
    java.math.BigDecimal d;
    try {
      d = new java.math.BigDecimal(v);
    } catch (NumberFormatException e) {
      return v + "1";
    }
    int delta = 1 + rnd.nextInt(9);
    java.math.BigDecimal out = rnd.nextBoolean() || d.compareTo(java.math.BigDecimal.valueOf(delta)) <= 0
        ? d.add(java.math.BigDecimal.valueOf(delta)) : d.subtract(java.math.BigDecimal.valueOf(delta));
    return out.toPlainString();
  }

  private static String render(List<String> lines, List<Calc> calcs, List<Calc> changed, String answer, Rendering r) {
    StringBuilder out = new StringBuilder();
    int c = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher m = ANNOTATION.matcher(line);
      StringBuilder sb = new StringBuilder();
      int last = 0;
      while (m.find()) {
        Calc calc = changed.get(c);
        Calc orig = calcs.get(c);
        c++;
        String before = line.substring(last, m.start());
        int after = m.end();
        if (after + 1 < line.length() && line.charAt(after) == '-' && Character.isDigit(line.charAt(after + 1))) after++;
        // the visible copy of the result right after the annotation ("<<48/2=24>>24")
        while (after < line.length() && (Character.isDigit(line.charAt(after))
            || ",.".indexOf(line.charAt(after)) >= 0 && after + 1 < line.length() && Character.isDigit(line.charAt(after + 1)))) {
          after++;
        }
        boolean unchanged = calc.expression().equals(orig.expression());
        if (r != Rendering.ANNOTATED && (orig.restatement() || unchanged && (orig.continuesVisibleAlgebra() || visibleChain(before) || VISIBLE_TERM.matcher(before).find()))) {
          // "12 / 2 = <<6=6>>6", "J = <<12=12>>12", "S + <<+30+46=76>>76": the human wrote only the
          // result; the annotation is a calculator note no model writes, so the text is kept as written
          sb.append(before).append(calc.result());
        } else if (r == Rendering.ANNOTATED) {
          sb.append(visibleBefore(before, calc, orig)).append("<<").append(calc.expression()).append('=').append(calc.result()).append(">>")
              .append(calc.result());
        } else {
          sb.append(stripVisible(before, operands(orig))).append(equation(calc, r));
        }
        last = after;
      }
      sb.append(line.substring(last));
      String text = sb.toString().strip();
      if (r == Rendering.MARKDOWN) out.append(i + 1).append(". ");
      out.append(text).append('\n');
    }
    switch (r) {
      case ANNOTATED -> out.append("#### ").append(answer);
      case PLAIN -> out.append("The answer is ").append(answer).append('.');
      case LATEX -> out.append("The final answer is $\\boxed{").append(answer).append("}$.");
      case MARKDOWN -> out.append("\n**Answer: ").append(answer).append("**");
    }
    return out.toString();
  }

  private static final Pattern VISIBLE_COMPUTATION =
      Pattern.compile("\\d\\s*[-+*/×÷xX−–]\\s*\\(?\\s*[$€]?\\.?\\d(?:[^.:;,=]|[.,]\\d)*=\\s*[$€]?\\s*$");

  /** "2 * 2S = <<2*2=4>>4S": the visible text computes with an unknown the annotation leaves out. */
  private static final Pattern VISIBLE_TERM = Pattern.compile("\\d[A-Zx]\\b[^=]*=\\s*$");

  private static final Pattern VISIBLE_CHAIN = Pattern.compile("=[^=]*\\d[^=]*[-+*/×÷xX−–][^=]*\\d[^=]*[A-Za-z]\\s*=\\s*[$€]?\\s*$");

  /**
   * The visible text ends in a chain the human wrote out with units ("7 minutes x 60 seconds per
   * minute = 420 seconds + 23 seconds = "): a computation between two '=' signs, ending in a word,
   * which the result completes (a chain of bare numbers is replaced as a visible copy).
   */
  private static boolean visibleChain(String before) {
    return VISIBLE_CHAIN.matcher(before).find();
  }

  /** The visible text ends in a computation and '=' ("12 / 2 = ", "40/.4=", "15 / 1.5 = "). */
  private static boolean computedBefore(String before) {
    return VISIBLE_COMPUTATION.matcher(before).find();
  }

  /** The numbers of a computation as the visible copy writes them, ".50" included. */
  private static int operands(Calc c) {
    Matcher m = WRITTEN_NUMBER.matcher(c.expression());
    int n = 0;
    while (m.find()) n++;
    return n;
  }

  /** The annotated rendering keeps the visible expression, with a changed operand written in. */
  private static String visibleBefore(String before, Calc calc, Calc orig) {
    // a restatement changed ("<<22=22>>22") has no visible computation to write the change into
    return calc.expression().equals(orig.expression()) || orig.restatement() ? before : stripVisible(before, operands(orig)) + calc.expression() + " = ";
  }

  /**
   * The text before an annotation without its visible copy of the computation ("48/2 = ",
   * "20 couples * 2 guests/couple = ", "(2/5)*$500 = $"): words are dropped back to where as many
   * numbers as the annotation's expression has ({@code operands}) were passed, words naming units
   * between them included; where the visible copy has fewer numbers, only the words with a digit
   * or an operator in them are dropped.
   */
  private static String stripVisible(String before, int operands) {
    String t = before.stripTrailing();
    while (t.endsWith("$") || t.endsWith("€") || t.endsWith("¢")) t = t.substring(0, t.length() - 1).stripTrailing();
    if (!t.endsWith("=")) return before;
    t = t.substring(0, t.length() - 1).stripTrailing();
    String counted = t;
    int seen = 0;
    int wordsOnly = 0;
    boolean chain = false;
    while (!counted.isEmpty() && seen < operands && wordsOnly < 4) {
      int sp = counted.lastIndexOf(' ');
      String word = counted.substring(sp + 1);
      if (word.contains("=")) {
        // "(300/3) x 2 = 100 x 2 = ": a chain, visible back to its start
        chain = true;
        break;
      }
      Matcher numbers = WRITTEN_NUMBER.matcher(word);
      int found = 0;
      while (numbers.find()) found++;
      if (found > 0) {
        seen += found;
        wordsOnly = 0;
      } else if (!math(word)) {
        if (word.endsWith(".") || word.endsWith(":") || word.endsWith(",") || word.endsWith(";") || PROSE.contains(word.toLowerCase(Locale.ROOT))) break;
        wordsOnly++;
      }
      counted = sp < 0 ? "" : counted.substring(0, sp).stripTrailing();
    }
    if (seen == operands && !chain) {
      // an opening parenthesis or sign written before the first number belongs to the copy too
      while (!counted.isEmpty() && math(counted.substring(counted.lastIndexOf(' ') + 1))
          && !NUMBER.matcher(counted.substring(counted.lastIndexOf(' ') + 1)).find()) {
        int sp = counted.lastIndexOf(' ');
        counted = sp < 0 ? "" : counted.substring(0, sp).stripTrailing();
      }
      return counted.isEmpty() ? "" : counted + " ";
    }
    // drop the words back to the last one without a digit or an operator in it ("50g", "$30", "–")
    while (!t.isEmpty()) {
      int sp = t.lastIndexOf(' ');
      String word = t.substring(sp + 1);
      if (!word.chars().anyMatch(Character::isDigit) && !math(word) && !word.equals("=")) break;
      t = sp < 0 ? "" : t.substring(0, sp).stripTrailing();
    }
    return t.isEmpty() ? "" : t + " ";
  }

  /** Words of a sentence that never stand between the operands of a visible computation ("10% of 500*10%"). */
  private static final Set<String> PROSE = Set.of("of", "is", "which", "was", "were", "are", "so", "because", "then", "that",
      "to", "and", "has", "have", "had", "be", "will", "would", "he", "she", "they", "it", "we", "there", "makes", "gets");

  /** A word made only of operators, parentheses and signs ("+", "x", "−", "(", "$"). */
  private static boolean math(String word) {
    return !word.isEmpty() && word.chars().allMatch(ch -> "+-*/()xX×÷–−·$€¢%.,".indexOf(ch) >= 0);
  }

  /** A number as written, thousands separators included ("30,000" is one number). */
  private static final Pattern WRITTEN_NUMBER = Pattern.compile("(?<![\\d.,])(?:\\d{1,3}(?:,\\d{3})+(?!\\d)|\\d+)(?:\\.\\d+)?|(?<!\\d)\\.\\d+");

  private static String equation(Calc calc, Rendering r) {
    String expr = calc.expression().replace(" ", "");
    String result = calc.result().strip();
    return switch (r) {
      case PLAIN -> spaced(expr, "*", "/") + " = " + result;
      case MARKDOWN -> spaced(expr, "×", "÷") + " = " + result;
      case LATEX -> "\\(" + spaced(expr, "\\times", "\\div") + " = " + result + "\\)";
      case ANNOTATED -> expr + " = " + result;
    };
  }

  /** The expression with spaced operators, multiplication and division written as the style writes them. */
  private static String spaced(String expr, String times, String div) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < expr.length(); i++) {
      char ch = expr.charAt(i);
      boolean binary = i > 0 && (Character.isDigit(expr.charAt(i - 1)) || expr.charAt(i - 1) == ')' || expr.charAt(i - 1) == '%');
      if (ch == '*' && binary) sb.append(' ').append(times).append(' ');
      else if (ch == '/' && binary) sb.append(' ').append(div).append(' ');
      else if ((ch == '+' || ch == '-') && binary) sb.append(' ').append(ch).append(' ');
      else sb.append(ch);
    }
    return sb.toString();
  }

  /** Measures the whole corpus and prints acceptance per rendering and mutation. */
  public static void main(String[] args) throws Exception {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
    int limit = args.length > 1 ? Integer.parseInt(args[1]) : Integer.MAX_VALUE;
    int every = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    List<Gsm8k> data = new ArrayList<>();
    List<Gsm8k> all = Gsm8k.load();
    for (int i = 0; i < all.size(); i += every) data.add(all.get(i));
    CheckSuite suite = CheckSuite.standard();
    Set<Integer> dataErrors = dataErrors();
    System.out.println(Tally.header());
    for (Rendering r : Rendering.values()) {
      for (Mutation m : Mutation.values()) {
        Tally t = new Tally(r, m);
        Tally sound = new Tally(r, m);
        int n = 0;
        for (Gsm8k g : data) {
          if (n++ >= limit) break;
          Item item = of(g, r, m, seed);
          if (item == null) continue;
          boolean ok = SolutionAudit.of(suite, "m" + g.line(), item.question(), item.solution()).accepted();
          t.add(ok);
          if (!dataErrors.contains(g.line())) sound.add(ok);
        }
        System.out.println(t);
        if (m == Mutation.NONE) System.out.println(sound + "\t(gold minus documented data errors)");
        System.err.printf(Locale.ROOT, "%s %s done%n", r, m);
      }
    }
  }

  static final java.nio.file.Path KNOWN_REJECTIONS = java.nio.file.Path.of("src/test/resources/gsm8k-known-rejections.tsv");

  /**
   * The GSM8K lines whose gold solution has a real error as written (kind {@code data} in the
   * known rejections: a wrong result, a typo in an operator): not right solutions. Read from the
   * class path, so the loop test in another module reads the same file.
   */
  public static Set<Integer> dataErrors() {
    Set<Integer> out = new java.util.TreeSet<>();
    for (String l : resourceLines("/gsm8k-known-rejections.tsv")) {
      String[] f = l.split("\t");
      if (f.length > 2 && f[2].equals("data")) out.add(Integer.parseInt(f[0]));
    }
    return out;
  }

  /**
   * For documented data errors whose slip changes the final answer: the answer the solution
   * gives once its slip is recomputed (GSM8K 168 ends {@code 192*100=$1920}: its answer is
   * 19200, not the gold 1920). A repair that reaches it is right, though it is not the gold answer.
   */
  public static java.util.Map<Integer, String> correctedAnswers() {
    java.util.Map<Integer, String> out = new java.util.TreeMap<>();
    for (String l : resourceLines("/gsm8k-corrected-answers.tsv")) {
      String[] f = l.split("\t");
      out.put(Integer.parseInt(f[0]), f[1]);
    }
    return out;
  }

  private static List<String> resourceLines(String name) {
    try (java.io.InputStream in = MutationCorpus.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException(name + " is not on the class path");
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Accepted and total for one rendering and mutation. */
  static final class Tally {
    final Rendering rendering;
    final Mutation mutation;
    int accepted;
    int total;

    Tally(Rendering rendering, Mutation mutation) {
      this.rendering = rendering;
      this.mutation = mutation;
    }

    void add(boolean ok) {
      total++;
      if (ok) accepted++;
    }

    double acceptedPercent() {
      return total == 0 ? 0 : 100.0 * accepted / total;
    }

    static String header() {
      return "rendering\tmutation\titems\taccepted %\trejected %";
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s\t%s\t%d\t%.2f\t%.2f", rendering, mutation, total, acceptedPercent(), 100 - acceptedPercent());
    }
  }
}
