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

  /** Constants of everyday arithmetic: units of time, dozens, percent, small counts. */
  private static final Set<Rational> CONSTANTS = new HashSet<>();

  static {
    for (long v : new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 24, 28, 29, 30, 31, 52, 60, 100,
        365, 366, 1000, 3600, 1440, 16, 36, 5280, 1_000_000}) {
      CONSTANTS.add(Rational.of(v));
    }
    CONSTANTS.add(Rational.ONE.divide(Rational.of(2)));
    CONSTANTS.add(Rational.ONE.divide(Rational.of(100)));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Verdict> verify(Query query, Proposal proposal, List<Verdict> stepVerdicts) {
    Set<Rational> known = new HashSet<>(Quantities.statedIn(query.question()));
    for (Turn t : query.history()) known.addAll(Quantities.statedIn(t.text()));
    for (Claim c : query.established()) addValue(known, c);
    for (Step s : proposal.steps()) {
      for (Claim c : s.claims()) if (c instanceof Claim.Given || c instanceof Claim.Assumption) addValue(known, c);
    }
    // A reasoner that declares its givens has listed its premises: every other number must be
    // declared too (as an assumption), so the everyday constants are not taken on trust.
    boolean declared = proposal.steps().stream().flatMap(s -> s.claims().stream()).anyMatch(c -> c instanceof Claim.Given);
    List<Verdict> out = new ArrayList<>();
    for (Step s : proposal.steps()) {
      for (Claim c : s.claims()) {
        if (!(c instanceof Claim.Arithmetic a)) continue;
        List<Rational> ungrounded = new ArrayList<>();
        for (Rational operand : Quantities.literalsIn(a.expression())) {
          if (!known.contains(operand) && (declared || !CONSTANTS.contains(operand))) ungrounded.add(operand);
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
        addValue(known, a);
      }
    }
    return out;
  }

  private static void addValue(Set<Rational> known, Claim c) {
    Rational r = AnswerBinding.valueOf(c);
    if (r != null) {
      known.add(r);
      known.add(r.negate());
    }
  }
}
