package io.veritrace.verifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.Certificate;
import io.veritrace.core.Claim;
import io.veritrace.core.Grade;
import io.veritrace.core.LoopPolicy;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.steps.StepParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic and format examples of issue 11, each in the outcome it should have: wrong
 * answers that were VERIFIED, right ones that were refused, and what nobody checked.
 */
class IssueElevenExamplesTest {

  private final CheckSuite suite = CheckSuite.standard();

  private SolutionAudit audit(String question, String solution) {
    return SolutionAudit.of(suite, "q", question, solution);
  }

  private void rejected(String question, String solution, String rule) {
    SolutionAudit a = audit(question, solution);
    assertNotEquals(Outcome.VERIFIED, a.outcome(), solution + "\n" + a.verdicts());
    assertTrue(a.verdicts().stream().anyMatch(v -> v.rule().equals(rule) && v.grade() != Grade.PASS),
        "expected " + rule + " for\n" + solution + "\n" + a.verdicts());
  }

  private void verified(String question, String solution) {
    SolutionAudit a = audit(question, solution);
    assertEquals(Outcome.VERIFIED, a.outcome(), solution + "\n" + a.verdicts());
  }

  @Test
  void currencyOperandsAndSentenceFinalResultsAreRead() {
    String q = "The costs were $204, $160 and $330. What was the total?";
    rejected(q, "The total was $204 + $160 + $330 = 696.\nThe answer is 696.", Rules.ARITHMETIC_RESULT);
    verified(q, "The total was $204 + $160 + $330 = 694.\nThe answer is 694.");
    rejected("Tom has 48 apples and halves them.", "He keeps 48 / 2 = 25.\n#### 25", Rules.ARITHMETIC_RESULT);
    verified("He buys 3 shirts at $68 each. What does he pay?", "He pays 3 x $68 = $204.\n#### 204");
  }

  @Test
  void latexAsChatModelsWriteIt() {
    String q = "Ann has 24 stickers and gets 40 more. How many does she have?";
    rejected(q, "She has \\(24+40 = 66\\) stickers.\n$\\boxed{66}$", Rules.ARITHMETIC_RESULT);
    verified(q, "She has \\(24+40 = 64\\) stickers.\n$\\boxed{64}$");
    verified(q, "\\[ 24 + 40 = 64 \\]\nThe answer is $\\boxed{64}$.");
    verified("A box holds 6 rows of 8 eggs, shared by 4 people. How many each?",
        "$$6 \\times 8 = 48$$\n$48 \\div 4 = 12$\n**Answer: 12**");
    verified("Half of 30 cookies are eaten, then 3 more. How many were eaten?",
        "\\(\\frac{30}{2} + 3 = 18\\)\nFinal answer: 18");
    rejected("Half of 30 cookies are eaten, then 3 more. How many were eaten?",
        "\\(\\dfrac{30}{2} \\cdot 2 = 31\\)\nFinal answer: 31", Rules.ARITHMETIC_RESULT);
    verified("A plot is 1,200 square feet and sells for $3 a square foot, and the fee is 100 dollars. What is the price?",
        "$1{,}200 \\times 3 + 100 = 3{,}700$\n\\boxed{3700}");
  }

  @Test
  void markdownAnswersBindAndWrongOnesDoNot() {
    String q = "Sam has 5 boxes of 3 pens and gives away 3 pens. How many pens?";
    verified(q, "1. Sam has 5 * 3 = 15 pens.\n2. He keeps 15 - 3 = 12 pens.\n\n**Answer: 12**");
    verified(q, "1. Sam has 5 * 3 = 15 pens.\n2. He keeps 15 - 3 = 12 pens.\n\n**12 pens**");
    rejected(q, "1. Sam has 5 * 3 = 15 pens.\n2. He keeps 15 - 3 = 12 pens.\n\n**Answer: 13**", Rules.BINDING_ANSWER);
  }

  @Test
  void wordsAroundEquationsAreRead() {
    verified("She has 3 bags of 4 apples and eats 2. How many are left?",
        "She has 3*4 = 12 apples. After eating 2 she has 12 - 2 = 10. The answer is 10.");
  }

  @Test
  void aRestatedAnswerBindsNothing() {
    rejected("Tom has 7 apples. How many apples does Tom have?", "Tom has 7 apples.\n#### 7", Rules.BINDING_ANSWER);
    rejected("What is 17 * 23?", "400\n#### 400", Rules.BINDING_ANSWER);
    rejected("What is 17 * 23?", "391\n#### 391", Rules.BINDING_ANSWER);
    verified("What is 17 * 23?", "17 * 23 = 391\n#### 391");
  }

  @Test
  void answersThatNameNoSingleNumberDoNotBind() {
    String q = "Tom has 3 apples and buys 4. How many?";
    rejected(q, "3 + 4 = 7\n#### 7 or 8", Rules.BINDING_ANSWER);
    rejected(q, "3 + 4 = 7\n#### 7 thousand", Rules.BINDING_ANSWER);
  }

  @Test
  void roundingAndPercentFallbacksNeedTheTextToSaySo() {
    // an integer within 1 of a fractional intermediate is not its rounding unless a step says it rounds
    rejected("17 apples are shared by 3 children. How many each?", "17 / 3 = 5.67\n#### 6", Rules.BINDING_ANSWER);
    verified("17 apples are shared by 3 children. How many whole apples does each get?", "17 / 3 = 5.67, so each gets 5 whole apples: 17 / 3 = 5 whole apples\n#### 5");
    rejected("A shirt costs $50 and is 20% off. What is the discount?", "20% * 50 = 1000\n#### 1000", Rules.ARITHMETIC_RESULT);
    verified("A shirt costs $50 and is 20% off. What is the discount?", "20% * 50 = 10\n#### 10");
    verified("Out of 40 students, 30 passed. What percent passed?", "30 / 40 * 100% = 75\n#### 75");
  }

  @Test
  void whatTheReaderCannotParseIsReportedNeverSkipped() {
    String q = "Tom has 3 apples and gets 4 more. How many?";
    rejected(q, "3 − 4 = −7\n#### -7", Rules.ARITHMETIC_RESULT);
    rejected(q, "3 + 4 == 8\n#### 8", Rules.ARITHMETIC_RESULT);
    rejected(q, "3 + 4 => 8\n#### 8", Rules.ARITHMETIC_RESULT);
    rejected(q, "3 + 4 ≈ 8\n#### 8", Rules.ARITHMETIC_RESULT);
    rejected(q, "3 + 4 is 8\n#### 8", Rules.ARITHMETIC_UNREAD);
    rejected(q, "3 + 4 equals 8\n#### 8", Rules.ARITHMETIC_UNREAD);
    rejected(q, "3 + 4 = eight\n#### 8", Rules.ARITHMETIC_UNREAD);
    rejected(q, "1e10000 + 1 = 2\n#### 2", Rules.ARITHMETIC_BOUNDS);
    rejected(q, "٣ + ٤ = ٨\n#### 8", Rules.ARITHMETIC_RESULT);
    verified(q, "٣ + ٤ = ٧\n#### 7");
    rejected(q, "3 + \\mathbb{4} = 7\n#### 7", Rules.ARITHMETIC_UNREAD);
  }

  @Test
  void everyLinkOfAChainIsChecked() {
    String q = "Tom has 3 apples and gets 4 more, then eats 1. How many?";
    rejected(q, "3 + 4 = 9 - 1 = 8\n#### 8", Rules.ARITHMETIC_RESULT);
    verified(q, "3 + 4 = 7 = 8 - 1\n7 - 1 = 6\n#### 6");
  }

  @Test
  void structuredTracesCannotSwitchChecksOff() {
    Query q = Query.of("q", "What is 17 * 23?");
    // "claims": [] declares nothing, so the text is read and its wrong equation fails
    Proposal empty = StepParser.parse("{\"steps\":[{\"text\":\"17 * 23 = 400\",\"claims\":[]}],\"answer\":\"400\"}", "t");
    assertFalse(CheckSuite.judge(q, empty, suite.check(q, empty)) == Outcome.VERIFIED);
    // a logic claim does not switch binding off for a numeric answer
    Proposal logic = StepParser.parse("{\"steps\":[{\"text\":\"x\",\"claims\":[{\"type\":\"logic\",\"premises\":[\"P(a)\"],\"conclusion\":\"P(a)\",\"label\":\"True\"}]}],\"answer\":\"400\"}", "t");
    List<Verdict> lv = suite.check(q, logic);
    assertTrue(lv.stream().anyMatch(v -> v.rule().equals(Rules.BINDING_ANSWER) && v.rejects()), lv.toString());
    // a given equal to the answer does not bind it
    Proposal given = StepParser.parse("{\"steps\":[{\"text\":\"17\",\"claims\":[{\"type\":\"given\",\"quantity\":\"a\",\"value\":\"17\",\"quote\":\"17\"}]}],\"answer\":\"17\"}", "t");
    assertNotEquals(Outcome.VERIFIED, CheckSuite.judge(q, given, suite.check(q, given)));
    // an answer claim that disagrees with the answer fails
    Proposal disagree = StepParser.parse("{\"steps\":[{\"text\":\"17 * 23 = 391\"},{\"text\":\"so\",\"claims\":[{\"type\":\"answer\",\"value\":\"392\"}]}],\"answer\":\"391\"}", "t");
    List<Verdict> dv = suite.check(q, disagree);
    assertTrue(dv.stream().anyMatch(v -> v.rule().equals(Rules.BINDING_ANSWER) && v.rejects()), dv.toString());
  }

  @Test
  void crOnlyLineEndingsSplitSteps() {
    Proposal p = StepParser.parse("3 + 4 = 7\r7 * 2 = 14\r#### 14", "t");
    assertEquals(3, p.steps().size());
    assertEquals("14", p.answer());
  }

  @Test
  void onePassNeverStandsForTheRest() {
    Query q = Query.of("q", "Tom has 3 apples and gets 4 more. How many?");
    // an unread construct beside a passing equation keeps the answer from VERIFIED
    Proposal p = new Proposal(Proposal.Stance.ANSWER, List.of(
        new Step(0, "3 + 4 = 7", List.of(new Claim.Arithmetic("3 + 4", "7"))),
        new Step(1, "x", List.of(new Claim.Unread("7 \\oplus 1 = 8", "unknown command"))),
        new Step(2, "#### 7", List.of(new Claim.FinalAnswer("7")))), "7", "", "t", "");
    Judgement j = Judgement.of(LoopPolicy.DEFAULT, q, p, suite.check(q, p));
    assertNotEquals(Outcome.VERIFIED, j.outcome());
    assertTrue(j.text().contains("oplus"), j.text());
    // and the certificate of a verified answer names what covered each claim
    Proposal ok = StepParser.parse("3 + 4 = 7\n#### 7", "t");
    Judgement v = Judgement.of(LoopPolicy.DEFAULT, q, ok, suite.check(q, ok));
    assertEquals(Outcome.VERIFIED, v.outcome());
    assertTrue(v.certificate().entries().stream().map(Certificate.Entry::covers).anyMatch(c -> c.contains(Verdict.claimKey(0, 0))));
    assertTrue(v.certificate().entries().stream().map(Certificate.Entry::covers).anyMatch(c -> c.contains(Verdict.claimKey(1, 0))));
    assertEquals(v.coverage().required().keySet(), v.coverage().coveredBy().keySet());
  }

  @Test
  void checkAcceptsExactlyWhatTheLoopWouldVerify() {
    // a warning that the loop would end in CLARIFY is not accepted by check
    SolutionAudit a = audit("Tom has 3 apples. How many after buying more?", "3 + 17 = 20\n#### 20");
    assertEquals(Outcome.CLARIFY, a.outcome());
    assertFalse(a.accepted());
  }

  @Test
  void hugeFlatSumsAndDeepPowersAreBoundedWithoutStackOverflow() {
    String sum = "1" + " + 1".repeat(399) + " = 400";
    verified("Add 1 four hundred times.", sum + "\n#### 400");
    String wrongSum = "1" + "+1".repeat(399) + " = 401";
    rejected("Add 1 four hundred times.", wrongSum + "\n#### 401", Rules.ARITHMETIC_RESULT);
    String tower = "1" + "^1".repeat(900) + " = 1";
    rejected("What is 1?", tower + "\n#### 1", Rules.ARITHMETIC_BOUNDS);
    String nested = "(".repeat(900) + "1 + 1" + ")".repeat(900) + " = 2";
    rejected("What is 2?", nested + "\n#### 2", Rules.ARITHMETIC_BOUNDS);
  }
}
