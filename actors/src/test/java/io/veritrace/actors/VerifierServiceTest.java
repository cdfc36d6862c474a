package io.veritrace.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
import io.veritrace.core.StepCheck;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.ArithmeticCheck;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.steps.StepParser;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A verifier node's service on a real actor system, every message serialized. */
class VerifierServiceTest {

  private final ActorTestKit kit = ActorTestKit.create(TestNodes.config());

  @AfterEach
  void stop() {
    kit.shutdownTestKit();
  }

  /** Counts what the service reports; in flight is what it holds. */
  private static final class Counts implements CheckMeter {
    final AtomicInteger served = new AtomicInteger();
    final AtomicInteger answered = new AtomicInteger();
    final AtomicInteger abandoned = new AtomicInteger();

    public void served() { served.incrementAndGet(); }
    public void answered(long nanos) { answered.incrementAndGet(); }
    public void abandoned() { abandoned.incrementAndGet(); }

    int inFlight() { return served.get() - answered.get() - abandoned.get(); }
  }

  @Test
  void aCheckWhoseRouteeCrashesIsGivenUpAfterTheHoldLimitNotHeldForEver() throws Exception {
    // an Error escapes the suite's own catch: the routee crashes mid-check and is restarted
    StepCheck crashesOnQuestion = new StepCheck() {
      public String name() { return "crashes"; }
      public List<Verdict> check(Query q, Step s) {
        if (q.question().contains("crash")) throw new AssertionError("routee crash");
        return List.of();
      }
    };
    CheckSuite suite = new CheckSuite(List.of(new ArithmeticCheck(), crashesOnQuestion), List.of());
    ActorRef<RoundChecker.Command> checker = kit.spawn(
        Behaviors.supervise(RoundChecker.create(suite)).onFailure(SupervisorStrategy.restart()), "checker");
    Counts counts = new Counts();
    ActorRef<VerifierService.Command> service = kit.spawn(
        VerifierService.create(checker, counts, Duration.ofMillis(300)), "verifier-service");
    TestProbe<RoundChecker.Checked> replies = kit.createTestProbe();
    Proposal p = StepParser.parse("3 + 4 = <<3+4=7>>7\n#### 7", "test");

    service.tell(new RoundChecker.Check(1, Query.of("q1", "crash: Tom has 3 apples and buys 4."), p, replies.getRef()));
    service.tell(new RoundChecker.Check(2, Query.of("q2", "Tom has 3 apples and buys 4."), p, replies.getRef()));
    // the restarted routee still serves: the second check is answered under its own number
    assertEquals(2, replies.receiveMessage(Duration.ofSeconds(10)).seq());

    // the crashed one is never answered, and after the hold limit it is no longer held
    for (int i = 0; i < 200 && counts.abandoned.get() == 0; i++) Thread.sleep(50);
    replies.expectNoMessage(Duration.ofMillis(200));
    assertEquals(2, counts.served.get());
    assertEquals(1, counts.answered.get());
    assertEquals(1, counts.abandoned.get());
    assertEquals(0, counts.inFlight());
  }
}
