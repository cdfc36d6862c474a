package io.veritrace.actors;

import io.veritrace.core.Certificate;
import io.veritrace.core.Grade;
import io.veritrace.core.LoopPolicy;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Verdict;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the loop does after a round's verdicts: end (with which outcome), correct, or ask the
 * reasoner to justify. Pure, so the rules are tested without actors and a direct loop can share
 * them.
 */
public sealed interface LoopDecision {

  /** The query ends here. */
  record End(Outcome outcome, String text, Certificate certificate, String stopReason) implements LoopDecision {}

  /** Rejected: the Corrector repairs or writes findings for the reasoner. */
  record Correct(List<Verdict> findings) implements LoopDecision {}

  /** Accepted but with warnings that need a justification round. */
  record Justify(List<Verdict> warnings) implements LoopDecision {}

  /**
   * @param round the round just checked, from 1
   * @param justified whether a justification round already ran
   * @param previousFailures the failure signature of the previous round, empty in round 1
   */
  static LoopDecision decide(LoopPolicy policy, int round, Proposal proposal, List<Verdict> verdicts,
      boolean justified, Set<String> previousFailures) {
    for (Verdict v : verdicts) {
      if (v.rejects() && v.ending() != null) {
        return new End(v.ending(), v.message(), Certificate.of(verdicts), "ending:" + v.rule());
      }
    }
    List<Verdict> rejections = verdicts.stream().filter(Verdict::rejects).toList();
    if (!rejections.isEmpty()) {
      Verdict first = rejections.get(0);
      String unresolved = "The reasoning never validated: step " + first.step() + " failed " + first.rule() + " (" + first.message() + ").";
      if (rejections.stream().anyMatch(v -> v.grade() == Grade.ERROR) && round >= policy.maxRounds()) {
        return new End(Outcome.REFUSE, "A checker could not decide: " + first.message(), Certificate.of(verdicts), "checker-error");
      }
      if (!previousFailures.isEmpty() && previousFailures.equals(signature(rejections))) {
        return new End(Outcome.REFUSE, unresolved, Certificate.of(verdicts), "no-progress");
      }
      if (round >= policy.maxRounds()) return new End(Outcome.REFUSE, unresolved, Certificate.of(verdicts), "budget");
      return new Correct(rejections);
    }
    List<Verdict> warnings = verdicts.stream().filter(v -> v.grade() == Grade.WARN && v.ending() != null).toList();
    if (!warnings.isEmpty()) {
      if (policy.justifyWarnings() && !justified && round < policy.maxRounds()) return new Justify(warnings);
      Verdict w = warnings.get(0);
      return new End(w.ending(), w.message(), Certificate.of(verdicts), "unjustified:" + w.rule());
    }
    if (proposal.stance() == Proposal.Stance.CLARIFY) {
      return new End(Outcome.CLARIFY, proposal.answer(), Certificate.of(verdicts), "reasoner-asked");
    }
    if (proposal.stance() == Proposal.Stance.REFUSE) {
      return new End(Outcome.REFUSE, proposal.answer(), Certificate.of(verdicts), "reasoner-refused");
    }
    if (verdicts.stream().anyMatch(v -> v.grade() == Grade.PASS)) {
      return new End(Outcome.VERIFIED, proposal.reply(), Certificate.of(verdicts), "verified");
    }
    return policy.allowUnverified()
        ? new End(Outcome.UNVERIFIED, proposal.reply(), Certificate.EMPTY, "unverified")
        : new End(Outcome.REFUSE, "No checker covers this answer, and unchecked answers are not allowed.", Certificate.EMPTY, "uncovered");
  }

  /** What identifies a round's failures, to see a round repeating the previous one. */
  static Set<String> signature(List<Verdict> rejections) {
    return rejections.stream().map(v -> v.step() + "|" + v.rule() + "|" + v.counterexample()).collect(Collectors.toSet());
  }
}
