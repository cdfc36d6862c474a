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

  /** The quantities the question and earlier turns write, with what each counts. */
  private static final TextReadings<List<QuantityMention>> MENTIONED =
      new TextReadings<>(text -> List.copyOf(QuantityMention.in(text, true)), 16L << 20);

  private static final TextReadings<Set<String>> NAMES = new TextReadings<>(text -> Set.copyOf(QuantityMention.namesIn(text)), 16L << 20);

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
    Set<Rational> stated = Set.copyOf(known);
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
          if (known.contains(operand) || (!declared && EverydayConstants.contains(operand))) continue;
          // what the question only implies (8:00 PM as 20, "thirteenth" as 13) grounds an operand
          // of a step that leads somewhere, not of a dead end nothing downstream corroborates
          if (!declared && implied.contains(operand) && !deadEnd(query, proposal, a)) continue;
          if (asPercentage(operand, a.expression(), known) || inKnownFraction(operand, a.expression(), known)) continue;
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
      out.addAll(proseNumbers(query, proposal, new Grounds(known, stated, implied, solved), declared));
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

  /**
   * "16.66...%, which rounds up to 17%": a whole number next to a known fractional value, or the
   * fraction rounding leaves off, where the step says it rounds.
   */
  private static boolean rounds(Rational n, Set<Rational> known) {
    // what rounding leaves off ("3.6 tens, which rounds up to 4 as you cannot spend .6")
    if (n.signum() > 0 && n.compareTo(Rational.ONE) < 0) {
      for (Rational k : known) if (k.signum() > 0 && !k.isInteger() && k.subtract(n).isInteger()) return true;
    }
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
  private static List<Verdict> proseNumbers(Query query, Proposal proposal, Grounds g, boolean declared) {
    // an operand or result of a computation: the operand rule above traces it, the arithmetic check checks it
    Set<Rational> computed = new HashSet<>();
    Set<Rational> results = new HashSet<>();
    // each step's own computations' numbers
    List<Set<Rational>> owns = new ArrayList<>();
    for (Step s : proposal.steps()) {
      Set<Rational> own = new HashSet<>();
      for (Claim c : s.claims()) {
        if (!(c instanceof Claim.Arithmetic a) || restates(a)) continue;
        own.addAll(Quantities.literalsIn(a.expression() + " " + a.result()));
        Rational r = AnswerBinding.valueOf(a);
        if (r != null) results.add(r);
      }
      owns.add(own);
      computed.addAll(own);
    }
    List<String> proses = new ArrayList<>();
    for (Step s : proposal.steps()) proses.add(thousands(prose(s), computed, g.known()));
    // each step's numbers with what they count, and what the question says of them: read only
    // where a prose number needs them (most numbers a solution writes are its computations')
    List<List<QuantityMention>> mentions = new ArrayList<>(java.util.Collections.nCopies(proses.size(), (List<QuantityMention>) null));
    java.util.function.IntFunction<List<QuantityMention>> written = i -> {
      if (mentions.get(i) == null) mentions.set(i, QuantityMention.in(proses.get(i), false));
      return mentions.get(i);
    };
    Restatements[] restatements = new Restatements[1];
    java.util.function.Supplier<Restatements> restated = () -> {
      if (restatements[0] == null) restatements[0] = restatements(query, proposal, g, computed, results, proses, written);
      return restatements[0];
    };
    List<Verdict> out = new ArrayList<>();
    Set<Rational> reported = new HashSet<>();
    for (int i = 0; i < proposal.steps().size(); i++) {
      Step s = proposal.steps().get(i);
      if (s.claims().stream().anyMatch(c -> c instanceof Claim.FinalAnswer || c instanceof Claim.Unread)) continue;
      String prose = proses.get(i);
      Set<Rational> own = owns.get(i);
      boolean saysItRounds = ROUNDS.matcher(prose).find();
      Set<Rational> roundable = saysItRounds ? roundable(s, g.known()) : Set.of();
      boolean unchecked = false;
      for (Rational n : Quantities.literalsIn(prose)) unchecked |= !reported.contains(n) && !own.contains(n);
      if (!unchecked) continue;
      for (QuantityMention p : written.apply(i)) {
        Rational n = p.value();
        if (reported.contains(n) || own.contains(n)) continue;
        boolean weak = false;
        if (!g.known().contains(n) && !computed.contains(n)) {
          if (!declared && (EverydayConstants.contains(n) || g.implied().contains(n)) || saysItRounds && rounds(n, roundable)) {
            weak = true;
          } else if (partOfAChain(n, s)) {
            continue;
          } else {
            reported.add(n);
            out.add(new Verdict(NAME, Rules.PROVENANCE_PROSE, Grade.WARN, s.index(),
                "nothing checks the " + n.toPlainString() + " of step " + s.index() + " (\"" + s.text().strip()
                    + "\"): the question never gives it and no computation makes it; where does it come from?",
                n.toPlainString(), "", Outcome.CLARIFY));
            continue;
          }
        }
        String misnamed = restated.get().misnamed(p, weak, prose, written.apply(i));
        if (misnamed == null) continue;
        reported.add(n);
        out.add(new Verdict(NAME, Rules.PROVENANCE_PROSE, Grade.WARN, s.index(),
            "step " + s.index() + " writes " + n.toPlainString() + " (\"" + s.text().strip() + "\") where " + misnamed
                + "; which is it?",
            n.toPlainString(), "", Outcome.CLARIFY));
      }
    }
    return out;
  }

  /** What the question says of its quantities and what the computations write, with what each counts ("4 * 3 = 12 goals"). */
  private static Restatements restatements(Query query, Proposal proposal, Grounds g, Set<Rational> computed, Set<Rational> results,
      List<String> proses, java.util.function.IntFunction<List<QuantityMention>> written) {
    Set<String> names = new HashSet<>(NAMES.of(query.question()));
    List<QuantityMention> given = new ArrayList<>(MENTIONED.of(query.question()));
    for (Turn t : query.history()) {
      given.addAll(MENTIONED.of(t.text()));
      names.addAll(NAMES.of(t.text()));
    }
    List<QuantityMention> worked = new ArrayList<>();
    for (int i = 0; i < proses.size(); i++) {
      if (proposal.steps().get(i).claims().stream().noneMatch(c -> c instanceof Claim.Arithmetic a && !restates(a))) continue;
      for (QuantityMention m : written.apply(i)) if (computed.contains(m.value())) worked.add(m);
    }
    java.util.Map<String, Rational> unknowns = new java.util.HashMap<>();
    Rational answer = null;
    for (Step s : proposal.steps()) {
      for (Claim c : s.claims()) {
        if (c instanceof Claim.FinalAnswer f) answer = AnswerBinding.parse(f.value());
        if (!(c instanceof Claim.Arithmetic a)) continue;
        for (var u : a.unknowns().entrySet()) {
          Rational v = AnswerBinding.parse(u.getValue());
          if (v != null) unknowns.putIfAbsent(u.getKey(), v);
        }
      }
    }
    // "he ran X = 6 / 3 = 2 miles": the unknown a computation's result is written for
    for (String prose : proses) {
      Matcher named = NAMED_RESULT.matcher(prose);
      while (named.find()) {
        Rational v = Rational.of(new BigDecimal(named.group(2)));
        if (results.contains(v)) unknowns.putIfAbsent(named.group(1), v);
      }
    }
    return new Restatements(given, worked, names, g, results, unknowns, answer);
  }

  private static final Pattern SPLIT_THOUSANDS = Pattern.compile("(?<![\\d.,])(\\d{1,3}),? (\\d{3})(?![\\d]|[.,]\\d| \\d)");

  /**
   * "3 000 grams", "1, 320 ounces": thousands split by a space, read as one number where that
   * number is one the solution computes or knows (else "3 100 dollar bills" stays 3 and 100).
   */
  private static String thousands(String prose, Set<Rational> computed, Set<Rational> known) {
    if (prose.indexOf(' ') < 0) return prose;
    Matcher m = SPLIT_THOUSANDS.matcher(prose);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Rational joined = Rational.of(new BigDecimal(m.group(1) + m.group(2)));
      m.appendReplacement(out, computed.contains(joined) || known.contains(joined) ? m.group(1) + m.group(2) : m.group());
    }
    m.appendTail(out);
    return out.toString();
  }

  private static final List<String> ORDINAL_WORDS = List.of("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
      "ninth", "tenth");

  /** "1st" as the word it stands for ("first"): it names whose quantity a number is, and counts nothing. */
  private static String ordinalWord(String ordinal) {
    String digits = ordinal.replaceAll("\\D", "");
    int n = digits.length() > 2 ? 0 : Integer.parseInt(digits);
    return n >= 1 && n <= ORDINAL_WORDS.size() ? ORDINAL_WORDS.get(n - 1) : "ordinal";
  }

  /** A step's text read as the step reader reads it, without what counts nothing (markers, ordinals, years). */
  private static String prose(Step s) {
    // "$1{,}200$" is one number
    return YEAR.matcher(ORDINAL.matcher(MARKER.matcher(MathText.plain(ANNOTATION.matcher(s.text()).replaceAll(" "))).replaceFirst(""))
        .replaceAll(m -> " " + ordinalWord(m.group()) + " ")).replaceAll(" ");
  }

  /**
   * A calculator annotation that only restates a number ("Bruce scored <<4=4>>4 goals"): it
   * computes nothing, so its number is a number written in prose, to be grounded as one.
   */
  private static boolean restates(Claim.Arithmetic a) {
    if (!a.unknowns().isEmpty() || !LONE_NUMBER.matcher(a.expression()).matches()) return false;
    List<Rational> literals = Quantities.literalsIn(a.expression());
    return literals.size() == 1 && literals.get(0).equals(AnswerBinding.valueOf(a));
  }

  private static final Pattern LONE_NUMBER = Pattern.compile("\\s*[$]?(?:\\d[\\d,]*(?:\\.\\d+)?|\\.\\d+)\\s*");

  /** What grounds a number a solution writes in prose: every value known, the question's own, what it implies, the unknowns' values. */
  private record Grounds(Set<Rational> known, Set<Rational> stated, Set<Rational> implied, Set<Rational> solved) {}

  /**
   * A number written in prose names what it counts ("Bruce scored 10 goals"), and that must be
   * a quantity the problem has: a restatement of the question's quantity for the same thing is
   * that quantity's value, not whatever other number of the problem the value happens to be
   * (MutationCorpus's RESTATED_RESULT changes such restatements and leaves the computations
   * right).
   */
  private static final class Restatements {
    private final List<QuantityMention> given;
    private final List<QuantityMention> worked;
    private final Set<String> names;
    private final Grounds grounds;
    private final Set<Rational> results;
    /** Each unknown's value, as the equations that name it solve it. */
    private final java.util.Map<String, Rational> unknowns;
    /** The final answer's value ("Heracles is 10" restates it), or null. */
    private final Rational answer;

    Restatements(List<QuantityMention> given, List<QuantityMention> worked, Set<String> names, Grounds grounds, Set<Rational> results,
        java.util.Map<String, Rational> unknowns, Rational answer) {
      this.given = given;
      this.worked = worked;
      this.names = names;
      this.grounds = grounds;
      this.results = results;
      this.unknowns = unknowns;
      this.answer = answer;
    }

    /**
     * Why {@code p} is not the quantity its words name, or null; {@code weak}: only a constant or
     * small count grounds it; {@code written}: every number of its step's {@code prose}.
     */
    String misnamed(QuantityMention p, boolean weak, String prose, List<QuantityMention> written) {
      Rational n = p.value();
      // one of a unit ("1 hour", "per 1 bag") and an index ("Day 2:", "on days 4, 5") count nothing
      String before = prose.substring(0, p.start());
      String after = prose.substring(p.end());
      if (n.signum() == 0) return null;
      if (!OPERATOR_AFTER.matcher(after).find()) {
        // "X = 3" where the equations solve X = 10, "3X = 12" where 3X is 6 (not "m = 2s", not "x + 3x = ")
        Matcher u = UNKNOWN_BEFORE.matcher(before);
        if (u.find() && unknowns.containsKey(u.group(2)) && !OPERATOR_BEFORE.matcher(before.substring(0, u.start())).find()) {
          Rational value = unknowns.get(u.group(2));
          if (u.group(1) != null) value = value.multiply(Rational.of(new BigDecimal(u.group(1))));
          if (!value.equals(n)) return "the equations make " + u.group().replaceAll("\\s*=\\s*$", "") + " " + value.toPlainString();
        }
        // "because 14 = 10": two numbers written equal that are not
        Matcher e = NUMBER_EQUALS_BEFORE.matcher(before);
        if (e.find() && !OPERATOR_BEFORE.matcher(before.substring(0, e.start())).find()) {
          Rational left = Rational.of(new BigDecimal(e.group(1)));
          if (!left.equals(n)) return "it writes " + e.group(1) + " = " + n.toPlainString();
        }
      }
      // a term of algebra ("Ryanne = H + 7"): a number the question gives or a result, whatever else writes it
      // (a collected coefficient, "4x + x = 5x", is the arithmetic's to check)
      if ((!n.equals(Rational.ONE) || COEFFICIENT.matcher(after).find() || PLURAL_ONE.matcher(prose.substring(p.start())).find()) && algebraTerm(p, prose) && !result(before) && !grounds.stated().contains(n) && !grounds.implied().contains(n) && !results.contains(n)) {
        return "a term of an unknown is neither a number of the question nor a result";
      }
      // "from Monday through Friday is 6 days": the days a span of weekdays has
      if (p.nouns().contains("day")) {
        Integer days = weekdays(prose);
        if (days != null && !n.equals(Rational.of(days))) return "the days named make " + days;
      }
      // ("Zrinka = 1 years", "$1", "the count is 1." are no unit)
      boolean unit = n.equals(Rational.ONE) && !p.nouns().isEmpty() && (!p.nouns().contains("$") || CENTS.matcher(prose).find())
          && !PLURAL_ONE.matcher(prose.substring(p.start())).find();
      // and a count of kinds ("the other 2 fruit types") is no count of the things
      if (unit || INDEX.matcher(before).find() || p.nouns().stream().anyMatch(KINDS::contains)) return null;
      // a number of a computation the reader did not claim ("30 orange straws / 2 orange straws"), a power ("cm^3")
      // a result the sentence computes ("12 blue socks=6 pairs", "times 1 gram equals 4 grams")
      boolean operand = OPERATOR_BEFORE.matcher(before).find() || result(before);
      // the step computes the value it writes ("eat 4 grams a day because four finches times 1 gram equals 4 grams")
      for (QuantityMention m : written) if (m.value().equals(n) && m.start() > p.start() && result(prose.substring(0, m.start()))) return null;
      // a unit's factor written as the conversion ("12 inches in a foot")
      if (EverydayConstants.isUnitFactor(n) && CONVERSION.matcher(prose.substring(p.start())).find()) return null;
      // a span counted so far ("in 2 days", "the first 2 pages", "after 6 years") is no quantity the question states
      if (SPAN.matcher(before).find() && p.nouns().stream().anyMatch(SPAN_NOUNS::contains)) return null;
      if (solvedFor(p) || n.equals(answer) || supported(p, prose)
          || p.nouns().contains("%") && (grounds.known().contains(n.divide(Rational.HUNDRED)) || results.contains(n.divide(Rational.HUNDRED)))) {
        return null;
      }
      // the question's quantity for the same thing: "Bruce scored 4 goals" for "Bruce scored 10 goals",
      // "13 questions in the first hour" for "First hour: 9"
      List<QuantityMention> same = operand ? List.of() : given.stream().filter(q -> sameQuantity(p, q, prose)).toList();
      // "4 other ladies" are 5 in the group; "2 ... and 1 ..." are 3 together
      List<Rational> values = same.stream().map(QuantityMention::value).filter(r -> r.signum() > 0).distinct().sorted().toList();
      if (values.stream().anyMatch(v -> n.subtract(v).abs().equals(Rational.ONE)) && (OTHER.matcher(prose).find() || same.stream().anyMatch(q -> q.words().contains("other")))
          || TOTAL.matcher(prose).find() && oneOperation(n, values) != null && n.compareTo(values.get(values.size() - 1)) > 0) return null;
      if (!same.isEmpty()) return "the question gives " + values(same) + " for it";
      // a small count counting what the problem counts otherwise ("6 person" where the sections have 4, 7 and 5)
      if (weak && !operand && !p.nouns().isEmpty() && !EverydayConstants.isUnitFactor(n)) {
        List<QuantityMention> counted = new ArrayList<>();
        for (QuantityMention m : given) if (p.sameNoun(m) && p.sameNames(m, names) && p.sharesLabel(m)) counted.add(m);
        for (QuantityMention m : worked) if (p.sameNoun(m) && p.sameNames(m, names) && p.sharesLabel(m)) counted.add(m);
        // two of them taken together ("9 students" of 5 and 4) are written without the sum
        List<Rational> pool = counted.stream().map(QuantityMention::value).filter(r -> r.signum() > 0).sorted().toList();
        boolean leavesOneOut = OTHER.matcher(prose).find() && pool.stream().anyMatch(v -> n.subtract(v).abs().equals(Rational.ONE));
        if (!counted.isEmpty() && oneOperation(n, pool) == null && !leavesOneOut) return "the problem counts " + String.join(" or ", new java.util.TreeSet<>(p.nouns())) + " as " + values(counted);
      }
      return null;
    }

    /**
     * Whether the problem has {@code p}'s value for what {@code p} counts: where it writes the value
     * with the same noun, for the same name ("12 marshmallows" Brandon held are not Haley's);
     * where it writes it with no noun (an operand, "4 * 3") and never as a count of something
     * else ("3 times"), for the same name.
     */
    private boolean supported(QuantityMention p, String prose) {
      Rational n = p.value();
      List<QuantityMention> all = new ArrayList<>();
      // what "they both" run is nobody's alone ("Mia averages 3 miles a day")
      boolean several = SEVERAL.matcher(sentenceOf(prose, p.start())).find();
      for (QuantityMention m : given) if (m.value().equals(n) && !p.otherLabel(m) && !otherOrdinal(p, m)) all.add(m);
      for (QuantityMention m : worked) if (m.value().equals(n) && !p.otherLabel(m) && !otherOrdinal(p, m)) all.add(m);
      // without a noun, only a value written as a count ("8 ÷ 2 = 4" counts no shirts with its 2)
      if (p.nouns().isEmpty()) return all.stream().anyMatch(m -> !m.operand() && p.sameNames(m, names));
      List<QuantityMention> sameNoun = all.stream().filter(p::sameNoun).toList();
      if (!sameNoun.isEmpty()) {
        return sameNoun.stream().anyMatch(m -> p.sameNames(m, names) && !(several && given.contains(m) && m.namesOf(names).size() == 1));
      }
      if (all.stream().anyMatch(m -> !m.nouns().isEmpty() && given.contains(m))) return false;
      // an operand of the solution's own computations may be the number restated ("He ate 70 apples in total" before 70 / 7),
      // but not a labelled one ("Monday: 12$" is no term of 6 + 12 + 36), nor the question's "six less than"
      return all.stream().anyMatch(m -> !(m.operand() && (given.contains(m) || p.set())) && p.sameNames(m, names));
    }

    /** Whether the two sentences name different ordinals ("their first child" and "their third child"). */
    private static boolean otherOrdinal(QuantityMention p, QuantityMention m) {
      List<String> mine = ORDINAL_WORDS.stream().filter(p.sentence()::contains).toList();
      List<String> theirs = ORDINAL_WORDS.stream().filter(m.sentence()::contains).toList();
      return !mine.isEmpty() && !theirs.isEmpty() && mine.stream().noneMatch(theirs::contains);
    }

    /** Whether an unknown's value is {@code p}'s, and no other unknown's label ("A = 13" where B is 13). */
    private boolean solvedFor(QuantityMention p) {
      if (!grounds.solved().contains(p.value())) return false;
      List<String> letters = p.label().stream().filter(w -> w.startsWith("#")).map(w -> w.substring(1)).toList();
      if (letters.isEmpty()) return true;
      for (var u : unknowns.entrySet()) {
        if (u.getValue().equals(p.value()) && letters.contains(u.getKey().toLowerCase(java.util.Locale.ROOT))) return true;
      }
      return false;
    }

    /**
     * Whether {@code q} of the question is the quantity {@code p} restates: the same noun and a
     * name or label word in common; without a noun, a name or two label words in common.
     */
    private boolean sameQuantity(QuantityMention p, QuantityMention q, String prose) {
      if (!p.sameClauseNames(q, names)) return false;
      if (!p.nouns().isEmpty()) return !q.nouns().isEmpty() && p.sameNoun(q) && p.sentenceSharesLabel(q);
      // without a noun, only a value a label is given ("First hour: 13", "the plant count is 7.")
      return LABELLED.matcher(prose.substring(0, p.start())).find() && CLAUSE_ENDS.matcher(prose.substring(p.start())).find()
          && (p.sharedLabels(q) >= 2 || p.sharesName(q, names));
    }


    private static String values(List<QuantityMention> ms) {
      return String.join(", ", ms.stream().map(m -> m.value().toPlainString()).distinct().toList());
    }
  }

  /** "Day 2:", "Week 1", "Bowler 2", "on days 4,5,6": a number right after what it indexes. */
  private static final Pattern INDEX = Pattern.compile(
      "\\b(?i:day|week|month|year|page|round|game|level|grade|chapter|part|step|row|floor|room|box|bowler|team|group|player|session|quarter|phase|stage|trip|turn|shelf|section|option|store|shop|case|plan|season|episode|lap|class|test)s?\\s+(?:\\d+\\s*[-,&]\\s*)*$|\\b[A-Z][a-z]+\\s+$");

  /** "in 2 days", "for 3 days", "the first 2 pages", "after 6 years". */
  private static final Pattern SPAN = Pattern.compile("(?i)\\b(?:in|for|after|first|last|over|within|next|past|those|these)\\s+$");

  private static final Set<String> SPAN_NOUNS = Set.of("day", "week", "month", "year", "hour", "minute", "second", "page", "night",
      "morning", "evening", "weekend", "session", "round", "game", "lap", "trip", "time");

  private static final Pattern PLURAL_ONE = Pattern.compile("^\\$?1\\s+[a-z]+[^s\\W]s\\b");

  /** A sentence that adds up ("for a total of", "together", "in all"). */
  private static final Pattern TOTAL = Pattern.compile("(?i)\\b(?:total|together|in all|altogether|combined|sum)\\b");

  /** "4 other people", "herself and 4 others": a count that leaves one out. */
  private static final Pattern OTHER = Pattern.compile("(?i)\\bother");

  private static final List<String> WEEKDAYS = List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday");

  private static final Pattern WEEKDAY_SPAN = Pattern.compile(
      "(?i)\\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\\s+(?:through|thru|to|until|till|-)\\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b");

  /** How many days "Monday through Friday" (and the like) counts, or null where the text names no such span. */
  private static Integer weekdays(String text) {
    Matcher m = WEEKDAY_SPAN.matcher(text);
    if (!m.find()) return null;
    int from = WEEKDAYS.indexOf(m.group(1).toLowerCase(java.util.Locale.ROOT));
    int to = WEEKDAYS.indexOf(m.group(2).toLowerCase(java.util.Locale.ROOT));
    return (to - from + 7) % 7 + 1;
  }

  /** "1L", "4x": the number multiplies the letter written right after it. */
  private static final Pattern COEFFICIENT = Pattern.compile("^[A-Za-z](?![A-Za-z])");

  private static final Pattern NAMED_RESULT = Pattern.compile("(?<![\\w.])([A-Za-z])\\s*=\\s*[\\d.(][^=]*?[-+*/×÷][^=]*=\\s*\\$?(\\d+(?:\\.\\d+)?)(?![\\d.])");

  /** "X = ", "3X = ": an unknown, or a multiple of it, written equal to the number after. */
  private static final Pattern UNKNOWN_BEFORE = Pattern.compile("(?<![\\w.])(\\d+(?:\\.\\d+)?)?\\s*\\*?\\s*([A-Za-z])\\s*=\\s*\\$?$");

  /** "14 = ": a number written equal to the number after. */
  private static final Pattern NUMBER_EQUALS_BEFORE = Pattern.compile("(?<![\\w.,])(\\d+(?:\\.\\d+)?)\\s*=\\s*\\$?$");

  /** The number is an operand of what follows ("20 / 2 = 10"). */
  private static final Pattern OPERATOR_AFTER = Pattern.compile("^(?:\\s*[-+*/×÷^(%]|\\s*x\\s|[A-Za-z](?![A-Za-z]))");

  private static final Pattern CENTS = Pattern.compile("(?i)\\bcents?\\b");

  private static final Set<String> KINDS = Set.of("type", "kind", "sort", "variety", "flavor", "flavour", "color", "colour", "brand", "different");

  /** "30 orange straws / 2", "cm^3", "x*0.25=": an operand of some computation. */
  private static final Pattern OPERATOR_BEFORE = Pattern.compile("(?:[-+*/×÷^(]|[\\d)]\\s*=|\\bx)\\s*\\$?$");

  /** Whether a number after {@code before} is a result: after "equals", or after "=" in a clause that computes. */
  private static boolean result(String before) {
    if (RESULT_BEFORE.matcher(before).find()) return true;
    if (!EQUALS_BEFORE.matcher(before).find()) return false;
    if (CONVERTED.matcher(before).find()) return true;
    int clause = Math.max(Math.max(before.lastIndexOf(". "), before.lastIndexOf(", ")), Math.max(before.lastIndexOf(':'), before.lastIndexOf(';')));
    return COMPUTES.matcher(before.substring(clause + 1)).find();
  }

  private static final Pattern EQUALS_BEFORE = Pattern.compile("=\\s*\\$?$");

  /** "1.5 years = ": a quantity converted into the number after. */
  private static final Pattern CONVERTED = Pattern.compile("\\d\\s*[A-Za-z]+\\s*=\\s*$");

  private static final Pattern COMPUTES = Pattern.compile("[*/×÷+]|\\s-\\s|\\btimes\\b");

  private static final Pattern RESULT_BEFORE = Pattern.compile("(?:[\\d)%]\\s*=|[a-z]=|\\bequals?)\\s*\\$?$");

  /** "First hour: ", "Rupert = ", "the count is ": a value given to a label. */
  private static final Pattern LABELLED = Pattern.compile("(?:[:=]|\\b(?:is|was|are|were))\\s*\\$?$");

  /** The number ends its clause ("is 7.", ": 13"). */
  private static final Pattern CLAUSE_ENDS = Pattern.compile("^[\\d.,]*\\s*(?:[.;,!?]|$)");

  /** "12 inches in a foot", "60 minutes per hour": a unit's factor as the conversion it is. */
  private static final Pattern CONVERSION = Pattern.compile("^[^.,;]{0,30}?\\b(?:in|per|to|for|make|makes|equal|equals)\\s+(?:a|an|one|1|each|every)\\b");

  /** A subject of several ("they both", "together"). */
  private static final Pattern SEVERAL = Pattern.compile("(?i)\\b(?:both|together|combined)\\b");

  /** The sentence of {@code text} around {@code at}. */
  private static String sentenceOf(String text, int at) {
    int from = at;
    while (from > 0 && ".!?\n".indexOf(text.charAt(from - 1)) < 0) from--;
    int to = at;
    while (to < text.length() && ".!?\n".indexOf(text.charAt(to)) < 0) to++;
    return text.substring(from, to);
  }

  /** "H + 7", "7 + H", "4L": a number added to or multiplying a one-letter unknown. */
  private static final Pattern ALGEBRA_TERM = Pattern.compile(
      "(?<![A-Za-z])[B-HJ-Zb-z]\\s*[-+]\\s*(\\d+(?:\\.\\d+)?)|(?<![\\w.])(\\d+(?:\\.\\d+)?)(?:\\s*[-+]\\s*|(?=[B-HJ-Zb-z]))[B-HJ-Zb-z](?![\\w])");

  private static boolean algebraTerm(QuantityMention p, String prose) {
    Matcher m = ALGEBRA_TERM.matcher(prose);
    while (m.find()) {
      int at = m.group(1) != null ? m.start(1) : m.start(2);
      if (at == p.start()) return true;
    }
    return false;
  }

  /** What a step that says it rounds may round: the values known, and a percentage it computes as its number of hundredths. */
  private static Set<Rational> roundable(Step s, Set<Rational> known) {
    Set<Rational> out = new HashSet<>(known);
    for (Claim c : s.claims()) {
      if (c instanceof Claim.Arithmetic a && a.result().strip().endsWith("%")) {
        Rational r = AnswerBinding.valueOf(a);
        if (r != null) out.add(r.multiply(Rational.HUNDRED));
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

  private static final Pattern FRACTION = Pattern.compile("\\(\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*\\)");

  /**
   * "2 / (1 / 15)" after "4 / 60 = 1/15": a number that is the numerator or denominator of a
   * fraction the expression writes in parentheses, where that fraction is a value already known
   * (the whole expression "35 / 7" is no known fraction because 5 is known).
   */
  private static boolean inKnownFraction(Rational operand, String expression, Set<Rational> known) {
    if (expression.indexOf('/') < 0) return false;
    Matcher m = FRACTION.matcher(expression);
    while (m.find()) {
      Rational num = Rational.of(new BigDecimal(m.group(1)));
      Rational den = Rational.of(new BigDecimal(m.group(2)));
      if (den.signum() == 0 || !operand.equals(num) && !operand.equals(den)) continue;
      if (known.contains(num.divide(den))) return true;
    }
    return false;
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
        // an equation's other side is an operand too ("2C + C = 120" uses the 120 of "180 - 60 = 120")
        else if (after && c instanceof Claim.Arithmetic later
            && Quantities.numbersIn(later.unknowns().isEmpty() ? later.expression() : later.expression() + " " + later.result()).contains(r)) return false;
      }
    }
    return true;
  }
}
