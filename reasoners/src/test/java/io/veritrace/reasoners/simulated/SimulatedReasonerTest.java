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
import java.util.List;
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

  @Test
  void injectedErrorRatesFollowTheProfile() {
    List<Scenario> scenarios = Scenario.generate(3000, 11).stream().filter(s -> s.task().expected() == Outcome.VERIFIED).toList();
    SimulationProfile profile = new SimulationProfile(0.2, 0, 0, 0, 1);
    SimulatedReasoner r = new SimulatedReasoner(scenarios.stream().map(Scenario::task).toList(), profile, 11);
    CheckSuite suite = CheckSuite.standard();
    long slips = scenarios.stream().filter(s -> suite.check(s.query(), first(r, s)).stream()
        .anyMatch(v -> v.rejects() && v.rule().startsWith("arithmetic."))).count();
    double rate = (double) slips / scenarios.size();
    assertTrue(Math.abs(rate - 0.2) < 0.03, "slip rate " + rate);
  }

  @Test
  void revisionFixesWithTheConfiguredProbability() {
    List<Scenario> scenarios = Scenario.generate(300, 13).stream().filter(s -> s.task().expected() == Outcome.VERIFIED).toList();
    Correction findings = new Correction(List.of(Verdict.fail("arithmetic", "arithmetic.result", 1, "wrong", "1", "1")), null, "fix step 1");
    SimulatedReasoner careful = new SimulatedReasoner(scenarios.stream().map(Scenario::task).toList(), SimulationProfile.faithful(), 13);
    for (double p : new double[] {0, 1}) {
      SimulatedReasoner r = new SimulatedReasoner(scenarios.stream().map(Scenario::task).toList(), new SimulationProfile(1, 0, 0, 0, p), 13);
      long fixed = scenarios.stream().filter(s -> {
        Proposal revised = r.propose(new ReasonerRequest(s.query(), 2, null, findings)).toCompletableFuture().join();
        return revised.equals(first(careful, s));
      }).count();
      assertEquals(p == 1 ? scenarios.size() : 0, fixed, "fix probability " + p);
    }
  }
}
