package io.veritrace.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.LoopPolicy;
import io.veritrace.core.Outcome;
import io.veritrace.core.Query;
import io.veritrace.core.Verdict;
import io.veritrace.reasoners.simulated.LogicStories;
import io.veritrace.reasoners.simulated.LogicStory;
import io.veritrace.reasoners.simulated.Scenario;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.RepairingCorrector;
import io.veritrace.verifiers.Rules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Simulated logic sessions through the real loop, Z3 deciding every translation. */
class LogicLoopTest {

  /** Always wrong the first time (dropped premise / overconfident), always fixed when told. */
  private static final SimulationProfile WRONG_THEN_FIXED = new SimulationProfile(
      java.util.Map.of(io.veritrace.reasoners.simulated.ErrorClass.BROKEN_TRANSLATION, 1.0, io.veritrace.reasoners.simulated.ErrorClass.OVERCONFIDENT, 1.0), 1);

  private static QueryResult run(LogicStory story, SimulationProfile profile) throws Exception {
    try (Veritrace v = Veritrace.start(
        new LoopComponents(new SimulatedReasoner(List.of(story), profile, 3), CheckSuite::standard, new RepairingCorrector(),
            LoopPolicy.DEFAULT, null, 2), TestNodes.config())) {
      return v.ask("logic", Query.of("q-" + story.label(), story.question())).toCompletableFuture().join();
    }
  }

  private static List<Verdict> firstRoundFailures(QueryResult r) {
    return r.trace().rounds().get(0).verdicts().stream().filter(Verdict::rejects).toList();
  }

  @Test
  void aDroppedPremiseIsSentBackAndTheFixedTranslationIsVerified() throws Exception {
    LogicStory story = LogicStories.generate(21, 0, "True");
    QueryResult r = run(story, WRONG_THEN_FIXED);
    assertEquals(Outcome.VERIFIED, r.outcome(), r.text());
    assertEquals("True", r.text());
    assertEquals(2, r.rounds());
    Verdict failure = firstRoundFailures(r).get(0);
    assertEquals(Rules.LOGIC_LABEL, failure.rule());
    assertTrue(failure.message().contains("no premise translates"), failure.message());
    assertTrue(r.certificate().entries().stream().anyMatch(e -> e.rule().equals(Rules.LOGIC_ENTAILED)),
        r.certificate().toString());
  }

  @Test
  void anUndeterminedStatementEndsInAClarifyingQuestion() throws Exception {
    LogicStory story = LogicStories.generate(21, 1, "Uncertain");
    QueryResult r = run(story, SimulationProfile.faithful());
    assertEquals(Outcome.CLARIFY, r.outcome());
    assertEquals("It depends on whether " + story.deciding() + " — which is it?", r.text());
  }

  @Test
  void contradictoryPremisesEndInARefusalNamingThemAfterTheOverconfidentAnswerIsSentBack() throws Exception {
    LogicStory story = LogicStories.generate(21, 2, "Inconsistent");
    QueryResult r = run(story, WRONG_THEN_FIXED);
    assertEquals(Outcome.REFUSE, r.outcome());
    assertEquals(Rules.LOGIC_LABEL, firstRoundFailures(r).get(0).rule());
    assertTrue(r.text().startsWith("The premises cannot all be true") && r.text().contains(" is not "), r.text());
  }

  @Test
  void manyLogicSessionsServeNoWrongAnswer() throws Exception {
    List<Scenario> scenarios = Scenario.mixed(160, 17, 1.0);
    Map<String, Integer> judged = new TreeMap<>();
    try (Veritrace v = Veritrace.start(new LoopComponents(
        new SimulatedReasoner(scenarios.stream().map(Scenario::task).toList(), SimulationProfile.traceable(), 17),
        CheckSuite::standard, new RepairingCorrector(), LoopPolicy.DEFAULT, null, 2), TestNodes.config())) {
      List<CompletableFuture<QueryResult>> futures = new ArrayList<>();
      for (Scenario s : scenarios) futures.add(v.ask(s.query().id(), s.query()).toCompletableFuture());
      for (int i = 0; i < scenarios.size(); i++) {
        QueryResult r = futures.get(i).join();
        judged.merge(scenarios.get(i).judge(r.outcome(), r.text()).name(), 1, Integer::sum);
      }
    }
    System.out.println("simulated logic outcomes: " + judged);
    assertEquals(null, judged.get("WRONG_ANSWER_SERVED"), judged.toString());
    assertEquals(null, judged.get("UNANSWERABLE_ANSWERED"), judged.toString());
    assertTrue(judged.getOrDefault("CORRECT_ANSWER", 0) > 50, judged.toString());
  }
}
