package io.veritrace.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.actors.journal.FileTraceJournal;
import io.veritrace.core.Certificate;
import io.veritrace.core.Claim;
import io.veritrace.core.Correction;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Round;
import io.veritrace.core.Step;
import io.veritrace.core.Trace;
import io.veritrace.core.Verdict;
import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.reasoners.local.Llama;
import io.veritrace.reasoners.local.LocalModel;
import io.veritrace.reasoners.local.LocalReasoner;
import io.veritrace.reasoners.local.Sampling;
import io.veritrace.trainer.qlora.LoraAdapters;
import io.veritrace.trainer.qlora.PeftAdapter;
import io.veritrace.trainer.AdapterRegistry;
import io.veritrace.trainer.EvaluationGate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator on a real journal, a real ActorSystem (messages serialized) and a tiny random model. */
class TrainerCoordinatorTest {

  @TempDir Path tmp;
  private final ActorTestKit kit = ActorTestKit.create(TestNodes.config());

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  /** Tom's apples answered wrongly, corrected and verified: a failure trace in the words the tiny model knows. */
  private static Trace corrected(int i) {
    int has = 10 + i, gives = i % 5 + 1, left = has - gives;
    Query q = Query.of("q-" + i, "Tom has " + has + " apples . Tom gives away " + gives + " . how many left ?");
    Proposal bad = new Proposal(Proposal.Stance.ANSWER, List.of(
        new Step(0, has + " - " + gives + " = " + (left + 1), List.of(new Claim.Arithmetic(has + "-" + gives, String.valueOf(left + 1)))),
        new Step(1, "#### " + (left + 1), List.of(new Claim.FinalAnswer(String.valueOf(left + 1))))), String.valueOf(left + 1), "", "sim", "");
    Proposal good = bad.withSteps(List.of(
        new Step(0, has + " - " + gives + " = " + left, List.of(new Claim.Arithmetic(has + "-" + gives, String.valueOf(left)))),
        new Step(1, "#### " + left, List.of(new Claim.FinalAnswer(String.valueOf(left))))), String.valueOf(left));
    Verdict failure = Verdict.fail("arithmetic", "arithmetic.result", 0, "wrong", String.valueOf(left), String.valueOf(left));
    Verdict pass = Verdict.pass("arithmetic", "arithmetic.result", 0, "ok");
    return new Trace(q, List.of(new Round(1, bad, List.of(failure), new Correction(List.of(failure), good, "recomputed"), 1),
        new Round(2, good, List.of(pass), null, 1)), Outcome.VERIFIED, String.valueOf(left), Certificate.of(List.of(pass)), "verified", 0, 0);
  }

  /** Verified at the first try: nothing to learn, not counted. */
  private static Trace firstTime(int i) {
    Query q = Query.of("ok-" + i, "Tom has " + i + " apples . how many ?");
    Proposal p = new Proposal(Proposal.Stance.ANSWER, List.of(new Step(0, "#### " + i, List.of(new Claim.FinalAnswer(String.valueOf(i))))),
        String.valueOf(i), "", "sim", "");
    Verdict pass = Verdict.pass("arithmetic", "arithmetic.result", 0, "ok");
    return new Trace(q, List.of(new Round(1, p, List.of(pass), null, 1)), Outcome.VERIFIED, String.valueOf(i), Certificate.of(List.of(pass)),
        "verified", 0, 0);
  }

  private TrainerCoordinator.Settings settings(int threshold) throws Exception {
    return TinyTrainer.settings(tmp, threshold);
  }


  private TrainerCoordinator.Status status(ActorRef<TrainerCoordinator.Command> coordinator) {
    TestProbe<TrainerCoordinator.Status> probe = kit.createTestProbe();
    coordinator.tell(new TrainerCoordinator.GetStatus(probe.getRef()));
    return probe.receiveMessage();
  }

  private void awaitWorkers(ActorRef<TrainerCoordinator.Command> coordinator) {
    kit.createTestProbe().awaitAssert(Duration.ofSeconds(30), () -> {
      assertEquals(1, status(coordinator).cpuWorkers());
      return null;
    });
  }

  @Test
  void aRoundRunsOncePastTheThresholdAndItsTracesAreNotTrainedTwice() throws Exception {
    TrainerCoordinator.Settings settings = settings(6);
    try (FileTraceJournal journal = FileTraceJournal.open(tmp.resolve("journal"))) {
      for (int i = 0; i < 4; i++) journal.append(corrected(i)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      journal.append(firstTime(3)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      ActorRef<TrainerCoordinator.Command> coordinator = kit.spawn(TrainerCoordinator.create(journal, settings));
      TestProbe<TrainerCoordinator.RoundFinished> rounds = kit.createTestProbe();
      coordinator.tell(new TrainerCoordinator.Subscribe(rounds.getRef()));

      // below the threshold: counted, nothing trained, nothing registered
      coordinator.tell(new TrainerCoordinator.Tick());
      TrainerCoordinator.Status below = status(coordinator);
      assertEquals(4, below.pendingFailures());
      assertEquals(0, below.committed());
      assertEquals(journal.end(), below.scanned());
      assertFalse(below.training());
      rounds.expectNoMessage(Duration.ofMillis(200));
      assertFalse(Files.exists(settings.registry().resolve(AdapterRegistry.JOURNAL)));

      // past it: one round over everything read, its decision journalled, the offset committed
      for (int i = 4; i < 8; i++) journal.append(corrected(i)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      long end = journal.end();
      // with no trainer worker registered the round waits: nothing trained, nothing committed
      coordinator.tell(new TrainerCoordinator.Tick());
      TrainerCoordinator.Status waiting = status(coordinator);
      assertEquals(8, waiting.pendingFailures());
      assertFalse(waiting.training());
      assertEquals(0, journal.committed("trainer"));
      assertFalse(Files.exists(settings.registry().resolve(AdapterRegistry.JOURNAL)));
      // a worker registers: the next tick sends it the round
      ActorRef<TrainerWorker.Command> worker = kit.spawn(TrainerWorker.create(new TrainerWorker.Setup(journal, settings, false, Device.cpu())));
      awaitWorkers(coordinator);
      coordinator.tell(new TrainerCoordinator.Tick());
      TrainerCoordinator.RoundFinished round = rounds.receiveMessage(Duration.ofMinutes(5));
      assertEquals("", round.error());
      assertEquals("v1", round.version());
      assertEquals(0, round.from());
      assertEquals(end, round.to());
      assertEquals(8, round.failures());
      List<AdapterRegistry.Event> events = new AdapterRegistry(settings.registry()).events();
      assertEquals(1, events.size());
      assertEquals("v1", events.get(0).version());
      assertEquals(round.promoted() ? "promoted" : "rejected", events.get(0).kind());
      assertTrue(events.get(0).figures().heldOut() > 0, events.get(0).toString());
      assertEquals(end, journal.committed("trainer"));

      // the same traces do not start another round, here or in a restarted coordinator
      coordinator.tell(new TrainerCoordinator.Tick());
      TrainerCoordinator.Status after = status(coordinator);
      assertEquals(0, after.pendingFailures());
      assertEquals(1, after.rounds());
      assertEquals(end, after.committed());
      kit.stop(coordinator);
      ActorRef<TrainerCoordinator.Command> restarted = kit.spawn(TrainerCoordinator.create(journal, settings));
      awaitWorkers(restarted);
      restarted.tell(new TrainerCoordinator.Tick());
      TrainerCoordinator.Status again = status(restarted);
      assertEquals(end, again.committed());
      assertEquals(0, again.pendingFailures());
      assertFalse(again.training());
      assertEquals(1, new AdapterRegistry(settings.registry()).events().size());
      kit.stop(restarted);

      // a worker asked for a range already committed (a coordinator that moved mid-round) trains nothing
      TestProbe<TrainerCoordinator.RoundFinished> late = kit.createTestProbe();
      worker.tell(new TrainerWorker.Train(0, end, 8, late.getRef()));
      TrainerCoordinator.RoundFinished skipped = late.receiveMessage(Duration.ofSeconds(30));
      assertEquals("", skipped.version());
      assertEquals("", skipped.error());
      assertEquals(end, skipped.to());
      // the same range asked for twice while it trains is trained once, and both askers hear of it
      for (int i = 8; i < 14; i++) journal.append(corrected(i)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      long end2 = journal.end();
      TestProbe<TrainerCoordinator.RoundFinished> first = kit.createTestProbe();
      TestProbe<TrainerCoordinator.RoundFinished> second = kit.createTestProbe();
      worker.tell(new TrainerWorker.Train(end, end2, 6, first.getRef()));
      worker.tell(new TrainerWorker.Train(end, end2, 6, second.getRef()));
      TrainerCoordinator.RoundFinished once = first.receiveMessage(Duration.ofMinutes(5));
      assertEquals("", once.error());
      assertEquals("v2", once.version());
      assertEquals(once, second.receiveMessage(Duration.ofMinutes(5)));
      assertEquals(2, new AdapterRegistry(settings.registry()).events().size());
      assertEquals(end2, journal.committed("trainer"));
      assertEquals(TrainerWorker.source("trainer", end, end2), new AdapterRegistry(settings.registry()).events().get(1).source());
      // a round that registered its version and stopped before committing (a crash in between):
      // asked again, the worker commits that range and trains nothing
      for (int i = 14; i < 20; i++) journal.append(corrected(i)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      long end3 = journal.end();
      AdapterRegistry crashed = new AdapterRegistry(settings.registry());
      String registered = crashed.submit(crashed.folder("v2"), EvaluationGate.DEFAULT.decide("candidate", new EvaluationGate.Figures(1, 0, 100, 1, 0, 0)),
          TrainerWorker.source("trainer", end2, end3));
      TestProbe<TrainerCoordinator.RoundFinished> resumed = kit.createTestProbe();
      worker.tell(new TrainerWorker.Train(end2, journal.end(), 6, resumed.getRef()));
      TrainerCoordinator.RoundFinished recovered = resumed.receiveMessage(Duration.ofSeconds(30));
      assertEquals("", recovered.version());
      assertEquals("", recovered.error());
      assertTrue(recovered.reason().contains("trained as " + registered), recovered.reason());
      assertEquals(end3, journal.committed("trainer"));
      assertEquals(3, new AdapterRegistry(settings.registry()).events().size());

      // a follower swaps its reasoner to the registry's serving version, and back to none on a rollback
      AdapterRegistry registry = new AdapterRegistry(settings.registry());
      EvaluationGate gate = EvaluationGate.DEFAULT;
      // the random model's rejected v1, promoted on better figures as v2, stands in for a promotion
      String v2 = registry.submit(registry.folder("v1"), gate, gate.decide("candidate", new EvaluationGate.Figures(1, 0, 100, 1, 0, 0)));
      LoraAdapters layers = new LoraAdapters(PeftAdapter.read(registry.folder(v2)).config(), Llama.DENSE, 0);
      try (LocalReasoner reasoner = new LocalReasoner(LocalModel.load(settings.model(), Device.cpu(), DataType.FLOAT32, null, layers),
          Sampling.greedy(4))) {
        TestProbe<TrainerCoordinator.Command> trainer = kit.createTestProbe();
        kit.spawn(AdapterFollower.create(settings.registry(), Duration.ofMillis(100), reasoner, layers, trainer.getRef()));
        trainer.expectMessageClass(TrainerCoordinator.Subscribe.class);
        TestProbe<String> serving = kit.createTestProbe();
        serving.awaitAssert(Duration.ofSeconds(60), () -> {
          assertEquals(v2, reasoner.adapter());
          return null;
        });
        Proposal p = reasoner.propose(ReasonerRequest.first(Query.of("after", "Tom has 2 apples . how many ?")))
            .toCompletableFuture().get(2, TimeUnit.MINUTES);
        assertEquals(v2, p.adapter());
        assertTrue(layers.enabled());
        registry.rollBack("");
        serving.awaitAssert(Duration.ofSeconds(60), () -> {
          assertEquals("", reasoner.adapter());
          return null;
        });
        assertFalse(layers.enabled());
      }
    }
  }
}
