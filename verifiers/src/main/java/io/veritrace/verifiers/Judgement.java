package io.veritrace.verifiers;

import io.veritrace.core.Certificate;
import io.veritrace.core.Grade;
import io.veritrace.core.LoopPolicy;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Verdict;
import java.util.List;

/**
 * How a proposal ends when no further round is spent on it: the one decision of an outcome from
 * verdicts. The offline {@code check}, the actor loop ({@code LoopDecision}, which only decides
 * whether another round is worth spending first) and the benchmark baseline all call
 * {@link #of}, so an audited line and a live query with the same steps end the same way.
 *
 * <p>In order: a rejection naming an ending ends so; any other rejection refuses; a warning
 * naming an ending ends so (the loop asks for a justification first); the reasoner's own
 * abstention stands; then VERIFIED only when every checkable claim is covered by a passing check
 * ({@link ClaimCoverage}); otherwise UNVERIFIED where the policy allows it, REFUSE where not.
 *
 * @param outcome how the query ends
 * @param text what the user is told: the answer, the question back or the reason
 * @param certificate the passes (with the claims each covered) and caveats behind it
 * @param stopReason a stable name for why it ended ({@code verified}, {@code uncovered}, ...)
 * @param coverage which claims were checked, and by what
 */
public record Judgement(Outcome outcome, String text, Certificate certificate, String stopReason, ClaimCoverage coverage) {

  public static Judgement of(LoopPolicy policy, Query query, Proposal proposal, List<Verdict> verdicts) {
    Certificate cert = Certificate.of(verdicts);
    ClaimCoverage coverage = ClaimCoverage.of(query, proposal, verdicts);
    for (Verdict v : verdicts) {
      if (v.rejects() && v.ending() != null) return new Judgement(v.ending(), v.message(), cert, "ending:" + v.rule(), coverage);
    }
    List<Verdict> rejections = verdicts.stream().filter(Verdict::rejects).toList();
    if (!rejections.isEmpty()) {
      Verdict first = rejections.get(0);
      if (rejections.stream().anyMatch(v -> v.grade() == Grade.ERROR)) {
        Verdict error = rejections.stream().filter(v -> v.grade() == Grade.ERROR).findFirst().orElseThrow();
        return new Judgement(Outcome.REFUSE, "A checker could not decide: " + error.message(), cert, "checker-error", coverage);
      }
      return new Judgement(Outcome.REFUSE,
          "The reasoning never validated: step " + first.step() + " failed " + first.rule() + " (" + first.message() + ").",
          cert, "rejected", coverage);
    }
    for (Verdict w : verdicts) {
      if (w.grade() == Grade.WARN && w.ending() != null) {
        return new Judgement(w.ending(), w.message(), cert, "unjustified:" + w.rule(), coverage);
      }
    }
    if (proposal.stance() == Proposal.Stance.CLARIFY) {
      return new Judgement(Outcome.CLARIFY, proposal.answer(), cert, "reasoner-asked", coverage);
    }
    if (proposal.stance() == Proposal.Stance.REFUSE) {
      return new Judgement(Outcome.REFUSE, proposal.answer(), cert, "reasoner-refused", coverage);
    }
    if (coverage.complete()) return new Judgement(Outcome.VERIFIED, proposal.reply(), cert, "verified", coverage);
    if (policy.allowUnverified()) return new Judgement(Outcome.UNVERIFIED, proposal.reply(), cert, "unverified", coverage);
    List<String> open = coverage.uncovered();
    String what = open.isEmpty() ? "no checker covers this answer" : "nothing checked " + String.join("; ", open.subList(0, Math.min(3, open.size())))
        + (open.size() > 3 ? " (and " + (open.size() - 3) + " more)" : "");
    return new Judgement(Outcome.REFUSE, "Not every claim of the answer could be checked: " + what
        + ", and unchecked answers are not allowed.", cert, "uncovered", coverage);
  }
}
