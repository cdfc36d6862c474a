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
    return create(components, CheckMeter.NONE);
  }

  /**
   * On a cluster node the roles decide what runs here: {@code verifier} serves checks to the
   * cluster ({@link VerifierService}); {@code frontend} runs sessions and query loops whose checks
   * go to the verifier nodes ({@link CheckRouter}). A node with no cluster does both in-process.
   */
  public static Behavior<Command> create(LoopComponents components, CheckMeter meter) {
    return Behaviors.setup(ctx -> {
      Config config = ctx.getSystem().settings().config();
      NodeRoles roles = NodeRoles.of(config);
      Workers workers = spawnWorkers(ctx, components, roles, meter);
      if (!roles.frontend()) {
        return Behaviors.receive(Command.class).onMessage(Ask.class, ask -> {
          ask.replyTo().tell(new QueryResult(ask.query().id(), ask.sessionId(), io.veritrace.core.Outcome.REFUSE,
              "This node has no frontend role and answers no questions.", java.util.List.of(), io.veritrace.core.Certificate.EMPTY,
              java.util.List.of(), 0, false, null));
          return Behaviors.same();
        }).build();
      }
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

  /**
   * Worker pools, each routee restarted on failure; the loop re-sends what a crash lost. Checks
   * run in local pools, which a verifier node also offers to the cluster; a frontend's checks go
   * through the verifier pool of the cluster instead.
   */
  private static Workers spawnWorkers(ActorContext<Command> ctx, LoopComponents c, NodeRoles roles, CheckMeter meter) {
    int n = c.poolSize();
    ActorRef<StepChecker.Command> stepCheckers = null;
    ActorRef<ProposalVerifier.Command> verifiers = null;
    if (roles.verifier()) {
      DispatcherSelector checking = DispatcherSelector.fromConfig("veritrace.checker-dispatcher");
      stepCheckers = ctx.spawn(Routers.pool(n, supervised(() -> StepChecker.create(c.suites().get()))).withRouteeProps(checking), "step-checkers");
      verifiers = ctx.spawn(Routers.pool(n, supervised(() -> ProposalVerifier.create(c.suites().get()))).withRouteeProps(checking), "verifiers");
      if (roles.clustered()) ctx.spawn(VerifierService.create(stepCheckers, verifiers, meter), "verifier-service");
    }
    if (!roles.frontend()) return null;
    if (roles.clustered()) {
      ActorRef<CheckRouter.Command> pool = ctx.spawn(
          CheckRouter.create(CheckRouter.Settings.from(ctx.getSystem().settings().config()), meter), "verifier-pool");
      stepCheckers = pool.narrow();
      verifiers = pool.narrow();
    }
    return new Workers(
        ctx.spawn(Routers.pool(n, supervised(() -> ReasonerWorker.create(c.reasoner()))), "reasoners"),
        stepCheckers,
        verifiers,
        ctx.spawn(Routers.pool(n, supervised(() -> CorrectorWorker.create(c.corrector()))), "correctors"));
  }

  private static <T> Behavior<T> supervised(Supplier<Behavior<T>> worker) {
    return Behaviors.supervise(Behaviors.<T>setup(ctx -> worker.get())).onFailure(SupervisorStrategy.restart());
  }
}
