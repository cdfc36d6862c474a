package io.veritrace.reasoners.simulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.Claim;
import io.veritrace.core.Correction;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.arithmetic.Expression;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedReasonerTest {

  private static Proposal first(SimulatedReasoner r, Scenario s) {
    return r.propose(ReasonerRequest.first(s.query())).toCompletableFuture().join();
  }

  @Test
  void sameSeedSameProblemsAndProposals() {
    List<Scenario> a = Scenario.generate(200, 7);
    List<Scenario> b = Scenario.generate(200, 7);
    assertEquals(a, b);
    assertNotEquals(a, Scenario.generate(200, 8));
    SimulatedReasoner r1 = new SimulatedReasoner(a.stream().map(Scenario::task).toList(), SimulationProfile.DEFAULT, 7);
    SimulatedReasoner r2 = new SimulatedReasoner(b.stream().map(Scenario::task).toList(), SimulationProfile.DEFAULT, 7);
    // asked in reverse order: the proposals must not depend on call order
    for (int i = a.size() - 1; i >= 0; i--) assertEquals(first(r1, a.get(i)), first(r2, b.get(i)));
  }

  @Test
  void faithfulDerivationsAreRightAndPassTheRealCheckers() {
    List<Scenario> scenarios = Scenario.generate(500, 3);
    SimulatedReasoner r = new SimulatedReasoner(scenarios.stream().map(Scenario::task).toList(), SimulationProfile.faithful(), 3);
    CheckSuite suite = CheckSuite.standard();
    for (Scenario s : scenarios) {
      Proposal p = first(r, s);
      Outcome judged = CheckSuite.judge(s.query(), p, suite.check(s.query(), p));
      WordProblem problem = (WordProblem) s.task();
      if (problem.variant() == Variant.ANSWERABLE) {
        for (var step : p.steps()) for (Claim c : step.claims()) {
          if (c instanceof Claim.Arithmetic a) assertEquals(new BigInteger(a.result()), Expression.evaluate(a.expression()).numerator());
        }
        assertEquals(problem.answer().toString(), p.answer());
        assertEquals(Outcome.VERIFIED, judged, s.query().question());
      } else {
        assertEquals(problem.variant().expected(), p.stance() == Proposal.Stance.CLARIFY ? Outcome.CLARIFY : Outcome.REFUSE);
        assertEquals(problem.variant().expected(), judged);
      }
    }
  }

  @Test
  void variantsCarryTheirTruth() {
    for (int i = 0; i < 200; i++) {
      WordProblem missing = WordProblems.generate(5, i, Variant.MISSING_QUANTITY);
      assertTrue(missing.question().matches(".*\\b(some|several|a few)\\b.*"), missing.question());
      assertTrue(!missing.missing().isEmpty());
      WordProblem contra = WordProblems.generate(5, i, Variant.CONTRADICTORY);
      assertEquals(2, contra.conflict().size());
      assertTrue(contra.question().contains(contra.conflict().get(0)) && contra.question().contains(contra.conflict().get(1)));
    }
  }

  private static List<Scenario> answerable(int n, long seed) {
    return Scenario.generate(n, seed).stream().filter(s -> s.task().expected() == Outcome.VERIFIED).toList();
  }

  private static SimulatedReasoner reasoner(List<Scenario> scenarios, SimulationProfile profile, long seed) {
    return new SimulatedReasoner(scenarios.stream().map(Scenario::task).toList(), profile, seed);
  }

  @Test
  void injectedErrorRatesFollowTheProfile() {
    List<Scenario> scenarios = answerable(4000, 11);
    SimulatedReasoner r = reasoner(scenarios, SimulationProfile.DEFAULT, 11);
    Map<ErrorClass, Integer> drawn = new EnumMap<>(ErrorClass.class);
    for (Scenario s : scenarios) r.mistakeOf(s.query()).ifPresent(m -> drawn.merge(m.kind(), 1, Integer::sum));
    for (ErrorClass k : List.of(ErrorClass.ARITHMETIC_SLIP, ErrorClass.UNBOUND_ANSWER, ErrorClass.WRONG_SETUP, ErrorClass.MISPLACED_NUMBER)) {
      double rate = (double) drawn.getOrDefault(k, 0) / scenarios.size();
      // a class is skipped where no step of the problem admits it without a visible trace (an
      // inexact division), so its realised rate may fall somewhat below the profile's
      assertTrue(rate <= SimulationProfile.DEFAULT.rate(k) + 0.015 && rate >= SimulationProfile.DEFAULT.rate(k) * 0.6,
          k + " drawn at " + rate + ": " + drawn);
    }
    // a slip is caught by arithmetic in every case
    CheckSuite suite = CheckSuite.standard();
    SimulatedReasoner slips = reasoner(scenarios, SimulationProfile.only(ErrorClass.ARITHMETIC_SLIP, 1, 1), 11);
    for (Scenario s : scenarios.subList(0, 300)) {
      assertTrue(suite.check(s.query(), first(slips, s)).stream().anyMatch(v -> v.rejects() && v.rule().startsWith("arithmetic.")));
    }
  }

  @Test
  void mistakesWithoutASurfaceTraceGiveWrongAnswersNoCheckerRejects() {
    List<Scenario> scenarios = answerable(600, 19);
    CheckSuite suite = CheckSuite.standard();
    for (ErrorClass k : List.of(ErrorClass.WRONG_SETUP, ErrorClass.MISPLACED_NUMBER, ErrorClass.PLAUSIBLE_CONSTANT, ErrorClass.DROPPED_CONDITION)) {
      SimulatedReasoner r = reasoner(scenarios, SimulationProfile.only(k, 1, 1), 19);
      Map<Outcome, Integer> judged = new EnumMap<>(Outcome.class);
      int made = 0;
      for (Scenario s : scenarios) {
        if (r.mistakeOf(s.query()).isEmpty()) continue;
        made++;
        Proposal p = first(r, s);
        assertNotEquals(((WordProblem) s.task()).answer().toString(), p.answer(), "the mistake changes the answer");
        List<Verdict> verdicts = suite.check(s.query(), p);
        assertTrue(verdicts.stream().noneMatch(Verdict::rejects), k + ": " + p.text() + "\n" + verdicts);
        judged.merge(CheckSuite.judge(s.query(), p, verdicts), 1, Integer::sum);
      }
      assertTrue(made > scenarios.size() / 2, k + " made in " + made + " of " + scenarios.size());
      System.out.println(k + " first proposals judged by the checkers: " + judged);
      if (k == ErrorClass.WRONG_SETUP || k == ErrorClass.MISPLACED_NUMBER) {
        assertEquals(Map.of(Outcome.VERIFIED, made), judged, k + ": the checkers cannot see it");
      }
    }
  }

  @Test
  void aRevisionFixesWhatTheFindingsNameAndNothingElse() {
    List<Scenario> scenarios = answerable(300, 13);
    SimulatedReasoner careful = reasoner(scenarios, SimulationProfile.faithful(), 13);
    SimulatedReasoner r = reasoner(scenarios, SimulationProfile.only(ErrorClass.ARITHMETIC_SLIP, 1, 1), 13);
    for (Scenario s : scenarios) {
      Proposal wrong = first(r, s);
      int at = r.mistakeOf(s.query()).orElseThrow().step();
      Correction onIt = new Correction(List.of(Verdict.fail("arithmetic", "arithmetic.result", at, "wrong", "1", "1")), null, "fix step " + at);
      Correction elsewhere = new Correction(List.of(Verdict.fail("arithmetic", "arithmetic.result", at + 1, "wrong", "1", "1")), null, "fix");
      assertEquals(first(careful, s), r.propose(new ReasonerRequest(s.query(), 2, wrong, onIt)).toCompletableFuture().join());
      assertEquals(wrong, r.propose(new ReasonerRequest(s.query(), 2, wrong, elsewhere)).toCompletableFuture().join(),
          "a finding about another step leaves the slip");
    }
  }

  @Test
  void aNamedMistakeIsFixedAtTheFixRateAndOtherwiseRepeated() {
    List<Scenario> scenarios = answerable(2000, 23);
    SimulatedReasoner careful = reasoner(scenarios, SimulationProfile.faithful(), 23);
    SimulatedReasoner r = reasoner(scenarios, SimulationProfile.only(ErrorClass.UNBOUND_ANSWER, 1, 0.7), 23);
    int fixed = 0;
    for (Scenario s : scenarios) {
      Proposal wrong = first(r, s);
      int at = r.mistakeOf(s.query()).orElseThrow().step();
      Correction c = new Correction(List.of(Verdict.fail("binding", "binding.answer", at, "unbound", "", "")), null, "bind it");
      Proposal revised = r.propose(new ReasonerRequest(s.query(), 2, wrong, c)).toCompletableFuture().join();
      if (revised.equals(first(careful, s))) fixed++;
      else assertEquals(wrong, revised);
    }
    double rate = (double) fixed / scenarios.size();
    assertTrue(Math.abs(rate - 0.7) < 0.04, "fixed " + rate);
  }
}
