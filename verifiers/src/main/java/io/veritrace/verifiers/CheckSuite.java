package io.veritrace.verifiers;

import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
import io.veritrace.core.StepCheck;
import io.veritrace.core.Verdict;
import io.veritrace.core.Verifier;
import io.veritrace.verifiers.dates.DateVerifier;
import io.veritrace.verifiers.grounding.CitationVerifier;
import io.veritrace.verifiers.grounding.QuoteVerifier;
import io.veritrace.verifiers.grounding.SpecificsVerifier;
import io.veritrace.verifiers.logic.LogicVerifier;
import java.util.ArrayList;
import java.util.List;

/**
 * A set of checks run together on a proposal, without actors: what the {@code check} command,
 * the benchmarks and the loop's workers share. A checker that throws gives an ERROR verdict
 * (fail closed), never a pass.
 */
public record CheckSuite(List<StepCheck> stepChecks, List<Verifier> verifiers) {

  public CheckSuite {
    stepChecks = List.copyOf(stepChecks);
    verifiers = List.copyOf(verifiers);
  }

  /**
   * The arithmetic family (exact results, binding, provenance, quantity type, consistency), the
   * logic verifier, dates against the query's reference date (the server's clock when it has
   * none), and grounding (quotes, citations, specifics) when the query carries sources.
   */
  public static CheckSuite standard() {
    DateVerifier dates = new DateVerifier();
    return new CheckSuite(
        List.of(new ArithmeticCheck()),
        List.of(new AnswerBinding(), new QuantityProvenance(), new QuantityType(), new GivenConsistency(), new ConversationConsistency(), new LogicVerifier(),
            dates, new QuoteVerifier(), new CitationVerifier(dates), new SpecificsVerifier(dates)));
  }

  public List<Verdict> checkSteps(Query query, Proposal proposal) {
    List<Verdict> out = new ArrayList<>();
    for (Step s : proposal.steps()) {
      for (StepCheck c : stepChecks) {
        try {
          out.addAll(c.check(query, s));
        } catch (RuntimeException | StackOverflowError e) {
          out.add(Verdict.error(c.name(), c.name() + ".error", s.index(), "checker failed: " + e));
        }
      }
    }
    return out;
  }

  public List<Verdict> verify(Query query, Proposal proposal, List<Verdict> stepVerdicts) {
    List<Verdict> out = new ArrayList<>();
    for (Verifier v : verifiers) {
      try {
        out.addAll(v.verify(query, proposal, stepVerdicts));
      } catch (RuntimeException | StackOverflowError e) {
        out.add(Verdict.error(v.name(), v.name() + ".error", -1, "verifier failed: " + e));
      }
    }
    return out;
  }

  /** Every verdict on {@code proposal}: step checks first, then the whole-proposal verifiers. */
  public List<Verdict> check(Query query, Proposal proposal) {
    List<Verdict> steps = checkSteps(query, proposal);
    List<Verdict> all = new ArrayList<>(steps);
    all.addAll(verify(query, proposal, steps));
    return all;
  }

  /** How a single proposal would end with no further rounds, under the default loop policy. */
  public static Outcome judge(Query query, Proposal proposal, List<Verdict> verdicts) {
    return Judgement.of(io.veritrace.core.LoopPolicy.DEFAULT, query, proposal, verdicts).outcome();
  }
}
