package io.veritrace.reasoners.simulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.CheckSuite;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RetrievalTasksTest {

  private static Query query(RetrievalTask t, int i) {
    return new Query("r" + i, "r" + i, t.question(), List.of(), List.of(), t.sources(), Scenario.REFERENCE_DATE);
  }

  private static Proposal first(RetrievalTask t, Query q, SimulationProfile profile) {
    return new SimulatedReasoner(List.of(t), profile, 5).propose(ReasonerRequest.first(q)).toCompletableFuture().join();
  }

  @Test
  void faithfulAnswersVerifyAndMissingFactsAreAskedFor() {
    CheckSuite suite = CheckSuite.standard();
    for (int i = 0; i < 100; i++) {
      RetrievalTask t = RetrievalTasks.generate(3, i, RetrievalTasks.ASKED.get(i % RetrievalTasks.ASKED.size()));
      assertEquals(t, RetrievalTasks.generate(3, i, RetrievalTasks.ASKED.get(i % RetrievalTasks.ASKED.size())), "seeded");
      Query q = query(t, i);
      Proposal p = first(t, q, SimulationProfile.faithful());
      List<Verdict> verdicts = suite.check(q, p);
      assertEquals(t.expected(), CheckSuite.judge(q, p, verdicts), t.question() + " -> " + p.answer() + "\n" + verdicts);
      if (t.answered()) assertTrue(t.sources().stream().anyMatch(s -> s.text().contains(t.value())), "the value is in a source");
    }
  }

  @Test
  void everyInjectedMistakeIsRejectedByAGroundingRule() {
    CheckSuite suite = CheckSuite.standard();
    Map<String, Integer> rules = new TreeMap<>();
    // a changed specific, the neighbouring document cited or a quote the source lacks; an
    // invention where the sources are silent
    SimulationProfile profile = new SimulationProfile(Map.of(ErrorClass.MISCITED_SOURCE, 1.0, ErrorClass.OVERCONFIDENT, 1.0), 0);
    {
      for (int i = 0; i < 180; i++) {
        RetrievalTask t = RetrievalTasks.generate(8, i, RetrievalTasks.ASKED.get(i % RetrievalTasks.ASKED.size()));
        Query q = query(t, i);
        Proposal p = first(t, q, profile);
        List<Verdict> rejections = suite.check(q, p).stream().filter(Verdict::rejects).toList();
        assertTrue(!rejections.isEmpty(), "not caught: " + p.answer() + "\n  sources: " + t.sources());
        rejections.forEach(v -> rules.merge(v.rule(), 1, Integer::sum));
        assertTrue(CheckSuite.judge(q, p, suite.check(q, p)) != Outcome.VERIFIED, "never served as verified");
      }
    }
    System.out.println("retrieval mistakes caught by: " + rules);
    assertTrue(rules.containsKey("grounding.citation") && rules.containsKey("grounding.quote"), rules.toString());
  }
}
