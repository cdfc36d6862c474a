package io.veritrace.verifiers;

import io.veritrace.core.Claim;
import io.veritrace.core.Grade;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
import io.veritrace.core.Turn;
import io.veritrace.core.Verdict;
import io.veritrace.core.Verifier;
import io.veritrace.verifiers.arithmetic.LinearForm;
import io.veritrace.verifiers.arithmetic.Quantities;
import io.veritrace.verifiers.arithmetic.Rational;
import io.veritrace.verifiers.steps.MathText;
import io.veritrace.verifiers.steps.StepReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * No number from nowhere: every operand must come from the question (or the conversation), an
 * earlier result, a declared given or assumption, or a world constant everybody uses (7 days a
 * week, 60 minutes an hour). Correct human solutions still use numbers none of these explain
 * (implied counts, unstated conventions), so this rule warns rather than fails; the warning names
 * the number, and in the loop it makes the reasoner justify it or ask the user.
 */
public final class QuantityProvenance implements Verifier {

  public static final String NAME = "provenance";

  /** The question and every earlier turn are read again at each check; read each once. */
  private static final TextReadings<Set<Rational>> STATED =
      new TextReadings<>(text -> Set.copyOf(Quantities.statedIn(text)), 64L << 20);

  /**
   * What they imply by the way they write a quantity (a gallon's 128 ounces, "two and a half"):
   * it grounds an operand that is that number, but is no operand of arithmetic done in the head,
   * where a day's 24 hours would make 18.48 = 24 * 0.77 out of an unrelated count.
   */
  private static final TextReadings<Set<Rational>> IMPLIED =
      new TextReadings<>(text -> Set.copyOf(Quantities.impliedIn(text)), 16L << 20);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Verdict> verify(Query query, Proposal proposal, List<Verdict> stepVerdicts) {
    Set<Rational> known = new HashSet<>(STATED.of(query.question()));
    for (Turn t : query.history()) known.addAll(STATED.of(t.text()));
    Set<Rational> implied = new HashSet<>(IMPLIED.of(query.question()));
    for (Turn t : query.history()) implied.addAll(IMPLIED.of(t.text()));
    HeadArithmetic head = new HeadArithmetic(proposal);
    for (Claim c : query.established()) addValue(known, c);
    for (Step s : proposal.steps()) {
      for (Claim c : s.claims()) if (c instanceof Claim.Given || c instanceof Claim.Assumption) addValue(known, c);
    }
    // A reasoner that declares its givens has listed its premises: every other number must be
    // declared too (as an assumption), so the everyday constants are not taken on trust.
    boolean declared = proposal.steps().stream().flatMap(s -> s.claims().stream()).anyMatch(c -> c instanceof Claim.Given);
    List<Verdict> out = new ArrayList<>();
    Algebra algebra = new Algebra();
    // the numbers of equations grounded as rewritings: "18 + 6t = 48" gives the 18 of "48 - 18"
    Set<Rational> coefficients = new HashSet<>();
    Set<Rational> solved = new HashSet<>();
    for (Step s : proposal.steps()) {
      addPercentages(known, s.text());
      for (int i = 0; i < s.claims().size(); i++) {
        Claim c = s.claims().get(i);
        // a declared assumption is checked only when it is an everyday constant; any other is
        // the reasoner's word, and leaves the answer short of VERIFIED
        if (c instanceof Claim.Assumption as) {
          Rational v = AnswerBinding.parse(as.value());
          if (v != null && EverydayConstants.contains(v)) {
            out.add(Verdict.pass(NAME, Rules.PROVENANCE_UNGROUNDED, s.index(), as.value() + " is an everyday constant")
                .covering(Verdict.claimKey(s.index(), i)));
          }
          continue;
        }
        if (!(c instanceof Claim.Arithmetic a)) continue;
        for (String v : a.unknowns().values()) {
          addValue(known, new Claim.Assumption(v, ""));
          Rational r = AnswerBinding.parse(v);
          if (r != null) solved.add(r);
        }
        String sameAs = algebra.sameLinearFormAs(a, s.index());
        if (sameAs != null) {
          out.add(Verdict.pass(NAME, Rules.PROVENANCE_UNGROUNDED, s.index(),
              "every number of " + a.expression().strip() + " is grounded: " + sameAs));
          coefficients.addAll(Quantities.literalsIn(a.expression() + " " + a.result()));
          addValue(known, new Claim.Assumption(StepReader.withValues(a.result(), a.unknowns()), ""));
          continue;
        }
        Claim.Arithmetic link = i > 0 && s.claims().get(i - 1) instanceof Claim.Arithmetic p && p.unknowns().isEmpty()
            && a.unknowns().isEmpty() && sameText(p.result(), a.expression()) ? p : null;
        List<Rational> ungrounded = new ArrayList<>();
        List<String> inTheHead = new ArrayList<>();
        List<String> writtenOut = new ArrayList<>();
        for (Rational operand : Quantities.literalsIn(a.expression())) {
          if (known.contains(operand) || (!declared && (EverydayConstants.contains(operand) || implied.contains(operand)))) continue;
          if (asPercentage(operand, a.expression(), known)) continue;
          if (coefficients.contains(operand) && solving(s, a, solved)) continue;
          String worked = link == null ? null : workedOut(operand, link.expression());
          if (worked != null) {
            writtenOut.add(operand.toPlainString() + " = " + worked);
            continue;
          }
          String derivation = declared || deadEnd(query, proposal, a) ? null : head.derivationOf(operand, known);
          if (derivation == null) ungrounded.add(operand);
          else inTheHead.add(operand.toPlainString() + " = " + derivation);
        }
        if (ungrounded.isEmpty()) {
          out.add(Verdict.pass(NAME, Rules.PROVENANCE_UNGROUNDED, s.index(),
              "every operand of " + a.expression().strip() + " is grounded"
                  + (writtenOut.isEmpty() ? "" : " (worked out from " + link.expression().strip() + ": " + String.join("; ", writtenOut) + ")")
                  + (inTheHead.isEmpty() ? "" : " (done in the head: " + String.join("; ", inTheHead) + ")")));
        } else {
          String nums = ungrounded.stream().map(Rational::toPlainString).distinct().reduce((x, y) -> x + ", " + y).orElse("");
          out.add(new Verdict(NAME, Rules.PROVENANCE_UNGROUNDED, Grade.WARN, s.index(),
              "the question never gives " + nums + " (used in step " + s.index() + ": " + a.expression().strip()
                  + "); where does it come from?",
              nums, "", Outcome.CLARIFY));
        }
        addValue(known, a.unknowns().isEmpty() ? a : new Claim.Assumption(StepReader.withValues(a.result(), a.unknowns()), ""));
      }
      addPercentages(known, s.text());
      addScaled(known, s.text());
    }
    // a word problem's solution: with sources, the specifics check holds prose numbers to them
    if (query.sources().isEmpty() && proposal.steps().stream().anyMatch(s -> s.claims().stream().anyMatch(c -> c instanceof Claim.Arithmetic))) {
      out.addAll(proseNumbers(proposal, known, implied, declared));
    }
    return out;
  }

  /** A list or step marker opening a line ("1. ", "Step 2:"): it counts lines, not a quantity. */
  private static final Pattern MARKER = Pattern.compile("^\\s*(?:[-*]\\s+)?(?:(?:Step|Part)\\s+)?\\d+\\s*[.):]\\s+", Pattern.CASE_INSENSITIVE);

  /** "At the end of 2018", "in 1998": a year names a time, it counts nothing. */
  private static final Pattern YEAR = Pattern.compile("(?i)(?<=\\b(?:in|of|since|year|by) )(?:1[89]|20)\\d\\d\\b(?![.,]\\d)");

  /**
   * "2 * 225 + 2 * 125 = 450 + 250 = 700": a link of a chain the step writes out, one operation on
   * two numbers of the step's checked computation (the annotated form checks only the whole).
   */
  private static boolean partOfAChain(Rational n, Step s) {
    for (Claim c : s.claims()) if (c instanceof Claim.Arithmetic a && a.unknowns().isEmpty() && workedOut(n, a.expression()) != null) return true;
    return false;
  }

  private static final Pattern ROUNDS = Pattern.compile("(?i)\\bround");

  /** "16.66...%, which rounds up to 17%": a whole number next to a known fractional value, where the step says it rounds. */
  private static boolean rounds(Rational n, Set<Rational> known) {
    if (n.toPlainString().indexOf('.') >= 0) return false;
    for (Rational k : known) {
      if (k.signum() <= 0) continue;
      Rational gap = n.subtract(k);
      if (gap.signum() != 0 && gap.abs().compareTo(Rational.ONE) < 0) return true;
    }
    return false;
  }

  /** "1st", "3rd", "4th": an ordinal orders, it counts nothing. */
  private static final Pattern ORDINAL = Pattern.compile("(?<![\\w.])\\d+(?:st|nd|rd|th)\\b");

  /**
   * "therefore she is 15 years old": a number the solution writes in a sentence, outside every
   * computation, is a claim too. It must be one the question states or implies, an everyday
   * constant or small count (as for an operand), or a value a computation uses or makes;
   * otherwise nothing checked it, and the answer is not VERIFIED even when the final result is
   * right. The final answer's line is bound separately. Unlike an operand, a prose number is not
   * grounded as one operation on two known numbers ({@link HeadArithmetic}): a number nothing
   * uses afterwards is no evidence of the operation, and pairs of known numbers cover most small
   * integers (MutationCorpus's RESTATED_RESULT: 28 of 102 changed restatements accepted with it,
   * 18 without).
   */
  private static List<Verdict> proseNumbers(Proposal proposal, Set<Rational> known, Set<Rational> implied, boolean declared) {
    // an operand or result of a computation: the operand rule above traces it, the arithmetic check checks it
    Set<Rational> computed = new HashSet<>();
    for (Step s : proposal.steps()) {
      for (Claim c : s.claims()) if (c instanceof Claim.Arithmetic a) computed.addAll(Quantities.literalsIn(a.expression() + " " + a.result()));
    }
    List<Verdict> out = new ArrayList<>();
    Set<Rational> reported = new HashSet<>();
    for (int i = 0; i < proposal.steps().size(); i++) {
      Step s = proposal.steps().get(i);
      if (s.claims().stream().anyMatch(c -> c instanceof Claim.FinalAnswer || c instanceof Claim.Unread)) continue;
      // read as the step reader reads it: "$1{,}200$" is one number
      String prose = YEAR.matcher(ORDINAL.matcher(MARKER.matcher(MathText.plain(ANNOTATION.matcher(s.text()).replaceAll(" "))).replaceFirst(""))
          .replaceAll(" ")).replaceAll(" ");
      boolean saysItRounds = ROUNDS.matcher(prose).find();
      for (Rational n : Quantities.literalsIn(prose)) {
        if (known.contains(n) || computed.contains(n) || reported.contains(n)) continue;
        if (!declared && (EverydayConstants.contains(n) || implied.contains(n))) continue;
        if (saysItRounds && rounds(n, known)) continue;
        if (partOfAChain(n, s)) continue;
        reported.add(n);
        out.add(new Verdict(NAME, Rules.PROVENANCE_PROSE, Grade.WARN, s.index(),
            "nothing checks the " + n.toPlainString() + " of step " + s.index() + " (\"" + s.text().strip()
                + "\"): the question never gives it and no computation makes it; where does it come from?",
            n.toPlainString(), "", Outcome.CLARIFY));
      }
    }
    return out;
  }

  /**
   * Whether {@code a} solves for an unknown: its step also writes an equation in it
   * ("6t = 48 - 18 = 30"), or its result is an unknown's value ("n = 120 / 40 = 3"). Only there
   * may it use an equation's coefficients; elsewhere a coefficient (19 in 19x = 380) is no count.
   */
  private static boolean solving(Step s, Claim.Arithmetic a, Set<Rational> unknownValues) {
    for (Claim c : s.claims()) if (c instanceof Claim.Arithmetic e && !e.unknowns().isEmpty()) return true;
    Rational r = AnswerBinding.valueOf(a);
    return r != null && unknownValues.contains(r);
  }

  /** Whether two texts are the same but for whitespace (a chain link restates the one before). */
  private static boolean sameText(String a, String b) {
    int i = 0;
    int j = 0;
    while (true) {
      while (i < a.length() && Character.isWhitespace(a.charAt(i))) i++;
      while (j < b.length() && Character.isWhitespace(b.charAt(j))) j++;
      if (i == a.length() || j == b.length()) return i == a.length() && j == b.length();
      if (a.charAt(i++) != b.charAt(j++)) return false;
    }
  }

  /**
   * "2430 - (1250 + 850) = 2430 - 2100 = 330": a link of a chain that works out part of the link
   * before it. A number it writes is one of that link's numbers (a percentage as its fraction too)
   * or one operation on two of them; the arithmetic check holds the two links equal.
   */
  private static String workedOut(Rational operand, String before) {
    List<Rational> parts = new ArrayList<>(Quantities.literalsIn(before));
    Matcher m = PERCENTAGE.matcher(before);
    while (m.find()) parts.add(Rational.of(new BigDecimal(m.group(1))).divide(Rational.HUNDRED));
    if (parts.size() > 12) return null;
    return oneOperation(operand, parts.stream().filter(r -> r.signum() > 0).sorted().toList());
  }

  /** {@code operand} as a sum, difference, product or ratio of two of {@code pool} (ascending), or null. */
  private static String oneOperation(Rational operand, List<Rational> pool) {
    for (int i = 0; i < pool.size(); i++) {
      for (int j = i + 1; j < pool.size(); j++) {
        Rational a = pool.get(i);
        Rational b = pool.get(j);
        String x = a.toPlainString();
        String y = b.toPlainString();
        if (operand.equals(a.add(b))) return x + " + " + y;
        if (operand.equals(b.subtract(a))) return y + " - " + x;
        if (operand.equals(a.multiply(b))) return x + " * " + y;
        if (operand.equals(b.divide(a))) return y + " / " + x;
      }
    }
    return null;
  }

  /**
   * "144 * 50 * .01" for half of 144: a number the expression itself turns into a fraction (times
   * .01, over 100) is grounded when that fraction is known.
   */
  private static boolean asPercentage(Rational operand, String expression, Set<Rational> known) {
    if (!known.contains(operand.divide(Rational.HUNDRED))) return false;
    String plain = operand.toPlainString();
    return Pattern.compile("(?<![\\d.])" + Pattern.quote(plain) + "\\s*(?:[*×x]\\s*0?\\.01(?![\\d])|/\\s*100(?![\\d.]))")
        .matcher(expression).find();
  }

  private static final Pattern SCALED = Pattern.compile("(?<![\\w.])(\\d{1,6}(?:\\.\\d{1,3})?)(?:\\\\\\)|\\$+|\\*+)?\\s+(thousand|million|billion)\\b");

  /**
   * "It made 120 * 3.5 = 420 million" (or {@code \(120 \times 3.5 = 420\) million}): a known number
   * the text writes with a scale word is that many.
   */
  private static void addScaled(Set<Rational> known, String text) {
    if (!text.contains("illion") && !text.contains("thousand")) return;
    Matcher m = SCALED.matcher(text);
    while (m.find()) {
      Rational n = Rational.of(new BigDecimal(m.group(1)));
      long scale = switch (m.group(2)) {
        case "thousand" -> 1_000L;
        case "million" -> 1_000_000L;
        default -> 1_000_000_000L;
      };
      if (known.contains(n)) known.add(n.multiply(Rational.of(scale)));
    }
  }

  private static final Pattern ANNOTATION = Pattern.compile("<<[^<>]*>>");

  /**
   * Algebra in one unknown written step by step: {@code x+3+2x+12+8x = 301}, then
   * {@code 11x + 15 = 301}, then {@code 11x = 286}. Collecting like terms and moving a term across
   * the equals sign make coefficients no sentence gives (11, 15, 286), yet each equation is the
   * one before it: the same linear form on its left, or the same equation (left minus right, up
   * to the sides' order). Only that exact sameness grounds them, so a coefficient changed by one
   * is still a number from nowhere.
   */
  private static final class Algebra {
    /** Each linear form with an unknown an earlier claim wrote on one side, and where. */
    private final java.util.Map<LinearForm, String> sides = new java.util.HashMap<>();
    /** Each earlier equation with an unknown, as left minus right, and where. */
    private final java.util.Map<LinearForm, String> equations = new java.util.HashMap<>();

    /** How {@code a} is an earlier claim's linear form or equation rewritten, or null; then records {@code a}. */
    String sameLinearFormAs(Claim.Arithmetic a, int step) {
      if (a.unknowns().isEmpty()) return null;
      LinearForm left = LinearForm.read(a.expression(), a.unknowns().keySet());
      LinearForm right = LinearForm.read(a.result(), a.unknowns().keySet());
      LinearForm equation = left == null || right == null ? null : left.subtract(right);
      String found = null;
      if (left != null && left.hasUnknown() && sides.containsKey(left)) {
        found = "the same linear form (" + left + ") as " + sides.get(left);
      } else if (equation != null && equation.hasUnknown()) {
        String earlier = equations.containsKey(equation) ? equations.get(equation) : equations.get(equation.negate());
        if (earlier != null) found = "the same equation (" + equation + " = 0) as " + earlier;
      }
      String here = "step " + step + ": " + a.expression().strip() + " = " + a.result().strip();
      if (left != null && left.hasUnknown()) sides.putIfAbsent(left, here);
      if (right != null && right.hasUnknown()) sides.putIfAbsent(right, here);
      if (equation != null && equation.hasUnknown()) equations.putIfAbsent(equation, here);
      return found;
    }
  }

  private static final Pattern PERCENTAGE =
      Pattern.compile("(?<![\\w.])(\\d+(?:\\.\\d+)?)\\s*(?:%|percent\\b)");

  /**
   * "60% of them are yellow": a known number the step writes as a percentage may be used as the
   * fraction it names (0.6, and 1.6 or 0.4 for "60% more" or "60% off"), and a known fraction
   * written as a percentage as its number ("12/60 = 1/5 or 20% play it", "an even split is 50%");
   * the percent sign is the explicit conversion, so a number nobody derived stays from nowhere.
   */
  private static void addPercentages(Set<Rational> known, String text) {
    if (text.indexOf('%') < 0 && !text.contains("percent")) return;
    Matcher m = PERCENTAGE.matcher(text);
    Rational half = Rational.ONE.divide(Rational.of(2));
    while (m.find()) {
      Rational n = Rational.of(new BigDecimal(m.group(1)));
      Rational fraction = n.divide(Rational.HUNDRED);
      if (known.contains(fraction) || fraction.equals(half)) known.add(n);
      if (known.contains(n)) known.addAll(Quantities.hundredths(n, true));
    }
  }

  private static void addValue(Set<Rational> known, Claim c) {
    Rational r = AnswerBinding.valueOf(c);
    if (r != null) {
      known.add(r);
      known.add(r.negate());
    }
  }

  /**
   * "Roberto skips 70 times a minute … Together they skip 150 times a minute" for Valerie's 80:
   * people write a single sum, difference, product or ratio of two known numbers (stated by the
   * question or computed earlier) in a sentence without spelling the operation out. Only one
   * operation on two known numbers counts, and only for a number the solution writes outside its
   * computations, so an operand from nowhere rarely lands on one by chance; MutationCorpus
   * measures how rarely.
   */
  private static final class HeadArithmetic {
    /** Above this many known numbers the pairs cover too much of the small integers to mean anything. */
    private static final int MAX_KNOWN = 24;

    private final Proposal proposal;
    /** The solution's visible text, built at the first number that needs it (most checks need none). */
    private String solution;

    HeadArithmetic(Proposal proposal) {
      this.proposal = proposal;
    }

    private String solution() {
      if (solution == null) {
        StringBuilder text = new StringBuilder();
        for (Step s : proposal.steps()) text.append(s.text()).append('\n');
        // a calculator annotation repeats what the visible text writes
        solution = ANNOTATION.matcher(text).replaceAll(" ").replace(",", "");
      }
      return solution;
    }

    /** How {@code operand} comes from two of the {@code known} numbers, or null. */
    String derivationOf(Rational operand, Set<Rational> known) {
      if (operand.signum() <= 0) return null;
      List<Rational> pool = known.stream().filter(r -> r.signum() > 0).sorted().toList();
      if (pool.size() > MAX_KNOWN || !statedInProse(operand)) return null;
      return oneOperation(operand, pool);
    }

    /**
     * The solution writes the number down besides using it ("Together they skip 150 times a
     * minute. 150 x 10 = 1500"): a number that appears only inside the computation was not stated.
     */
    private boolean statedInProse(Rational operand) {
      String plain = operand.toPlainString();
      Matcher m = Pattern.compile(
          "(?<![\\d.])0?" + Pattern.quote(plain.startsWith("0.") ? plain.substring(1) : plain) + "(?!\\d|\\.\\d)")
          .matcher(solution());
      int written = 0;
      while (m.find()) written++;
      // the computations account for some of those (each operand and each result is written
      // once), and so does a final answer restating a result
      int computed = 0;
      for (Step s : proposal.steps()) {
        for (Claim c : s.claims()) {
          if (c instanceof Claim.FinalAnswer f && operand.equals(AnswerBinding.parse(f.value()))) computed++;
          if (!(c instanceof Claim.Arithmetic a)) continue;
          for (Rational r : Quantities.literalsIn(a.expression())) if (r.equals(operand)) computed++;
          if (operand.equals(AnswerBinding.valueOf(a))) computed++;
        }
      }
      return written > computed;
    }
  }

  /**
   * Whether a computation's result leads nowhere: no later computation uses it (as a number or a
   * fraction it writes), it is not the answer, and the question does not state it (a check such as
   * "He spent $49 because 50-49=1" ends on the question's $1). Arithmetic done in the head grounds no
   * operand of such a step: nothing downstream corroborates it, and a changed operand that head
   * arithmetic happens to make ("14 - 3 = 11" for "6 - 3 = 3", 14 = 2 + 12, GSM8K 2417) passed.
   */
  private static boolean deadEnd(Query query, Proposal proposal, Claim.Arithmetic a) {
    Rational r = AnswerBinding.valueOf(a);
    if (r == null || !a.unknowns().isEmpty() || r.equals(AnswerBinding.parse(proposal.answer())) || STATED.of(query.question()).contains(r)) return false;
    boolean after = false;
    for (Step s : proposal.steps()) {
      for (Claim c : s.claims()) {
        if (c == a) after = true;
        else if (after && c instanceof Claim.Arithmetic later && Quantities.numbersIn(later.expression()).contains(r)) return false;
      }
    }
    return true;
  }
}
