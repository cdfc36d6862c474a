package io.veritrace.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.LoopPolicy;
import io.veritrace.core.Outcome;
import io.veritrace.core.Query;
import io.veritrace.core.Verdict;
import io.veritrace.reasoners.simulated.RetrievalTask;
import io.veritrace.reasoners.simulated.RetrievalTasks;
import io.veritrace.reasoners.simulated.Scenario;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.RepairingCorrector;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Questions answered from sources, through the real loop. */
class RetrievalLoopTest {

  /** Invents or slips the first time, always fixes when told. */
  private static final SimulationProfile WRONG_THEN_FIXED = new SimulationProfile(
      java.util.Map.of(io.veritrace.reasoners.simulated.ErrorClass.MISCITED_SOURCE, 1.0, io.veritrace.reasoners.simulated.ErrorClass.OVERCONFIDENT, 1.0), 1);

  private static QueryResult run(RetrievalTask t, SimulationProfile profile) throws Exception {
    try (Veritrace v = Veritrace.start(new LoopComponents(new SimulatedReasoner(List.of(t), profile, 1), CheckSuite::standard,
        new RepairingCorrector(), LoopPolicy.DEFAULT, null, 2), TestNodes.config())) {
      Query q = new Query("rq", "rs", t.question(), List.of(), List.of(), t.sources(), Scenario.REFERENCE_DATE);
      return v.ask("rs", q).toCompletableFuture().join();
    }
  }

  @Test
  void anInventedSpecificIsSentBackAndTheCorrectedAnswerVerified() throws Exception {
    RetrievalTask t = RetrievalTasks.generate(12, 0, "contact");
    QueryResult r = run(t, WRONG_THEN_FIXED);
    assertEquals(Outcome.VERIFIED, r.outcome(), r.text());
    assertEquals(t.answer(), r.text());
    assertEquals(2, r.rounds());
    List<Verdict> first = r.trace().rounds().get(0).rejections();
    // a changed specific, the neighbouring sheet cited or an invented quote: each is a grounding finding
    assertTrue(first.stream().anyMatch(v -> v.rule().startsWith("grounding.")), first.toString());
  }

  @Test
  void whenTheSourcesDoNotSayTheAnswerIsAQuestionNeverAnInvention() throws Exception {
    RetrievalTask t = RetrievalTasks.generate(12, 1, "battery");
    QueryResult r = run(t, WRONG_THEN_FIXED);
    assertTrue(r.outcome() == Outcome.CLARIFY || r.outcome() == Outcome.REFUSE, r.outcome() + " " + r.text());
    assertTrue(r.trace().rounds().get(0).rejections().stream().anyMatch(v -> v.rule().startsWith("grounding.")),
        "the invented battery life was caught first");
    assertTrue(r.text().contains("battery life"), r.text());
  }
}
