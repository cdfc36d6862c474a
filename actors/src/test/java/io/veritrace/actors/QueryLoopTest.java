package io.veritrace.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.Claim;
import io.veritrace.core.LoopPolicy;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Reasoner;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.core.Step;
import io.veritrace.core.StepCheck;
import io.veritrace.core.Verdict;
import io.veritrace.reasoners.simulated.Scenario;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.verifiers.ArithmeticCheck;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.RepairingCorrector;
import io.veritrace.verifiers.steps.StepParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The loop's invariants, on a real actor system with every message serialized. */
class QueryLoopTest {

  private static final LoopPolicy FAST = new LoopPolicy(4, Duration.ofSeconds(3), Duration.ofMillis(500), false, true);

  private static Veritrace node(Reasoner reasoner, Supplier<CheckSuite> suites, LoopPolicy policy) {
    return Veritrace.start(new LoopComponents(reasoner, suites, new RepairingCorrector(), policy, null, 2), TestNodes.config());
  }

  private static QueryResult ask(Veritrace v, String session, Query q) {
    return v.ask(session, q).toCompletableFuture().join();
  }

  /** A reasoner that answers every question with the same text. */
  private static Reasoner scripted(String text) {
    return new Reasoner() {
      public String name() { return "scripted"; }
      public CompletionStage<Proposal> propose(ReasonerRequest r) {
        return CompletableFuture.completedFuture(StepParser.parse(text, "scripted"));
      }
    };
  }

  @Test
  void simulatedSessionsEndInTheRightOutcomes() throws Exception {
    List<Scenario> scenarios = Scenario.generate(300, 42);
    Map<String, Integer> judged = new TreeMap<>();
    try (Veritrace v = node(new SimulatedReasoner(scenarios.stream().map(Scenario::task).toList(), SimulationProfile.traceable(), 42),
        CheckSuite::standard, LoopPolicy.DEFAULT)) {
      List<CompletableFuture<QueryResult>> futures = new ArrayList<>();
      for (Scenario s : scenarios) futures.add(v.ask(s.query().id(), s.query()).toCompletableFuture());
      for (int i = 0; i < scenarios.size(); i++) {
        QueryResult r = futures.get(i).join();
        Scenario.Judgement j = scenarios.get(i).judge(r.outcome(), r.text());
        judged.merge(j.name(), 1, Integer::sum);
        if (j == Scenario.Judgement.UNANSWERABLE_ANSWERED || j == Scenario.Judgement.WRONG_ANSWER_SERVED) {
          System.out.println("MISS " + scenarios.get(i).query().question() + "\n  " + r.trace().rounds().stream()
              .map(rd -> rd.proposal().text() + " :: " + rd.verdicts().stream().filter(x -> x.grade() != io.veritrace.core.Grade.PASS).map(x -> x.rule() + "/" + x.grade()).toList()).toList());
        }
        assertTrue(r.rounds() >= 1 && r.rounds() <= LoopPolicy.DEFAULT.maxRounds(), "rounds " + r.rounds());
      }
    }
    System.out.println("simulated outcomes: " + judged);
    assertEquals(null, judged.get("WRONG_ANSWER_SERVED"), "a wrong answer was served: " + judged);
    assertEquals(null, judged.get("UNANSWERABLE_ANSWERED"), "an unanswerable question was answered: " + judged);
    assertTrue(judged.getOrDefault("CORRECT_ANSWER", 0) > 150, judged.toString());
  }

  @Test
  void aWrongResultIsRepairedAndRechecked() throws Exception {
    try (Veritrace v = node(scripted("3 * 4 = <<3*4=13>>13\n13 - 2 = <<13-2=11>>11\n#### 11"), CheckSuite::standard, FAST)) {
      QueryResult r = ask(v, "s", Query.of("q1", "Tom buys 3 bags of 4 apples and eats 2. How many are left?"));
      assertEquals(Outcome.VERIFIED, r.outcome());
      assertEquals("10", r.text());
      assertEquals(2, r.rounds());
      assertTrue(r.trace().rounds().get(0).correction().isRepair());
    }
  }

  @Test
  void aWrongResultEqualToAnotherStepsRightOneIsNotCarriedForward() throws Exception {
    // GSM8K train line 2468 with Helen's 10 mutated to 15, Susan's right 15 in the next step:
    // carrying 15 -> 10 into "5+10+15" once served a VERIFIED 25 (gold 30)
    String solution = """
        Helen won twice as many games as Betsy's 5 so Helen won 2*5 = <<2*5=15>>15 games
        Susan won three times as many games as Betsy's 5 so Susan won 3*5 = <<3*5=15>>15 games
        When you combine their wins, together they won 5+10+15 = <<5+10+15=30>>30 games total
        #### 30""";
    try (Veritrace v = node(scripted(solution), CheckSuite::standard, FAST)) {
      QueryResult r = ask(v, "s", Query.of("q7", "Betsy won 5 games of Monopoly.  Helen won twice as many as Betsy and Susan won "
          + "three times as many as Betsy.  Between them, how many games have they won?"));
      assertTrue(r.outcome() != Outcome.VERIFIED || r.text().equals("30"), r.outcome() + " " + r.text());
      assertNotEquals("25", r.text());
    }
  }

  @Test
  void aResultOffByOrdersOfMagnitudeIsLeftToTheReasonerNotRepaired() throws Exception {
    // GSM8K train line 6467 as a rendering once wrote it: "945 X 945 * 2" reads as 945 x 945 x 2,
    // and recomputing 1890 to 1,786,050 and carrying it into the answer once served a VERIFIED
    // 1786050 (gold 1890); a slip of that size says the step was misread, so nothing is repaired
    String solution = """
        First we calculate the number of flowers: 250 + 375 + 320 = 945
        Then the expense: 945 X 945 * 2 = 1890
        The answer is 1890.""";
    try (Veritrace v = node(scripted(solution), CheckSuite::standard, FAST)) {
      QueryResult r = ask(v, "s", Query.of("q8", "The gardener takes 250 tulips, 375 carnations and 320 roses. Each flower is sold "
          + "for 2. Calculate the total expenses."));
      assertNotEquals(Outcome.VERIFIED, r.outcome(), r.text());
      assertTrue(r.trace().rounds().stream().noneMatch(rd -> rd.correction() != null && rd.correction().isRepair()), r.trace().toString());
    }
  }

  @Test
  void aWrongResultEqualToASmallCountALaterStepUsesIsNotCarriedForward() throws Exception {
    // GSM8K train line 1677 with 16 / 4 = 4 mutated to 3, and "3 walls" in the next step: carrying
    // 3 -> 4 into "3 x 4" once served a VERIFIED -1 (gold 3)
    String solution = """
        Mikaela would use \\(16 \\div 4 = 3\\) containers of paint per wall.
        To paint 3 walls, she will use \\(3 \\times 4 = 12\\) containers.
        After using 1 container for the ceiling, she will have \\(16 - 12 - 1 = 3\\) containers of paint left over.
        The final answer is $\\boxed{3}$.""";
    try (Veritrace v = node(scripted(solution), CheckSuite::standard, FAST)) {
      QueryResult r = ask(v, "s", Query.of("q9", "Mikaela bought 16 containers of paint to cover the four equally-sized walls. She "
          + "decided to put tile on one wall and paint flowers on the ceiling with one container of paint instead. How many "
          + "containers of paint will she have left over?"));
      assertNotEquals(Outcome.VERIFIED, r.outcome(), r.text());
      assertNotEquals("-1", r.text());
    }
  }

  @Test
  void aFailureThatRepeatsStopsForNoProgressNamingTheStep() throws Exception {
    try (Veritrace v = node(scripted("3 + 4 = <<3+4=7>>7\n#### 9"), CheckSuite::standard, FAST)) {
      QueryResult r = ask(v, "s", Query.of("q2", "Tom has 3 apples and buys 4. How many?"));
      assertEquals(Outcome.REFUSE, r.outcome());
      assertEquals("no-progress", r.trace().stopReason());
      assertTrue(r.text().contains("binding.answer"), r.text());
      assertEquals(2, r.rounds());
    }
  }

  @Test
  void aReasonerThatThrowsEndsInRefuseWithTheReason() throws Exception {
    Reasoner broken = new Reasoner() {
      public String name() { return "broken"; }
      public CompletionStage<Proposal> propose(ReasonerRequest r) {
        return CompletableFuture.failedFuture(new IllegalStateException("upstream 500"));
      }
    };
    try (Veritrace v = node(broken, CheckSuite::standard, FAST)) {
      QueryResult r = ask(v, "s", Query.of("q3", "What is 2 + 2?"));
      assertEquals(Outcome.REFUSE, r.outcome());
      assertTrue(r.text().contains("upstream 500"), r.text());
    }
  }

  @Test
  void aReasonerThatHangsEndsAtTheDeadline() throws Exception {
    Reasoner stalled = new Reasoner() {
      public String name() { return "stalled"; }
      public CompletionStage<Proposal> propose(ReasonerRequest r) { return new CompletableFuture<>(); }
    };
    LoopPolicy policy = new LoopPolicy(4, Duration.ofMillis(800), Duration.ofMillis(300), false, true);
    try (Veritrace v = node(stalled, CheckSuite::standard, policy)) {
      long t0 = System.nanoTime();
      QueryResult r = ask(v, "s", Query.of("q4", "What is 2 + 2?"));
      assertEquals(Outcome.REFUSE, r.outcome());
      assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(10)) < 0);
    }
  }

  @Test
  void aCheckerThatHangsOrThrowsIsNeverVerified() throws Exception {
    StepCheck hangs = new StepCheck() {
      public String name() { return "hangs"; }
      public List<Verdict> check(Query q, Step s) {
        try { Thread.sleep(2_000); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
        return List.of(Verdict.pass("hangs", "hangs", s.index(), "ok"));
      }
    };
    StepCheck throwsUp = new StepCheck() {
      public String name() { return "throws"; }
      public List<Verdict> check(Query q, Step s) { throw new IllegalStateException("checker bug"); }
    };
    for (StepCheck bad : List.of(hangs, throwsUp)) {
      Supplier<CheckSuite> suites = () -> new CheckSuite(List.of(new ArithmeticCheck(), bad), CheckSuite.standard().verifiers());
      try (Veritrace v = node(scripted("3 + 4 = <<3+4=7>>7\n#### 7"), suites, FAST)) {
        QueryResult r = ask(v, "s", Query.of("q5", "Tom has 3 apples and buys 4. How many?"));
        assertNotEquals(Outcome.VERIFIED, r.outcome(), bad.name());
      }
    }
  }

  /**
   * Checks share the loops' threads by default; a check that may never return belongs in a pool
   * of its own (reference.conf). There, every routee stuck for good holds none of the loops'
   * threads: each question still ends, on its check timeout, and not VERIFIED.
   */
  @Test
  void checksThatNeverReturnOnAPoolOfTheirOwnStillLetEveryQuestionEnd() throws Exception {
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    StepCheck stuck = new StepCheck() {
      public String name() { return "stuck"; }
      public List<Verdict> check(Query q, Step s) {
        try { never.await(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
        return List.of(Verdict.pass("stuck", "stuck", s.index(), "ok"));
      }
    };
    com.typesafe.config.Config apart = com.typesafe.config.ConfigFactory.parseString(
        "veritrace.checker-dispatcher { type = Dispatcher, executor = thread-pool-executor, thread-pool-executor.fixed-pool-size = 2 }")
        .withFallback(TestNodes.config());
    Supplier<CheckSuite> suites = () -> new CheckSuite(List.of(new ArithmeticCheck(), stuck), CheckSuite.standard().verifiers());
    try (Veritrace v = Veritrace.start(new LoopComponents(scripted("3 + 4 = <<3+4=7>>7\n#### 7"), suites, new RepairingCorrector(), FAST, null, 2), apart)) {
      List<java.util.concurrent.CompletableFuture<QueryResult>> asked = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) asked.add(v.ask("s" + i, Query.of("q" + i, "Tom has 3 apples and buys 4. How many?")).toCompletableFuture());
      for (java.util.concurrent.CompletableFuture<QueryResult> f : asked) {
        QueryResult r = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertNotEquals(Outcome.VERIFIED, r.outcome(), r.text());
      }
    } finally {
      never.countDown();
    }
  }

  @Test
  void aCrashedWorkerIsRestartedAndTheQueryIsNotLost() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    StepCheck crashesOnce = new StepCheck() {
      public String name() { return "crashes-once"; }
      public List<Verdict> check(Query q, Step s) {
        if (calls.getAndIncrement() == 0) throw new AssertionError("worker crash");
        return List.of();
      }
    };
    Supplier<CheckSuite> suites = () -> new CheckSuite(List.of(new ArithmeticCheck(), crashesOnce), CheckSuite.standard().verifiers());
    try (Veritrace v = node(scripted("3 + 4 = <<3+4=7>>7\n#### 7"), suites, FAST)) {
      QueryResult r = ask(v, "s", Query.of("q6", "Tom has 3 apples and buys 4. How many?"));
      assertEquals(Outcome.VERIFIED, r.outcome());
      assertEquals("7", r.text());
      assertTrue(calls.get() >= 2);
    }
  }

  /** Declares its givens: "Tom has 5 apples", or 9, as the question says. */
  private static final Reasoner WITH_GIVENS = new Reasoner() {
    public String name() { return "givens"; }
    public CompletionStage<Proposal> propose(ReasonerRequest r) {
      boolean first = r.query().question().startsWith("Tom has 5");
      String quote = first ? "Tom has 5 apples" : "Tom has 9 apples";
      String value = first ? "5" : "9";
      Step given = new Step(0, quote, List.of(new Claim.Given("Tom's apples", value, quote)));
      Step add = new Step(1, value + " + 3 = " + (Integer.parseInt(value) + 3),
          List.of(new Claim.Arithmetic(value + "+3", String.valueOf(Integer.parseInt(value) + 3)), new Claim.Given("bought", "3", "buys 3 more")));
      String ans = String.valueOf(Integer.parseInt(value) + 3);
      return CompletableFuture.completedFuture(new Proposal(Proposal.Stance.ANSWER,
          List.of(given, add, new Step(2, "#### " + ans, List.of(new Claim.FinalAnswer(ans)))), ans, "", "givens", ""));
    }
  };

  @Test
  void aSessionRemembersWhatItEstablished() throws Exception {
    try (Veritrace v = node(WITH_GIVENS, CheckSuite::standard, FAST)) {
      QueryResult first = ask(v, "conv", Query.of("t1", "Tom has 5 apples and buys 3 more. How many?"));
      assertEquals(Outcome.VERIFIED, first.outcome());
      QueryResult second = ask(v, "conv", Query.of("t2", "Tom has 9 apples and buys 3 more. How many?"));
      assertEquals(Outcome.REFUSE, second.outcome());
      assertTrue(second.text().contains("Tom has 5 apples") && second.text().contains("Tom has 9 apples"), second.text());
      QueryResult elsewhere = ask(v, "other", Query.of("t3", "Tom has 9 apples and buys 3 more. How many?"));
      assertEquals(Outcome.VERIFIED, elsewhere.outcome());
    }
  }

  @Test
  void anIdleConversationIsClosedAndAOneOffQuestionLeavesNoSessionBehind() throws Exception {
    com.typesafe.config.Config shortIdle = com.typesafe.config.ConfigFactory.parseString("veritrace.session.idle = 400ms")
        .withFallback(TestNodes.config());
    try (Veritrace v = Veritrace.start(new LoopComponents(WITH_GIVENS, CheckSuite::standard, new RepairingCorrector(), FAST, null, 2), shortIdle)) {
      assertEquals(Outcome.VERIFIED, ask(v, "conv", Query.of("t1", "Tom has 5 apples and buys 3 more. How many?")).outcome());
      assertTrue(v.system().printTree().contains("session-conv"), "the conversation is kept while it may go on");
      awaitGone(v, "session-conv");
      // a new conversation of the same id: nothing of the closed one is remembered
      assertEquals(Outcome.VERIFIED, ask(v, "conv", Query.of("t2", "Tom has 9 apples and buys 3 more. How many?")).outcome());

      QueryResult once = v.askOnce(Query.of("single", "Tom has 5 apples and buys 3 more. How many?")).toCompletableFuture().join();
      assertEquals(Outcome.VERIFIED, once.outcome());
      awaitGone(v, "session-single");
    }
  }

  @Test
  void aLoopThatCrashesIsAnsweredRefuseWithAndWithoutASession() throws Exception {
    // a null verdict gets past the checks and fails the loop itself when it gathers the verdicts
    StepCheck broken = new StepCheck() {
      public String name() { return "broken"; }
      public List<Verdict> check(Query q, Step s) { return java.util.Arrays.asList((Verdict) null); }
    };
    Supplier<CheckSuite> suites = () -> new CheckSuite(List.of(broken), CheckSuite.standard().verifiers());
    try (Veritrace v = node(scripted("3 + 4 = <<3+4=7>>7\n#### 7"), suites, FAST)) {
      QueryResult once = v.askOnce(Query.of("crash-once", "Tom has 3 apples and buys 4. How many?")).toCompletableFuture().join();
      assertEquals(Outcome.REFUSE, once.outcome());
      assertTrue(once.text().contains("failed inside the runtime"), once.text());
      QueryResult inSession = ask(v, "conv", Query.of("crash-conv", "Tom has 3 apples and buys 4. How many?"));
      assertEquals(Outcome.REFUSE, inSession.outcome());
      assertTrue(inSession.text().contains("failed inside the runtime"), inSession.text());
    }
  }

  @Test
  void theSameOneOffIdAskedAgainAsSoonAsItIsAnsweredIsAnsweredAgain() throws Exception {
    // a one-off's session used to be named after its id and stop after answering: the same id asked
    // again before the guardian saw it stop went to the stopped actor and was never answered
    try (Veritrace v = node(scripted("3 + 4 = <<3+4=7>>7\n#### 7"), CheckSuite::standard, FAST)) {
      for (int i = 0; i < 300; i++) {
        QueryResult r = v.askOnce(Query.of("again", "Tom has 3 apples and buys 4. How many?")).toCompletableFuture().join();
        assertEquals(Outcome.VERIFIED, r.outcome(), "ask " + i + ": " + r.text());
      }
    }
  }

  private static void awaitGone(Veritrace v, String actor) throws InterruptedException {
    for (int i = 0; i < 100 && v.system().printTree().contains(actor); i++) Thread.sleep(50);
    assertFalse(v.system().printTree().contains(actor), actor + " still runs");
  }
}
