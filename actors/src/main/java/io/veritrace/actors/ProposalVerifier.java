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
 * Runs the whole-proposal verifiers of a suite. Verifiers that hold native state (a Z3 context)
 * are confined to the one actor that owns them, so each routee gets its own suite instance.
 */
public final class ProposalVerifier {

  public sealed interface Command extends CheckRequest {}

  public record Verify(long seq, Query query, Proposal proposal, List<Verdict> stepVerdicts, ActorRef<Verified> replyTo)
      implements Command {}

  public record Verified(long seq, List<Verdict> verdicts) implements CborSerializable {}

  private ProposalVerifier() {}

  public static Behavior<Command> create(CheckSuite suite) {
    return Behaviors.receive(Command.class)
        .onMessage(Verify.class, msg -> onVerify(suite, msg))
        .build();
  }

  private static Behavior<Command> onVerify(CheckSuite suite, Verify msg) {
    msg.replyTo().tell(new Verified(msg.seq(), suite.verify(msg.query(), msg.proposal(), msg.stepVerdicts())));
    return Behaviors.same();
  }
}
