package io.veritrace.reasoners.simulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.Rules;
import io.veritrace.verifiers.logic.LogicChecker;
import io.veritrace.verifiers.logic.LogicProblem;
import io.veritrace.verifiers.logic.LogicResult;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogicStoriesTest {

  private static Proposal first(SimulatedReasoner r, Query q) {
    return r.propose(new ReasonerRequest(q, 1, null, null)).toCompletableFuture().join();
  }

  @Test
  void everyStoryHasTheLabelZ3Decides() {
    LogicChecker checker = new LogicChecker();
    for (int i = 0; i < 200; i++) {
      String label = LogicStories.LABELS.get(i % 4);
      LogicStory s = LogicStories.generate(5, i, label);
      assertEquals(s, LogicStories.generate(5, i, label), "same seed, same story");
      LogicResult r = checker.check(LogicProblem.of(s.formulas(), s.sentences(), s.conclusion()));
      assertEquals(label, r.label(), s.question() + "\n" + r.reason());
      assertTrue(r.repairs().isEmpty(), r.repairs().toString());
    }
  }

  @Test
  void faithfulTranslationsEndAsTheTruthSaysWithAQuestionOrTheConflict() {
    CheckSuite suite = CheckSuite.standard();
    for (int i = 0; i < 80; i++) {
      LogicStory s = LogicStories.generate(9, i, LogicStories.LABELS.get(i % 4));
      Query q = Query.of("l" + i, s.question());
      Proposal p = first(new SimulatedReasoner(List.of(s), SimulationProfile.faithful(), 9), q);
      List<Verdict> verdicts = suite.check(q, p);
      assertEquals(s.expected(), CheckSuite.judge(q, p, verdicts), s.question() + "\n" + verdicts);
      if (s.label().equals("Uncertain")) {
        Verdict ending = verdicts.stream().filter(v -> v.ending() == Outcome.CLARIFY).findFirst().orElseThrow();
        assertEquals("It depends on whether " + s.deciding() + " — which is it?", ending.message());
      }
      if (s.label().equals("Inconsistent")) {
        Verdict ending = verdicts.stream().filter(v -> v.ending() == Outcome.REFUSE).findFirst().orElseThrow();
        assertTrue(ending.message().contains(" is not "), ending.message());
      }
    }
  }

  @Test
  void injectedMistakesAreEachCaughtByARule() {
    SimulationProfile sloppy = new SimulationProfile(Map.of(ErrorClass.BROKEN_TRANSLATION, 1.0, ErrorClass.OVERCONFIDENT, 1.0), 0);
    CheckSuite suite = CheckSuite.standard();
    Map<String, Integer> rules = new HashMap<>();
    Map<Outcome, Integer> caught = new EnumMap<>(Outcome.class);
    for (int i = 0; i < 120; i++) {
      LogicStory s = LogicStories.generate(11, i, LogicStories.LABELS.get(i % 4));
      Query q = Query.of("m" + i, s.question());
      SimulatedReasoner reasoner = new SimulatedReasoner(List.of(s), sloppy, 11);
      Proposal p = first(reasoner, q);
      // a dropped condition agrees with its own answer: no rule can object (see the uncatchable-class tests)
      if (reasoner.mistakeOf(q).orElseThrow().form().equals("condition dropped")) continue;
      List<Verdict> rejections = suite.check(q, p).stream().filter(Verdict::rejects).filter(v -> v.ending() == null).toList();
      assertEquals(1, rejections.size(), s.question() + "\n" + p.text() + "\n" + rejections);
      rules.merge(rejections.get(0).rule(), 1, Integer::sum);
      caught.merge(s.expected(), 1, Integer::sum);
    }
    assertTrue(rules.getOrDefault(Rules.LOGIC_LABEL, 0) > 40, rules.toString());
    assertTrue(rules.getOrDefault(Rules.LOGIC_REPAIR, 0) > 10, rules.toString());
    assertEquals(3, caught.size(), "mistakes in settled, open and contradictory stories: " + caught);
  }
}
