package io.veritrace.actors;

import io.veritrace.core.CborSerializable;
import io.veritrace.core.Certificate;
import io.veritrace.core.Claim;
import io.veritrace.core.LoopPolicy;
import io.veritrace.core.Outcome;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
import io.veritrace.core.TraceStore;
import io.veritrace.core.Turn;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;

/**
 * One conversation. Keeps its turns and what its verified answers established, so a later turn
 * is checked against them; runs its queries one at a time, in order, each in its own QueryLoop.
 */
public final class Session extends AbstractBehavior<Session.Command> {

  public sealed interface Command extends CborSerializable {}

  /** Asks a question in this session; {@code query.id()} is kept, its context is the session's. */
  public record Ask(Query query, ActorRef<QueryResult> replyTo) implements Command {}

  private record LoopFinished(QueryResult result) implements Command {}

  /** No question for the idle time: the conversation is closed and its memory freed. */
  private record Idle() implements Command {}

  /** The server holds too many conversations: close this one if it has nothing running. */
  record Evict() implements Command {}

  /** How long a conversation with nothing running is kept, unless {@code veritrace.session.idle} says otherwise. */
  public static final java.time.Duration IDLE = java.time.Duration.ofMinutes(30);

  /** Queries waiting behind the running one; more are refused, not queued without bound. */
  public static final int MAX_WAITING = 64;

  private final String id;
  private final Workers workers;
  private final LoopPolicy policy;
  private final TraceStore store;
  private final StashBuffer<Command> waiting;
  private final List<Turn> history = new ArrayList<>();
  private final List<Claim> established = new ArrayList<>();
  private final ActorRef<QueryResult> loopReplies;
  private final boolean oneOff;
  private final SessionLimits limits;
  private final ActorRef<Sessions.Command> parent;
  /** Characters of text the history holds (UTF-16 bytes are twice this). */
  private long chars;
  private boolean closing;
  private Ask running;
  private ActorRef<QueryLoop.Command> loop;

  /**
   * @param idle how long the conversation is kept with nothing running; zero for a one-off
   *     question, whose session stops as soon as it has answered
   */
  public static Behavior<Command> create(String id, Workers workers, LoopPolicy policy, TraceStore store, java.time.Duration idle) {
    return create(id, workers, policy, store, idle, SessionLimits.DEFAULT, null);
  }

  /** {@code parent}, when given, is told the conversation's size after every turn. */
  static Behavior<Command> create(String id, Workers workers, LoopPolicy policy, TraceStore store, java.time.Duration idle,
      SessionLimits limits, ActorRef<Sessions.Command> parent) {
    return Behaviors.withStash(MAX_WAITING, stash -> Behaviors.setup(ctx -> new Session(ctx, stash, id, workers, policy, store, idle, limits, parent)));
  }

  private Session(ActorContext<Command> ctx, StashBuffer<Command> stash, String id, Workers workers,
      LoopPolicy policy, TraceStore store, java.time.Duration idle, SessionLimits limits, ActorRef<Sessions.Command> parent) {
    super(ctx);
    this.oneOff = idle.isZero();
    this.waiting = stash;
    this.id = id;
    this.workers = workers;
    this.policy = policy;
    this.store = store;
    this.limits = limits;
    this.parent = parent;
    this.loopReplies = ctx.messageAdapter(QueryResult.class, LoopFinished::new);
    if (!oneOff) ctx.setReceiveTimeout(idle, new Idle());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Ask.class, this::onAsk)
        .onMessage(LoopFinished.class, this::onLoopFinished)
        .onMessage(Idle.class, this::onIdle)
        .onMessage(Evict.class, this::onEvict)
        .onSignal(Terminated.class, this::onLoopStopped)
        .build();
  }

  private Behavior<Command> onAsk(Ask ask) {
    if (running != null) {
      if (waiting.isFull()) {
        ask.replyTo().tell(refusal(ask.query(), "This conversation already has " + MAX_WAITING + " questions waiting; ask again later."));
      } else {
        waiting.stash(ask);
      }
      return this;
    }
    Query q = ask.query();
    // the conversation a client sends (the OpenAI way: the whole history each time) is the context;
    // what this session remembers and the client left out comes first, so a named session keeps its memory
    List<Turn> remembered = new ArrayList<>();
    for (Turn t : history) if (!q.history().contains(t)) remembered.add(t);
    remembered.addAll(q.history());
    String over = overLimit(remembered, q.question(), limits);
    if (over != null) {
      ask.replyTo().tell(refusal(q, over));
      return waiting.isEmpty() ? this : waiting.unstash(this, 1, m -> m);
    }
    running = ask;
    history.clear();
    history.addAll(remembered);
    chars = 0;
    for (Turn t : remembered) chars += t.text().length();
    Query inSession = new Query(q.id(), id, q.question(), List.copyOf(history), List.copyOf(established), q.sources(), q.referenceDate(),
        q.parameters());
    loop = getContext().spawn(QueryLoop.create(inSession, workers, policy, store, loopReplies), "query-" + encode(q.id()), Sessions.LOOPS);
    getContext().watch(loop);
    return this;
  }

  /**
   * Why {@code question} after {@code remembered} is past a conversation's limits (turns or bytes),
   * as the refusal says it; null when it is within them.
   */
  static String overLimit(List<Turn> remembered, String question, SessionLimits limits) {
    long size = question.length();
    for (Turn t : remembered) size += t.text().length();
    if (remembered.size() / 2 >= limits.maxTurns()) {
      return "This conversation has reached its limit of " + limits.maxTurns() + " questions; start a new conversation.";
    }
    if (2 * size > limits.maxSessionBytes()) {
      return "This conversation has reached its limit of " + limits.maxSessionBytes() + " bytes of text; start a new conversation.";
    }
    return null;
  }

  /**
   * Idle: a session under a guardian asks it to close this conversation rather than stopping by
   * itself, so a question the guardian forwarded meanwhile is still answered (it arrives before the
   * guardian's {@link Evict}), never dropped at a stopped actor.
   */
  private Behavior<Command> onIdle(Idle m) {
    if (running != null || !waiting.isEmpty()) return this;
    if (parent == null) return Behaviors.stopped();
    parent.tell(new Sessions.IdleSession(id, getContext().getSelf()));
    return this;
  }

  /** Closed to free memory: at once if idle, else once the questions already asked are answered. */
  private Behavior<Command> onEvict(Evict m) {
    if (running == null && waiting.isEmpty()) return Behaviors.stopped();
    closing = true;
    return this;
  }

  private Behavior<Command> onLoopFinished(LoopFinished msg) {
    if (running == null) return this;
    QueryResult r = msg.result();
    history.add(Turn.user(running.query().question()));
    history.add(Turn.assistant(r.text()));
    chars += running.query().question().length() + r.text().length();
    if (parent != null && !oneOff) parent.tell(new Sessions.Grew(id, getContext().getSelf(), 2 * chars));
    if (r.outcome() == Outcome.VERIFIED) {
      for (Step s : r.steps()) for (Claim c : s.claims()) if (c instanceof Claim.Given) established.add(c);
    }
    running.replyTo().tell(r);
    return next();
  }

  /** A loop that stops without a result has crashed: the client still gets an outcome. */
  private Behavior<Command> onLoopStopped(Terminated t) {
    if (running != null && t.getRef().equals(loop)) {
      running.replyTo().tell(refusal(running.query(), "The query failed inside the runtime and was not answered."));
      return next();
    }
    return this;
  }

  private Behavior<Command> next() {
    running = null;
    loop = null;
    if (waiting.isEmpty()) return oneOff || closing ? Behaviors.stopped() : this;
    return waiting.unstash(this, 1, m -> m);
  }

  private QueryResult refusal(Query q, String reason) {
    return new QueryResult(q.id(), id, Outcome.REFUSE, reason, List.of(), Certificate.EMPTY, List.of(), 0, false, null);
  }

  static String encode(String id) {
    return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
  }

  static String decode(String name) {
    return java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8);
  }
}
