package io.veritrace.actors;

import io.veritrace.core.CborSerializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * A verifier node's door: registers with the Receptionist under {@link #KEY} and hands each check
 * to the node's local checker pool. Replies pass back through here so the node
 * can count what it serves, how many it holds and how long each took.
 */
public final class VerifierService extends AbstractBehavior<VerifierService.Command> {

  /** What verifier nodes register as; frontends route check requests to every reachable one. */
  public static final ServiceKey<CheckRequest> KEY = ServiceKey.create(CheckRequest.class, "veritrace-verifier");

  public interface Command extends CborSerializable {}

  private record Done(RoundChecker.Checked checked) implements Command {}

  /** Time to give up on checks held past the hold limit. */
  private record Sweep() implements Command {}

  /** A check in this node: who asked, under which number, since when. */
  private record Held(ActorRef<RoundChecker.Checked> replyTo, long seq, long startNanos) {}

  private final ActorRef<RoundChecker.Command> checkers;
  private final CheckMeter meter;
  private final ActorRef<RoundChecker.Checked> replies;
  private final Map<Long, Held> held = new HashMap<>();
  private final long holdLimitNanos;
  private long next;

  /**
   * @param holdLimit how long a check may stay here unanswered before it is given up: a routee
   *     that crashes mid-check never replies, and its entry would otherwise stay (and count as in
   *     flight) for ever; the query's deadline is a safe bound, as no reply is wanted after it
   */
  public static Behavior<Command> create(ActorRef<RoundChecker.Command> checkers, CheckMeter meter, Duration holdLimit) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(new Sweep(), holdLimit);
      return new VerifierService(ctx, checkers, meter, holdLimit);
    }));
  }

  private VerifierService(ActorContext<Command> ctx, ActorRef<RoundChecker.Command> checkers, CheckMeter meter, Duration holdLimit) {
    super(ctx);
    this.holdLimitNanos = holdLimit.toNanos();
    this.checkers = checkers;
    this.meter = meter;
    this.replies = ctx.messageAdapter(RoundChecker.Checked.class, Done::new);
    ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf().narrow()));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(RoundChecker.Check.class, this::onCheck)
        .onMessage(Done.class, this::onDone)
        .onMessage(Sweep.class, this::onSweep)
        .build();
  }

  private Behavior<Command> onCheck(RoundChecker.Check msg) {
    checkers.tell(new RoundChecker.Check(hold(msg.replyTo(), msg.seq()), msg.query(), msg.proposal(), replies));
    return this;
  }

  private long hold(ActorRef<RoundChecker.Checked> replyTo, long seq) {
    meter.served();
    held.put(++next, new Held(replyTo, seq, System.nanoTime()));
    return next;
  }

  private Behavior<Command> onDone(Done done) {
    Held h = release(done.checked().seq());
    if (h != null) h.replyTo().tell(new RoundChecker.Checked(h.seq(), done.checked().verdicts()));
    return this;
  }

  /**
   * Gives up on checks held past the limit: their routee crashed (or is still stuck), and the
   * frontend's timeout has long since sent them again; a late reply is then dropped as unknown.
   */
  private Behavior<Command> onSweep(Sweep sweep) {
    long now = System.nanoTime();
    held.values().removeIf(h -> {
      if (now - h.startNanos() < holdLimitNanos) return false;
      meter.abandoned();
      return true;
    });
    return this;
  }

  /** A check whose routee crashed never replies; the frontend's timeout sends it again. */
  private Held release(long id) {
    Held h = held.remove(id);
    if (h != null) meter.answered(System.nanoTime() - h.startNanos());
    return h;
  }
}
