package io.veritrace.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TraceTest {

  private static final Proposal ANSWER = new Proposal(Proposal.Stance.ANSWER, List.of(), "11", "#### 11", "r", "");

  private static Round round(int number, Verdict... verdicts) {
    return new Round(number, ANSWER, List.of(verdicts), null, 0);
  }

  @Test
  void aFailureTheNextRoundNoLongerHasIsAFixAndOneItRepeatsIsNot() {
    Verdict slip = Verdict.fail("arithmetic", "arithmetic.result", 0, "3 * 4 = 13 is wrong", "3 * 4 = 12", "12");
    Verdict invented = Verdict.fail("grounding", "grounding.unsupported", 0, "60 days is not in the sources", "60 days", "");
    // round 2 moved the invention to step 1 and kept it; round 3 dropped it
    Verdict inventedAgain = Verdict.fail("grounding", "grounding.unsupported", 1, "60 days is not in the sources", "60 days", "");
    Trace trace = new Trace(new Query("q", "s", "?", List.of(), List.of(), List.of(), ""), List.of(round(1, slip, invented), round(2, inventedAgain),
        round(3, Verdict.pass("grounding", "grounding.supported", 0, "ok"))), Outcome.VERIFIED, "11", null, "verified", 0, 0);
    assertEquals(List.of(new Trace.Fix(1, 2, slip), new Trace.Fix(2, 3, inventedAgain)), trace.fixes());
  }
}
