package io.veritrace.actors;

import io.veritrace.core.Certificate;
import io.veritrace.core.Query;
import io.veritrace.verifiers.Judgement;
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
   * Whether another round is worth spending; when not, the outcome is {@link Judgement#of}'s,
   * the one decision {@code check} and the benchmark baseline share.
   *
   * @param round the round just checked, from 1
   * @param justified whether a justification round already ran
   * @param previousFailures the failure signature of the previous round, empty in round 1
   */
  static LoopDecision decide(LoopPolicy policy, int round, Query query, Proposal proposal, List<Verdict> verdicts,
      boolean justified, Set<String> previousFailures) {
    Judgement j = Judgement.of(policy, query, proposal, verdicts);
    boolean ended = verdicts.stream().anyMatch(v -> v.rejects() && v.ending() != null);
    List<Verdict> rejections = verdicts.stream().filter(Verdict::rejects).toList();
    if (!ended && !rejections.isEmpty()) {
      if (rejections.stream().anyMatch(v -> v.grade() == Grade.ERROR) && round >= policy.maxRounds()) return end(j, "checker-error");
      if (!previousFailures.isEmpty() && previousFailures.equals(signature(rejections))) return end(j, "no-progress");
      if (round >= policy.maxRounds()) return end(j, "budget");
      return new Correct(rejections);
    }
    if (!ended) {
      List<Verdict> warnings = verdicts.stream().filter(v -> v.grade() == Grade.WARN && v.ending() != null).toList();
      if (!warnings.isEmpty() && policy.justifyWarnings() && !justified && round < policy.maxRounds()) return new Justify(warnings);
    }
    return end(j, j.stopReason());
  }

  private static End end(Judgement j, String stopReason) {
    return new End(j.outcome(), j.text(), j.certificate(), stopReason);
  }

  /** What identifies a round's failures, to see a round repeating the previous one. */
  static Set<String> signature(List<Verdict> rejections) {
    return rejections.stream().map(v -> v.step() + "|" + v.rule() + "|" + v.counterexample()).collect(Collectors.toSet());
  }
}
