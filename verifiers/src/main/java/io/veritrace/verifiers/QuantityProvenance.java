package io.veritrace.verifiers;

import io.veritrace.core.Claim;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
import io.veritrace.core.Turn;
import io.veritrace.core.Verdict;
import io.veritrace.core.Verifier;
import io.veritrace.verifiers.arithmetic.Quantities;
import io.veritrace.verifiers.arithmetic.Rational;
import io.veritrace.verifiers.steps.StepReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Verdict> verify(Query query, Proposal proposal, List<Verdict> stepVerdicts) {
    Set<Rational> known = new HashSet<>(STATED.of(query.question()));
    for (Turn t : query.history()) known.addAll(STATED.of(t.text()));
    for (Claim c : query.established()) addValue(known, c);
    for (Step s : proposal.steps()) {
      for (Claim c : s.claims()) if (c instanceof Claim.Given || c instanceof Claim.Assumption) addValue(known, c);
    }
    // A reasoner that declares its givens has listed its premises: every other number must be
    // declared too (as an assumption), so the everyday constants are not taken on trust.
    boolean declared = proposal.steps().stream().flatMap(s -> s.claims().stream()).anyMatch(c -> c instanceof Claim.Given);
    List<Verdict> out = new ArrayList<>();
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
        for (String v : a.unknowns().values()) addValue(known, new Claim.Assumption(v, ""));
        List<Rational> ungrounded = new ArrayList<>();
        for (Rational operand : Quantities.literalsIn(a.expression())) {
          if (!known.contains(operand) && (declared || !EverydayConstants.contains(operand))) ungrounded.add(operand);
        }
        if (ungrounded.isEmpty()) {
          out.add(Verdict.pass(NAME, Rules.PROVENANCE_UNGROUNDED, s.index(),
              "every operand of " + a.expression().strip() + " is grounded"));
        } else {
          String nums = ungrounded.stream().map(Rational::toPlainString).distinct().reduce((x, y) -> x + ", " + y).orElse("");
          out.add(new Verdict(NAME, Rules.PROVENANCE_UNGROUNDED, io.veritrace.core.Grade.WARN, s.index(),
              "the question never gives " + nums + " (used in step " + s.index() + ": " + a.expression().strip()
                  + "); where does it come from?",
              nums, "", Outcome.CLARIFY));
        }
        addValue(known, a.unknowns().isEmpty() ? a : new Claim.Assumption(StepReader.withValues(a.result(), a.unknowns()), ""));
      }
      addPercentages(known, s.text());
    }
    return out;
  }

  private static final java.util.regex.Pattern PERCENTAGE =
      java.util.regex.Pattern.compile("(?<![\\w.])(\\d+(?:\\.\\d+)?)\\s*(?:%|percent\\b)");

  /**
   * "60% of them are yellow": a known number the step writes as a percentage may be used as the
   * fraction it names (0.6, and 1.6 or 0.4 for "60% more" or "60% off"); the percent sign is the
   * explicit conversion, so a number nobody derived stays from nowhere.
   */
  private static void addPercentages(Set<Rational> known, String text) {
    if (text.indexOf('%') < 0 && !text.contains("percent")) return;
    java.util.regex.Matcher m = PERCENTAGE.matcher(text);
    while (m.find()) {
      Rational n = Rational.of(new java.math.BigDecimal(m.group(1)));
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
}
