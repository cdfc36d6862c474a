package io.veritrace.actors.journal;

import io.veritrace.core.Certificate;
import io.veritrace.core.Claim;
import io.veritrace.core.Correction;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Round;
import io.veritrace.core.Step;
import io.veritrace.core.Trace;
import io.veritrace.core.Turn;
import io.veritrace.core.Verdict;
import java.util.List;

/** Realistic traces for journal tests: a failed round, its correction, then a verified one. */
final class Traces {
  private Traces() {}

  /** A refused answer to {@code question} in {@code session}, after {@code history}. */
  static Trace answered(String id, String session, String question, List<Turn> history) {
    Query q = new Query(id, session, question, history, List.of(), List.of(), null);
    return new Trace(q, List.of(), Outcome.REFUSE, "No checked answer for: " + question, Certificate.EMPTY, "budget", 1L, 2L);
  }

  static Trace corrected(int i) {
    Query q = Query.of("q-" + i, "Tom has " + i + " apples and buys 4. How many apples does he have?");
    String right = String.valueOf(i + 4);
    String wrong = String.valueOf(i + 5);
    Proposal bad = new Proposal(Proposal.Stance.ANSWER,
        List.of(new Step(0, i + " + 4 = " + wrong, List.of(new Claim.Arithmetic(i + "+4", wrong))),
            new Step(1, "#### " + wrong, List.of(new Claim.FinalAnswer(wrong)))),
        wrong, i + " + 4 = " + wrong + "\n#### " + wrong, "test", "adapter-1");
    Verdict failure = Verdict.fail("arithmetic", "arithmetic.result", 0, i + " + 4 = " + wrong + " is wrong", right, right);
    Proposal good = bad.withSteps(List.of(new Step(0, i + " + 4 = " + right, List.of(new Claim.Arithmetic(i + "+4", right))),
        new Step(1, "#### " + right, List.of(new Claim.FinalAnswer(right)))), right);
    Verdict pass = Verdict.pass("arithmetic", "arithmetic.result", 0, "ok");
    return new Trace(q,
        List.of(new Round(1, bad, List.of(failure), new Correction(List.of(failure), good, "recomputed"), 1000),
            new Round(2, good, List.of(pass), null, 900)),
        Outcome.VERIFIED, right, Certificate.of(List.of(pass)), "verified", 1_700_000_000_000L + i, 123_456);
  }
}
