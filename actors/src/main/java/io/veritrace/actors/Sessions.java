package io.veritrace.actors;

import io.veritrace.core.CborSerializable;
import io.veritrace.core.Query;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Routers;

/**
 * The guardian of a node: spawns the supervised worker pools and one Session per conversation,
 * and routes each question to its session.
 */
public final class Sessions {

  public sealed interface Command extends CborSerializable {}

  /**
   * @param conversation whether later questions may follow in this session; a one-off question's
   *     session stops once it has answered, so sessionless traffic holds no memory
   */
  public record Ask(String sessionId, Query query, boolean conversation, ActorRef<QueryResult> replyTo) implements Command {}

  private Sessions() {}

  public static Behavior<Command> create(LoopComponents components) {
    return Behaviors.setup(ctx -> {
      Workers workers = spawnWorkers(ctx, components);
      Config config = ctx.getSystem().settings().config();
      Duration idle = config.hasPath("veritrace.session.idle") ? config.getDuration("veritrace.session.idle") : Session.IDLE;
      if (idle.isNegative() || idle.isZero()) throw new IllegalArgumentException("veritrace.session.idle must be positive: " + idle);
      Map<String, ActorRef<Session.Command>> sessions = new HashMap<>();
      return Behaviors.receive(Command.class)
          .onMessage(Ask.class, ask -> onAsk(ctx, components, workers, sessions, idle, ask))
          .onSignal(Terminated.class, t -> {
            sessions.values().remove(t.getRef());
            return Behaviors.same();
          })
          .build();
    });
  }

  private static Behavior<Command> onAsk(ActorContext<Command> ctx, LoopComponents c, Workers workers,
      Map<String, ActorRef<Session.Command>> sessions, Duration idle, Ask ask) {
    Duration keep = ask.conversation() ? idle : Duration.ZERO;
    ActorRef<Session.Command> session = sessions.computeIfAbsent(ask.sessionId(), id -> {
      ActorRef<Session.Command> ref = ctx.spawn(Session.create(id, workers, c.policy(), c.store(), keep), "session-" + Session.encode(id));
      ctx.watch(ref);
      return ref;
    });
    session.tell(new Session.Ask(ask.query(), ask.replyTo()));
    return Behaviors.same();
  }

  /** Worker pools, each routee restarted on failure; the loop re-sends what a crash lost. */
  private static Workers spawnWorkers(ActorContext<Command> ctx, LoopComponents c) {
    int n = c.poolSize();
    DispatcherSelector checking = DispatcherSelector.fromConfig("veritrace.checker-dispatcher");
    return new Workers(
        ctx.spawn(Routers.pool(n, supervised(() -> ReasonerWorker.create(c.reasoner()))), "reasoners"),
        ctx.spawn(Routers.pool(n, supervised(() -> StepChecker.create(c.suites().get()))).withRouteeProps(checking), "step-checkers"),
        ctx.spawn(Routers.pool(n, supervised(() -> ProposalVerifier.create(c.suites().get()))).withRouteeProps(checking), "verifiers"),
        ctx.spawn(Routers.pool(n, supervised(() -> CorrectorWorker.create(c.corrector()))), "correctors"));
  }

  private static <T> Behavior<T> supervised(Supplier<Behavior<T>> worker) {
    return Behaviors.supervise(Behaviors.<T>setup(ctx -> worker.get())).onFailure(SupervisorStrategy.restart());
  }
}
