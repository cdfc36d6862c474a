package io.veritrace.verifiers.grounding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.veritrace.core.Grade;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Source;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.steps.StepParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecificsVerifierTest {

  private static final Source POLICY = new Source("refunds", "Refund Policy", "Returns are accepted within 2 weeks of delivery.");

  private static Outcome judge(String answer) {
    Query q = new Query("q", "q", "How long do I have to return something?", List.of(), List.of(), List.of(POLICY), "2026-03-01");
    Proposal p = StepParser.parse(answer, "t");
    return CheckSuite.judge(q, p, CheckSuite.standard().check(q, p));
  }

  @Test
  void aUnitFactorStatedAsAFactIsASpecificThatNeedsASource() {
    for (String invented : List.of("You get 31 days.", "You get 30 days to return it.", "Returns take 7 days.", "You have 24 hours.")) {
      assertNotEquals(Outcome.VERIFIED, judge(invented), invented);
    }
  }

  @Test
  void anInventedNumberTheAnswerCitesGoesBackToTheModelNotToTheUser() {
    Query q = new Query("q", "q", "How long do I have to return something?", List.of(), List.of(), List.of(POLICY), "2026-03-01");
    Proposal cited = StepParser.parse("You can return items within 60 days of delivery [refunds].", "t");
    Verdict invented = number(CheckSuite.standard().check(q, cited));
    assertEquals(Grade.FAIL, invented.grade());
    assertNull(invented.ending(), "the cited source is the model's claim: it is corrected, not asked about");
    Proposal uncited = StepParser.parse("You get 60 days.", "t");
    assertEquals(Outcome.CLARIFY, number(CheckSuite.standard().check(q, uncited)).ending());
  }

  private static Verdict number(List<Verdict> verdicts) {
    return verdicts.stream().filter(v -> v.rule().equals("grounding.specific.number") && v.rejects()).findFirst().orElseThrow();
  }

  @Test
  void aUnitFactorUsedAsAnOperandInTheStepsArithmeticNeedsNoSource() {
    assertEquals(Outcome.VERIFIED, judge("Returns are accepted within 2 weeks of delivery [refunds], that is 2 * 7 = 14 days.\n#### 14"));
  }
}
