package io.veritrace.actors;

import com.typesafe.config.Config;
import io.veritrace.core.CborSerializable;
import io.veritrace.core.Query;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
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

  /** A conversation with nothing running has been idle for its idle time and asks to be closed. */
  record IdleSession(String sessionId, ActorRef<Session.Command> session) implements Command {}

  /** A conversation's size after a turn, so the guardian can keep the total within its limit. */
  record Grew(String sessionId, ActorRef<Session.Command> session, long bytes) implements Command {}

  /** What the guardian knows of one open conversation. */
  private static final class Open {
    final ActorRef<Session.Command> ref;
    long bytes;
    boolean evicting;

    Open(ActorRef<Session.Command> ref) {
      this.ref = ref;
    }
  }

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
      SessionLimits limits = SessionLimits.from(config);
      // least recently asked first: the order eviction takes them in
      Map<String, Open> sessions = new LinkedHashMap<>(16, 0.75f, true);
      // one-off questions' loops, run by the guardian itself, and who is waiting on each
      Map<ActorRef<?>, Ask> oneOffs = new HashMap<>();
      long[] total = {0};
      return Behaviors.receive(Command.class)
          .onMessage(Ask.class, ask -> ask.conversation()
              ? onAsk(ctx, components, workers, sessions, limits, total, ask)
              : onAskOnce(ctx, components, workers, oneOffs, limits, ask))
          .onMessage(Grew.class, g -> {
            Open o = sessions.get(g.sessionId());
            if (o != null && o.ref.equals(g.session())) {
              total[0] += g.bytes() - o.bytes;
              o.bytes = g.bytes();
              evict(sessions, limits, total[0], g.sessionId());
            }
            return Behaviors.same();
          })
          .onMessage(IdleSession.class, idle -> {
            Open o = sessions.get(idle.sessionId());
            if (o != null && o.ref.equals(idle.session()) && !o.evicting) {
              o.evicting = true;
              o.ref.tell(new Session.Evict());
            }
            return Behaviors.same();
          })
          .onSignal(Terminated.class, t -> {
            Ask once = oneOffs.remove(t.getRef());
            if (once != null) {
              // a loop that stopped by failing never answered; one that stopped normally has
              if (t instanceof ChildFailed) {
                once.replyTo().tell(refused(once, "The query failed inside the runtime and was not answered."));
              }
              return Behaviors.same();
            }
            // a session's name is its id: found at once, not by a scan of every open conversation
            String name = t.getRef().path().name();
            if (!name.startsWith(SESSION_PREFIX)) return Behaviors.same();
            String id = Session.decode(name.substring(SESSION_PREFIX.length()));
            Open o = sessions.get(id);
            if (o != null && o.ref.equals(t.getRef())) {
              sessions.remove(id);
              total[0] -= o.bytes;
            }
            return Behaviors.same();
          })
          .build();
    });
  }

  private static final String SESSION_PREFIX = "session-";

  /**
   * Where query loops, their workers and the local checks run: one pool, so a loop's hops to its
   * workers and back rarely wake a thread (see {@code veritrace.loop-dispatcher} in reference.conf).
   */
  static final DispatcherSelector LOOPS = DispatcherSelector.fromConfig("veritrace.loop-dispatcher");

  /** Where the local checks run: the loops' pool unless configured apart (reference.conf). */
  static final DispatcherSelector CHECKS = DispatcherSelector.fromConfig("veritrace.checker-dispatcher");

  /**
   * A question no later one follows up needs no session: the guardian checks it against a
   * conversation's limits and runs its loop itself, which answers the asker directly. This saves
   * spawning and stopping a Session and two messages per query, and, as the loop has no name,
   * the same query id asked again while the last one's loop is stopping cannot collide with it.
   */
  private static Behavior<Command> onAskOnce(ActorContext<Command> ctx, LoopComponents c, Workers workers,
      Map<ActorRef<?>, Ask> oneOffs, SessionLimits limits, Ask ask) {
    if (oneOffs.size() >= limits.maxSessions()) {
      ask.replyTo().tell(refused(ask, "This server has " + oneOffs.size() + " questions running, its limit; try again shortly."));
      return Behaviors.same();
    }
    Query q = ask.query();
    String over = Session.overLimit(q.history(), q.question(), limits);
    if (over != null) {
      ask.replyTo().tell(refused(ask, over));
      return Behaviors.same();
    }
    // what a fresh session would ask: the client's history as context, nothing established yet
    ActorRef<QueryLoop.Command> loop = ctx.spawnAnonymous(
        QueryLoop.create(q.withEstablished(List.of()), workers, c.policy(), c.store(), ask.replyTo()), LOOPS);
    ctx.watch(loop);
    oneOffs.put(loop, ask);
    return Behaviors.same();
  }

  private static Behavior<Command> onAsk(ActorContext<Command> ctx, LoopComponents c, Workers workers,
      Map<String, Open> sessions, SessionLimits limits, long[] total, Ask ask) {
    Open open = sessions.get(ask.sessionId());
    if (open == null || open.evicting) {
      if (open != null) {
        // closing (evicted); its name is still taken until it stops, so this question is refused, not lost
        ask.replyTo().tell(refused(ask, "This conversation was just closed (idle, or to free memory); ask again to start a new one."));
        return Behaviors.same();
      }
      if (sessions.size() >= limits.maxSessions()) {
        evict(sessions, limits, Long.MAX_VALUE, ask.sessionId());
        if (sessions.size() >= limits.maxSessions() + SLACK) {
          ask.replyTo().tell(refused(ask, "This server has " + sessions.size() + " conversations open, its limit; try again shortly."));
          return Behaviors.same();
        }
      }
      Duration keep = ask.conversation() ? limits.idle() : Duration.ZERO;
      ActorRef<Session.Command> ref = ctx.spawn(Session.create(ask.sessionId(), workers, c.policy(), c.store(), keep, limits, ctx.getSelf()),
          SESSION_PREFIX + Session.encode(ask.sessionId()));
      ctx.watch(ref);
      open = new Open(ref);
      sessions.put(ask.sessionId(), open);
    }
    open.ref.tell(new Session.Ask(ask.query(), ask.replyTo()));
    return Behaviors.same();
  }

  /** Conversations over the count limit wait for evicted ones to stop up to this many more; then new ones are refused. */
  private static final int SLACK = 64;

  /**
   * Asks the least recently used conversations (never {@code keep}) to close until the count and
   * the bytes are within the limits; one with a question running declines and stays.
   * {@code maxBytes} of {@code Long.MAX_VALUE} makes room for one more conversation.
   */
  private static void evict(Map<String, Open> sessions, SessionLimits limits, long totalBytes, String keep) {
    boolean forCount = totalBytes == Long.MAX_VALUE;
    long bytes = forCount ? 0 : totalBytes;
    int live = 0;
    for (Open o : sessions.values()) if (!o.evicting) live++;
    for (Map.Entry<String, Open> e : sessions.entrySet()) {
      boolean over = forCount ? live >= limits.maxSessions() : bytes > limits.maxTotalBytes();
      if (!over) return;
      Open o = e.getValue();
      if (o.evicting || e.getKey().equals(keep)) continue;
      o.evicting = true;
      o.ref.tell(new Session.Evict());
      live--;
      bytes -= o.bytes;
    }
  }

  private static QueryResult refused(Ask ask, String reason) {
    return new QueryResult(ask.query().id(), ask.sessionId(), io.veritrace.core.Outcome.REFUSE, reason, java.util.List.of(),
        io.veritrace.core.Certificate.EMPTY, java.util.List.of(), 0, false, null);
  }

  /**
   * Worker pools, each routee restarted on failure; the loop re-sends what a crash lost. Checks
   * run in local pools, which a verifier node also offers to the cluster; a frontend's checks go
   * through the verifier pool of the cluster instead.
   */
  private static Workers spawnWorkers(ActorContext<Command> ctx, LoopComponents c, NodeRoles roles, CheckMeter meter) {
    int n = c.poolSize();
    ActorRef<RoundChecker.Command> checkers = null;
    if (roles.verifier()) {
      checkers = ctx.spawn(Routers.pool(n, supervised(() -> RoundChecker.create(c.suites().get()))).withRouteeProps(CHECKS), "checkers", LOOPS);
      if (roles.clustered()) ctx.spawn(VerifierService.create(checkers, meter, c.policy().deadline()), "verifier-service");
    }
    if (!roles.frontend()) return null;
    if (roles.clustered()) {
      ActorRef<CheckRouter.Command> pool = ctx.spawn(
          CheckRouter.create(CheckRouter.Settings.from(ctx.getSystem().settings().config()), meter), "verifier-pool");
      checkers = pool.narrow();
    }
    return new Workers(
        ctx.spawn(Routers.pool(n, supervised(() -> ReasonerWorker.create(c.reasoner()))).withRouteeProps(LOOPS), "reasoners", LOOPS),
        checkers,
        ctx.spawn(Routers.pool(n, supervised(() -> CorrectorWorker.create(c.corrector()))).withRouteeProps(LOOPS), "correctors", LOOPS));
  }

  private static <T> Behavior<T> supervised(Supplier<Behavior<T>> worker) {
    return Behaviors.supervise(Behaviors.<T>setup(ctx -> worker.get())).onFailure(SupervisorStrategy.restart());
  }
}
