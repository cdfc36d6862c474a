package io.veritrace.verifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.Claim;
import io.veritrace.core.Correction;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.steps.StepParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckSuiteTest {

  private final CheckSuite suite = CheckSuite.standard();

  @Test
  void parsesAnnotationsInlineEquationsAndAnswerMarkers() {
    Proposal p = StepParser.parse("She sold 48/2 = <<48/2=24>>24 clips.\nThen 16 - 3 - 4 = 9 eggs.\nThe answer is 9.", "t");
    assertEquals("9", p.answer());
    assertEquals(new Claim.Arithmetic("48/2", "24"), p.steps().get(0).claims().get(0));
    assertEquals(new Claim.Arithmetic("16 - 3 - 4", "9"), p.steps().get(1).claims().get(0));
    for (String marker : List.of("#### 9", "A: 9", "Answer: 9", "The answer is 9")) {
      assertEquals("9", StepParser.parse("4 + 5 = 9\n" + marker, "t").answer(), marker);
    }
  }

  @Test
  void structuredJsonStepsAreReadAndMalformedJsonIsAClearFailure() {
    Proposal p = StepParser.parse("{\"steps\":[{\"text\":\"3 + 4 = 7\"},{\"text\":\"x\",\"claims\":[{\"type\":\"arithmetic\",\"expression\":\"7*2\",\"result\":\"14\"}]}],\"answer\":\"14\"}", "t");
    assertEquals(3, p.steps().size());
    Query q = Query.of("q", "Tom has 3 and 4 more, doubled by 2.");
    assertEquals(Outcome.VERIFIED, CheckSuite.judge(q, p, suite.check(q, p)));
    SolutionAudit bad = SolutionAudit.of(suite, "q", "?", "{\"steps\": [");
    assertFalse(bad.accepted());
    assertTrue(bad.failures().get(0).message().contains("malformed"), bad.failures().get(0).message());
  }

  @Test
  void badInputGetsAClearVerdictInBoundedTime() {
    assertFalse(SolutionAudit.of(suite, "q", "How many?", "").accepted());
    assertEquals(Rules.BINDING_MISSING, SolutionAudit.of(suite, "q", "How many?", "").failures().get(0).rule());
    String huge = ("Tom has 3 + 4 = <<3+4=7>>7 apples.\n").repeat(40_000) + "#### 7";
    assertTrue(huge.length() > 1_000_000);
    SolutionAudit a = SolutionAudit.of(suite, "q", "Tom has 3 apples and 4 more.", huge);
    assertTrue(a.proposal().steps().size() <= StepParser.MAX_STEPS + 1);
    SolutionAudit absurd = SolutionAudit.of(suite, "q", "9", "9^9^9^9 = <<9^9^9^9=1>>1\n#### 1");
    assertEquals(Rules.ARITHMETIC_BOUNDS, absurd.failures().get(0).rule());
    SolutionAudit longLiteral = SolutionAudit.of(suite, "q", "x", "<<" + "7".repeat(10_000) + "+1=2>>2\n#### 2");
    assertFalse(longLiteral.accepted());
  }

  @Test
  void answerFromNowhereFailsEvenWhenRight() {
    SolutionAudit a = SolutionAudit.of(suite, "q", "Tom has 3 apples and buys 4. How many?", "He likes apples.\n3 * 2 = <<3*2=6>>6\n#### 7");
    assertTrue(a.failures().stream().anyMatch(v -> v.rule().equals(Rules.BINDING_ANSWER)));
  }

  @Test
  void ungroundedOperandWarnsWithClarify() {
    SolutionAudit a = SolutionAudit.of(suite, "q", "Tom has 3 apples. How many after buying more?", "3 + 17 = <<3+17=20>>20\n#### 20");
    // the loop would end this in CLARIFY after a justification round, so check does not accept it
    assertFalse(a.accepted());
    assertEquals(Outcome.CLARIFY, a.outcome());
    Verdict w = a.warnings().stream().filter(v -> v.rule().equals(Rules.PROVENANCE_UNGROUNDED)).findFirst().orElseThrow();
    assertEquals(Outcome.CLARIFY, w.ending());
    assertTrue(w.message().contains("17"));
  }

  @Test
  void conflictingGivensEndInRefuseNamingBoth() {
    Query q = Query.of("q", "Tom has 5 apples. Later we learn Tom has 7 apples. How many apples after eating 2?");
    Proposal p = new Proposal(Proposal.Stance.REFUSE, List.of(
        new Step(0, "Tom has 5 apples", List.of(new Claim.Given("Tom's apples", "5", "Tom has 5 apples"))),
        new Step(1, "Tom has 7 apples", List.of(new Claim.Given("Tom's apples", "7", "Tom has 7 apples")))),
        "The question says both 5 and 7", "", "t", "");
    List<Verdict> vs = suite.check(q, p);
    assertEquals(Outcome.REFUSE, CheckSuite.judge(q, p, vs));
    Verdict conflict = vs.stream().filter(v -> v.rule().equals(Rules.CONSISTENCY_CONFLICT)).findFirst().orElseThrow();
    assertTrue(conflict.message().contains("Tom has 5 apples") && conflict.message().contains("Tom has 7 apples"));
  }

  @Test
  void inventedGivenAndUnsupportedRefusalFail() {
    Query q = Query.of("q", "Tom has 5 apples. How many after eating 2?");
    Proposal p = new Proposal(Proposal.Stance.REFUSE, List.of(
        new Step(0, "Tom has 9 apples", List.of(new Claim.Given("apples", "9", "Tom has 9 apples")))), "no", "", "t", "");
    List<Verdict> vs = suite.check(q, p);
    assertTrue(vs.stream().anyMatch(v -> v.rule().equals(Rules.CONSISTENCY_QUOTE) && v.rejects()));
    assertTrue(vs.stream().anyMatch(v -> v.rule().equals(Rules.ABSTENTION_UNSUPPORTED)));
  }

  @Test
  void correctorRepairsAWrongResultAndCarriesItForward() {
    Query q = Query.of("q", "Tom buys 3 bags of 4 apples and eats 2. How many are left?");
    Proposal p = StepParser.parse("3 * 4 = <<3*4=13>>13 apples\nThen 13 - 2 = <<13-2=11>>11 left\n#### 11", "t");
    List<Verdict> vs = suite.check(q, p);
    Correction c = new RepairingCorrector().correct(q, p, vs);
    assertNotNull(c.repaired());
    assertEquals("10", c.repaired().answer());
    assertEquals(new Claim.Arithmetic("12-2", "10"), c.repaired().steps().get(1).claims().get(0));
    assertEquals("Then 12 - 2 = <<12-2=10>>10 left", c.repaired().steps().get(1).text(), "the prose is repaired too");
    assertEquals(Outcome.VERIFIED, CheckSuite.judge(q, c.repaired(), suite.check(q, c.repaired())));
  }

  @Test
  void correctorSendsBackWhatItCannotRepair() {
    Query q = Query.of("q", "Tom has 3 apples and buys 4. How many?");
    Proposal p = StepParser.parse("3 + 4 = <<3+4=7>>7\n#### 9", "t");
    Correction c = new RepairingCorrector().correct(q, p, suite.check(q, p));
    assertNull(c.repaired());
    assertTrue(c.instruction().contains(Rules.BINDING_ANSWER), c.instruction());
  }
}
