package io.veritrace.actors;

import io.veritrace.core.CborSerializable;
import io.veritrace.core.Proposal;
import io.veritrace.core.Reasoner;
import io.veritrace.core.ReasonerRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Asks the reasoner for a proposal; the backend's future is piped back, never blocked on. A
 * proposal already there when the call returns (an in-process reasoner) is sent at once, saving
 * a message through this worker's mailbox and a thread hop.
 */
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

  private static Behavior<Command> onPropose(ActorContext<Command> ctx, Reasoner reasoner, Propose msg) {
    CompletionStage<Proposal> pending = reasoner.propose(msg.request());
    CompletableFuture<Proposal> future = pending.toCompletableFuture();
    if (future.isDone()) {
      // handle on a completed future runs here, at once; join then only reads its result
      msg.replyTo().tell(future.handle((proposal, failure) -> proposed(reasoner, msg.seq(), proposal, failure)).join());
    } else {
      ctx.pipeToSelf(pending, (proposal, failure) -> new Completed(proposed(reasoner, msg.seq(), proposal, failure), msg.replyTo()));
    }
    return Behaviors.same();
  }

  private static Proposed proposed(Reasoner reasoner, long seq, Proposal proposal, Throwable failure) {
    return failure == null ? new Proposed(seq, proposal, "") : new Proposed(seq, null, reasoner.name() + " failed: " + rootMessage(failure));
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
