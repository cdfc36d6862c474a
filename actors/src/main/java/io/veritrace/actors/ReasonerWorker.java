package io.veritrace.actors;

import io.veritrace.core.CborSerializable;
import io.veritrace.core.Proposal;
import io.veritrace.core.Reasoner;
import io.veritrace.core.ReasonerRequest;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Asks the reasoner for a proposal; the backend's future is piped back, never blocked on. */
public final class ReasonerWorker {

  public sealed interface Command extends CborSerializable {}

  public record Propose(long seq, ReasonerRequest request, ActorRef<Proposed> replyTo) implements Command {}

  /** The proposal, or the reason there is none; {@code seq} echoes the request's. */
  public record Proposed(long seq, Proposal proposal, String error) implements CborSerializable {}

  private record Completed(Proposed result, ActorRef<Proposed> replyTo) implements Command {}

  private ReasonerWorker() {}

  public static Behavior<Command> create(Reasoner reasoner) {
    return Behaviors.setup(ctx -> Behaviors.receive(Command.class)
        .onMessage(Propose.class, msg -> onPropose(ctx, reasoner, msg))
        .onMessage(Completed.class, ReasonerWorker::onCompleted)
        .build());
  }

  private static Behavior<Command> onPropose(
      org.apache.pekko.actor.typed.javadsl.ActorContext<Command> ctx, Reasoner reasoner, Propose msg) {
    ctx.pipeToSelf(reasoner.propose(msg.request()), (proposal, failure) -> new Completed(
        failure == null ? new Proposed(msg.seq(), proposal, "") : new Proposed(msg.seq(), null, reasoner.name() + " failed: " + rootMessage(failure)),
        msg.replyTo()));
    return Behaviors.same();
  }

  private static Behavior<Command> onCompleted(Completed msg) {
    msg.replyTo().tell(msg.result());
    return Behaviors.same();
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
