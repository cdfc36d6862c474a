package io.veritrace.actors;

import io.veritrace.core.CborSerializable;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.CheckSuite;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Runs the step checks of a suite over every step of a proposal. */
public final class StepChecker {

  public sealed interface Command extends CheckRequest {}

  public record CheckSteps(long seq, Query query, Proposal proposal, ActorRef<StepsChecked> replyTo) implements Command {}

  public record StepsChecked(long seq, List<Verdict> verdicts) implements CborSerializable {}

  private StepChecker() {}

  public static Behavior<Command> create(CheckSuite suite) {
    return Behaviors.receive(Command.class)
        .onMessage(CheckSteps.class, msg -> onCheck(suite, msg))
        .build();
  }

  private static Behavior<Command> onCheck(CheckSuite suite, CheckSteps msg) {
    msg.replyTo().tell(new StepsChecked(msg.seq(), suite.checkSteps(msg.query(), msg.proposal())));
    return Behaviors.same();
  }
}
