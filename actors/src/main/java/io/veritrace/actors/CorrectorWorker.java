package io.veritrace.actors;

import io.veritrace.core.CborSerializable;
import io.veritrace.core.Correction;
import io.veritrace.core.Corrector;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Verdict;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Turns a round's failures into a repair or findings for the reasoner. */
public final class CorrectorWorker {

  public sealed interface Command extends CborSerializable {}

  public record Correct(long seq, Query query, Proposal proposal, List<Verdict> verdicts, ActorRef<Corrected> replyTo)
      implements Command {}

  public record Corrected(long seq, Correction correction) implements CborSerializable {}

  private CorrectorWorker() {}

  public static Behavior<Command> create(Corrector corrector) {
    return Behaviors.receive(Command.class)
        .onMessage(Correct.class, msg -> onCorrect(corrector, msg))
        .build();
  }

  private static Behavior<Command> onCorrect(Corrector corrector, Correct msg) {
    msg.replyTo().tell(new Corrected(msg.seq(), corrector.correct(msg.query(), msg.proposal(), msg.verdicts())));
    return Behaviors.same();
  }
}
