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

/**
 * Runs a round's checks: the step checks of a suite over every step of a proposal, then the
 * whole-proposal verifiers given those verdicts. Both in one routee, one message each way per
 * round: the verifiers need the step verdicts anyway, and a second hop to another routee cost
 * another thread's cold cache, a wake-up and a timer for no guarantee the loop needs. Verifiers
 * that hold native state (a Z3 context) are confined to the one actor that owns them, so each
 * routee gets its own suite instance.
 */
public final class RoundChecker {

  public sealed interface Command extends CheckRequest {}

  public record Check(long seq, Query query, Proposal proposal, ActorRef<Checked> replyTo) implements Command {}

  /** The step checks' verdicts followed by the verifiers'; {@code seq} echoes the request's. */
  public record Checked(long seq, List<Verdict> verdicts) implements CborSerializable {}

  private RoundChecker() {}

  public static Behavior<Command> create(CheckSuite suite) {
    return Behaviors.receive(Command.class)
        .onMessage(Check.class, msg -> onCheck(suite, msg))
        .build();
  }

  private static Behavior<Command> onCheck(CheckSuite suite, Check msg) {
    msg.replyTo().tell(new Checked(msg.seq(), suite.check(msg.query(), msg.proposal())));
    return Behaviors.same();
  }
}
