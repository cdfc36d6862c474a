package io.veritrace.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.veritrace.actors.CheckMeter;
import io.veritrace.actors.ClusterNodeConfig;
import io.veritrace.actors.LoopComponents;
import io.veritrace.actors.QueryResult;
import io.veritrace.actors.TinyTrainer;
import io.veritrace.actors.TrainerCluster;
import io.veritrace.actors.TrainerCoordinator;
import io.veritrace.actors.Veritrace;
import io.veritrace.actors.journal.FileTraceJournal;
import io.veritrace.actors.journal.TraceJournal;
import io.veritrace.core.LoopPolicy;
import io.veritrace.reasoners.simulated.Scenario;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.trainer.AdapterRegistry;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.RepairingCorrector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer cluster on 127.0.0.1 in one JVM, every message serialised (CBOR): a frontend that
 * answers and journals questions, and two trainer nodes, one of which says it has a GPU (the
 * {@code veritrace.trainer.gpu} override; this machine has none). The journal is one instance all
 * three share, as a Postgres journal is shared between processes.
 */
class TrainerClusterTest {

  @TempDir Path tmp;
  private final List<Veritrace> nodes = new ArrayList<>();

  private FileTraceJournal journal;

  @AfterEach
  void stop() throws Exception {
    for (int i = nodes.size() - 1; i >= 0; i--) nodes.get(i).close();
    if (journal != null) journal.close();
  }

  private Veritrace node(int port, int seed, List<String> roles, List<Scenario> tasks, TraceJournal journal, String extra) {
    Config overrides = ConfigFactory.parseString(extra).withFallback(ConfigFactory.parseString("""
        pekko.actor.serialize-messages = on
        pekko.actor.serialize-creators = off
        pekko.loglevel = WARNING
        pekko.remote.artery.canonical.port = %d
        veritrace.cluster.seed-nodes = "127.0.0.1:%d"
        pekko.cluster.failure-detector.acceptable-heartbeat-pause = 10s
        pekko.coordinated-shutdown.exit-jvm = off
        """.formatted(port, seed)));
    SimulatedReasoner reasoner = new SimulatedReasoner(tasks.stream().map(Scenario::task).toList(), SimulationProfile.traceable(), 7);
    LoopPolicy policy = new LoopPolicy(4, Duration.ofSeconds(30), Duration.ofSeconds(10), false, true);
    Veritrace v = Veritrace.start(new LoopComponents(reasoner, CheckSuite::standard, new RepairingCorrector(), policy, journal, 2),
        ClusterNodeConfig.of(overrides, roles), CheckMeter.NONE);
    nodes.add(v);
    return v;
  }



  private static TrainerCoordinator.Status status(Veritrace on, ActorRef<TrainerCoordinator.Command> coordinator) {
    TestProbe<TrainerCoordinator.Status> probe = TestProbe.create(on.system());
    coordinator.tell(new TrainerCoordinator.GetStatus(probe.getRef()));
    return probe.receiveMessage(Duration.ofSeconds(20));
  }

  /** Asks {@code scenarios} through the frontend; each answer is journalled before it returns. */
  private static int ask(Veritrace frontend, List<Scenario> scenarios) throws Exception {
    List<CompletableFuture<QueryResult>> futures = new ArrayList<>();
    for (Scenario s : scenarios) futures.add(frontend.askOnce(s.query()).toCompletableFuture());
    int failures = 0, corrected = 0;
    for (CompletableFuture<QueryResult> f : futures) {
      QueryResult r = f.get(120, TimeUnit.SECONDS);
      assertTrue(r.durable(), r.queryId() + " was not journalled");
      if (TrainerCoordinator.isFailure(r.trace())) failures++;
      if (r.outcome() == io.veritrace.core.Outcome.VERIFIED && TrainerCoordinator.isFailure(r.trace())) corrected++;
    }
    System.out.printf("%d questions: %d failure traces, %d of them corrected to VERIFIED (preference pairs)%n", futures.size(), failures, corrected);
    return failures;
  }

  private static String address(Veritrace node) {
    return node.system().address().toString();
  }

  @Test
  void theCoordinatorRunsOnTheTrainerNodePrefersTheGpuWorkerAndMovesWhenItsNodeCrashesTrainingNothingTwice() throws Exception {
    TrainerCoordinator.Settings settings = TinyTrainer.settings(tmp, 3);
    List<Scenario> scenarios = Scenario.generate(160, 11);
    journal = FileTraceJournal.open(tmp.resolve("journal"));
    {
      int f = ClusterNodes.freePort(), b = ClusterNodes.freePort(), c = ClusterNodes.freePort();
      Veritrace frontend = node(f, f, List.of("frontend", "verifier"), scenarios, journal, "");
      ClusterNodes.awaitUp(frontend, 1);
      // the first trainer node, without a GPU, is the oldest: the singleton starts there; its
      // system stops without leaving the cluster, as a crashed process does
      Veritrace cpuNode = node(b, f, List.of("trainer"), List.of(), null, "pekko.coordinated-shutdown.run-by-actor-system-terminate = off");
      ClusterNodes.awaitUp(frontend, 2);
      Veritrace gpuNode = node(c, f, List.of("trainer"), List.of(), null, "");
      ClusterNodes.awaitUp(frontend, 3);
      TrainerCluster onCpu = TrainerCluster.start(cpuNode.system(), journal, settings, false, Device.cpu());
      TrainerCluster onGpu = TrainerCluster.start(gpuNode.system(), journal, settings, true, Device.cpu());

      // one coordinator, on the oldest trainer node (not the frontend), seeing both workers
      TestProbe<Object> await = TestProbe.create(frontend.system());
      await.awaitAssert(Duration.ofSeconds(60), () -> {
        TrainerCoordinator.Status s = status(gpuNode, onGpu.coordinator());
        assertEquals(address(cpuNode), s.node());
        assertEquals(1, s.gpuWorkers());
        assertEquals(1, s.cpuWorkers());
        return null;
      });
      // (a probe lives in the system of the proxy it asks through: an ActorRef is serialised by its own system)
      TestProbe<TrainerCoordinator.RoundFinished> rounds = TestProbe.create(cpuNode.system());
      onCpu.coordinator().tell(new TrainerCoordinator.Subscribe(rounds.getRef()));

      // failures arrive in the journal through the frontend: one round, on the GPU node's worker
      int failures = ask(frontend, scenarios.subList(0, 80));
      assertTrue(failures >= settings.threshold(), "the simulated reasoner made too few mistakes to train on: " + failures);
      onGpu.coordinator().tell(new TrainerCoordinator.Tick());
      TrainerCoordinator.RoundFinished first = rounds.receiveMessage(Duration.ofMinutes(5));
      assertEquals("", first.error());
      assertEquals("v1", first.version());
      assertEquals(address(gpuNode), first.worker());
      assertTrue(first.gpu());
      assertEquals(0, first.from());
      long committed = journal.committed("trainer");
      assertEquals(first.to(), committed);
      AdapterRegistry registry = new AdapterRegistry(settings.registry());
      assertEquals(1, registry.events().size());

      // the coordinator's node crashes and is downed: the singleton starts on the other trainer
      // node from the committed offset, and the traces already trained on start no round
      var crashed = Cluster.get(cpuNode.system()).selfMember().address();
      cpuNode.system().terminate();
      cpuNode.system().getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      Cluster.get(frontend.system()).manager().tell(new Down(crashed));
      await.awaitAssert(Duration.ofSeconds(90), () -> {
        onGpu.coordinator().tell(new TrainerCoordinator.Tick());
        TrainerCoordinator.Status s = status(gpuNode, onGpu.coordinator());
        assertEquals(address(gpuNode), s.node());
        assertEquals(committed, s.committed());
        assertEquals(journal.end(), s.scanned());
        return null;
      });
      TrainerCoordinator.Status moved = status(gpuNode, onGpu.coordinator());
      assertEquals(0, moved.pendingFailures());
      assertFalse(moved.training());
      assertEquals(0, moved.rounds());
      assertEquals(0, moved.cpuWorkers());
      assertEquals(1, registry.events().size(), "the moved coordinator trained the same traces again: " + registry.events());

      // new failures: the next round starts where the first ended
      TestProbe<TrainerCoordinator.RoundFinished> later = TestProbe.create(gpuNode.system());
      onGpu.coordinator().tell(new TrainerCoordinator.Subscribe(later.getRef()));
      int more = ask(frontend, scenarios.subList(80, 160));
      assertTrue(more >= settings.threshold(), "too few new mistakes: " + more);
      onGpu.coordinator().tell(new TrainerCoordinator.Tick());
      TrainerCoordinator.RoundFinished second = later.receiveMessage(Duration.ofMinutes(5));
      assertEquals("", second.error());
      assertEquals("v2", second.version());
      assertEquals(committed, second.from());
      assertEquals(address(gpuNode), second.worker());
      assertEquals(2, registry.events().size());
      assertEquals(second.to(), journal.committed("trainer"));
    }
  }
}
