package io.veritrace.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.veritrace.actors.CheckRouter;
import io.veritrace.actors.LoopComponents;
import io.veritrace.actors.NodeRoles;
import io.veritrace.actors.QueryResult;
import io.veritrace.actors.RoundChecker;
import io.veritrace.actors.Veritrace;
import io.veritrace.core.Grade;
import io.veritrace.core.LoopPolicy;
import io.veritrace.core.Outcome;
import io.veritrace.core.Query;
import io.veritrace.core.Round;
import io.veritrace.core.Verdict;
import io.veritrace.reasoners.simulated.Scenario;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.RepairingCorrector;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The verifier pool across Pekko Cluster nodes in one JVM on 127.0.0.1: a frontend with no
 * checks of its own routes every check to verifier nodes, with every message serialised.
 */
class VerifierPoolClusterTest {

  /** Mistakes the checkers can trace, so no wrong answer may be served either. */
  private static final SimulationProfile PROFILE = SimulationProfile.traceable();

  private final List<Veritrace> nodes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    released.countDown();
    for (int i = nodes.size() - 1; i >= 0; i--) nodes.get(i).close();
  }

  private final CountDownLatch released = new CountDownLatch(1);

  private Veritrace node(int port, int seed, String role, List<Scenario> tasks, long delayMillis, ClusterNodes.Counting meter) {
    return node(port, seed, role, tasks, delayMillis > 0 ? ClusterNodes.slowed(delayMillis) : CheckSuite::standard, meter);
  }

  private Veritrace node(int port, int seed, String role, List<Scenario> tasks, Supplier<CheckSuite> suites, ClusterNodes.Counting meter) {
    SimulatedReasoner reasoner = new SimulatedReasoner(tasks.stream().map(Scenario::task).toList(), PROFILE, 7);
    Veritrace v = ClusterNodes.start(port, seed, role, reasoner, suites, meter);
    nodes.add(v);
    return v;
  }

  private static List<CompletableFuture<QueryResult>> load(Veritrace frontend, List<Scenario> scenarios) {
    List<CompletableFuture<QueryResult>> futures = new ArrayList<>();
    for (Scenario s : scenarios) futures.add(frontend.askOnce(s.query()).toCompletableFuture());
    return futures;
  }

  /**
   * Every query answered, each with the outcome a single node with no cluster gives the same
   * question (checks are deterministic, so where they ran and how often must not matter), and
   * VERIFIED only where the last round's checks passed.
   */
  private static Map<String, Integer> judge(List<Scenario> scenarios, List<CompletableFuture<QueryResult>> futures) throws Exception {
    Map<String, Outcome> single = new TreeMap<>();
    SimulatedReasoner reasoner = new SimulatedReasoner(scenarios.stream().map(Scenario::task).toList(), PROFILE, 7);
    LoopPolicy policy = new LoopPolicy(4, Duration.ofSeconds(30), Duration.ofSeconds(10), false, true);
    try (Veritrace alone = Veritrace.start(new LoopComponents(reasoner, CheckSuite::standard, new RepairingCorrector(), policy, null, 2),
        ConfigFactory.parseString("pekko.actor.serialize-messages = on").withFallback(ConfigFactory.load()))) {
      for (Scenario s : scenarios) single.put(s.query().id(), alone.askOnce(s.query()).toCompletableFuture().get(60, TimeUnit.SECONDS).outcome());
    }
    Map<String, Integer> judged = new TreeMap<>();
    for (int i = 0; i < scenarios.size(); i++) {
      QueryResult r = futures.get(i).get(60, TimeUnit.SECONDS);
      Query q = scenarios.get(i).query();
      assertEquals(single.get(q.id()), r.outcome(), q.id() + ": " + r.text());
      judged.merge(scenarios.get(i).judge(r.outcome(), r.text()).name(), 1, Integer::sum);
      if (r.outcome() == Outcome.VERIFIED) {
        Round last = r.trace().rounds().get(r.trace().rounds().size() - 1);
        assertTrue(last.verdicts().stream().noneMatch(Verdict::rejects), "VERIFIED with a rejecting verdict: " + last.verdicts());
        assertTrue(last.verdicts().stream().anyMatch(v -> v.grade() == Grade.PASS), "VERIFIED with no passing check");
      }
    }
    System.out.println("cluster outcomes, as on a single node: " + judged);
    assertEquals(null, judged.get("WRONG_ANSWER_SERVED"), "a wrong answer was served: " + judged);
    assertEquals(null, judged.get("UNANSWERABLE_ANSWERED"), "an unanswerable question was answered: " + judged);
    return judged;
  }

  private static void awaitAnswered(List<CompletableFuture<QueryResult>> futures, int n) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (futures.stream().filter(CompletableFuture::isDone).count() < n) {
      if (System.nanoTime() > until) throw new AssertionError("fewer than " + n + " queries answered in 60 s");
      Thread.sleep(10);
    }
  }

  @Test
  void checksAreRoutedToBothVerifierNodes() throws Exception {
    List<Scenario> scenarios = Scenario.generate(200, 11);
    int seed = ClusterNodes.freePort();
    ClusterNodes.Counting front = new ClusterNodes.Counting();
    ClusterNodes.Counting a = new ClusterNodes.Counting();
    ClusterNodes.Counting b = new ClusterNodes.Counting();
    Veritrace frontend = node(seed, seed, NodeRoles.FRONTEND, scenarios, 0, front);
    node(ClusterNodes.freePort(), seed, NodeRoles.VERIFIER, scenarios, 2, a);
    node(ClusterNodes.freePort(), seed, NodeRoles.VERIFIER, scenarios, 2, b);
    ClusterNodes.awaitUp(frontend, 3);
    judge(scenarios, load(frontend, scenarios));
    // the frontend has no checks of its own: every verdict came from a verifier node
    assertTrue(a.served.get() > 0 && b.served.get() > 0, "served: " + a.served + " and " + b.served);
    // one check a round (its step checks and verifiers together), and every query has a round
    assertTrue(a.served.get() + b.served.get() >= scenarios.size(), "at least one check a query: " + (a.served.get() + b.served.get()));
    assertEquals(2, front.outstanding.size(), "the frontend routed to two nodes: " + front.outstanding.keySet());
  }

  record NotMarked(String text) implements Serializable {}

  @Test
  void protocolMessagesAreCborAndOthersFailLoudly() throws Exception {
    int seed = ClusterNodes.freePort();
    Veritrace v = node(seed, seed, NodeRoles.VERIFIER, Scenario.generate(1, 1), 0, new ClusterNodes.Counting());
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(v.system()));
    Scenario s = Scenario.generate(1, 1).get(0);
    Query q = s.query();
    var proposal = io.veritrace.verifiers.steps.StepParser.parse("3 + 4 = 7\n#### 7", "test");
    var ref = v.system().<RoundChecker.Checked>ignoreRef();
    var verdicts = List.of(Verdict.pass("arithmetic", "arithmetic.result", 0, "3 + 4 = 7"));
    List<Object> messages = List.of(
        new RoundChecker.Check(1, q, proposal, ref),
        new RoundChecker.Checked(1, verdicts));
    for (Object m : messages) {
      var serializer = serialization.findSerializerFor(m);
      assertEquals("JacksonCborSerializer", serializer.getClass().getSimpleName(), m.getClass().getSimpleName());
      byte[] bytes = serialization.serialize(m).get();
      Object back = serialization.deserialize(bytes, serializer.identifier(),
          ((org.apache.pekko.serialization.SerializerWithStringManifest) serializer).manifest(m)).get();
      assertEquals(m, back);
    }
    // a message with no CBOR binding is refused, even one Java serialisation could write
    var failed = serialization.serialize(new NotMarked("x"));
    assertTrue(failed.isFailure(), "a non-CBOR message was serialised");
    assertTrue(failed.failed().get().getMessage().contains("Java serialization"), failed.failed().get().getMessage());
  }

  @Test
  void aNodeJoiningUnderLoadTakesWork() throws Exception {
    List<Scenario> scenarios = Scenario.generate(300, 12);
    int seed = ClusterNodes.freePort();
    ClusterNodes.Counting late = new ClusterNodes.Counting();
    Veritrace frontend = node(seed, seed, NodeRoles.FRONTEND, scenarios, 0, new ClusterNodes.Counting());
    node(ClusterNodes.freePort(), seed, NodeRoles.VERIFIER, scenarios, 25, new ClusterNodes.Counting());
    ClusterNodes.awaitUp(frontend, 2);
    List<CompletableFuture<QueryResult>> futures = load(frontend, scenarios);
    awaitAnswered(futures, 20);
    node(ClusterNodes.freePort(), seed, NodeRoles.VERIFIER, scenarios, 25, late);
    judge(scenarios, futures);
    assertTrue(late.served.get() > 0, "the node that joined under load served no check");
  }

  @Test
  void aNodeDownedMidLoadLosesNoQuery() throws Exception {
    List<Scenario> scenarios = Scenario.generate(300, 13);
    int seed = ClusterNodes.freePort();
    ClusterNodes.Counting front = new ClusterNodes.Counting();
    Veritrace frontend = node(seed, seed, NodeRoles.FRONTEND, scenarios, 0, front);
    node(ClusterNodes.freePort(), seed, NodeRoles.VERIFIER, scenarios, 25, new ClusterNodes.Counting());
    // the doomed node hangs on every check it takes, so it holds checks when it is downed
    ClusterNodes.Counting doomedMeter = new ClusterNodes.Counting();
    Veritrace doomed = node(ClusterNodes.freePort(), seed, NodeRoles.VERIFIER, scenarios, ClusterNodes.hung(released), doomedMeter);
    ClusterNodes.awaitUp(frontend, 3);
    // a conversation that started before the loss goes on after it
    Scenario first = scenarios.get(0);
    QueryResult before = frontend.ask("conversation", first.query()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    List<CompletableFuture<QueryResult>> futures = load(frontend, scenarios.subList(1, scenarios.size()));
    awaitAnswered(futures, 40);
    assertTrue(doomedMeter.served.get() > 0, "the doomed node took no check");
    Cluster.get(frontend.system()).manager().tell(new Down(Cluster.get(doomed.system()).selfMember().address()));
    judge(scenarios.subList(1, scenarios.size()), futures);
    // the checks the hung node held are sent elsewhere once the Receptionist drops the removed node
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (front.retried.get() == 0 && System.nanoTime() < until) Thread.sleep(50);
    assertTrue(front.retried.get() > 0, "no check the hung node held was sent to another node");
    Query later = new Query("after-the-loss", "conversation", scenarios.get(1).query().question(), List.of(), List.of(),
        scenarios.get(1).query().sources(), scenarios.get(1).query().referenceDate());
    QueryResult after = frontend.ask("conversation", later).toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertNotNull(before.outcome());
    assertFalse(after.text().contains("failed inside the runtime"), after.text());
    assertEquals(2, after.trace().query().history().size(), "the session kept its earlier turn");
  }

  @Test
  void withNoVerifierLeftQueriesAreRefusedWithTheReason() throws Exception {
    List<Scenario> scenarios = Scenario.generate(5, 14);
    int seed = ClusterNodes.freePort();
    Veritrace frontend = node(seed, seed, NodeRoles.FRONTEND, scenarios, 0, new ClusterNodes.Counting());
    ClusterNodes.awaitUp(frontend, 1);
    for (CompletableFuture<QueryResult> f : load(frontend, scenarios)) {
      QueryResult r = f.get(30, TimeUnit.SECONDS);
      assertEquals(Outcome.REFUSE, r.outcome());
      assertTrue(r.text().contains("No verifier node is reachable"), r.text());
      assertEquals("ending:" + CheckRouter.UNAVAILABLE, r.trace().stopReason());
    }
  }
}
