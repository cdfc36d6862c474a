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
 * to the node's local step-checker or verifier pool. Replies pass back through here so the node
 * can count what it serves, how many it holds and how long each took.
 */
public final class VerifierService extends AbstractBehavior<VerifierService.Command> {

  /** What verifier nodes register as; frontends route check requests to every reachable one. */
  public static final ServiceKey<CheckRequest> KEY = ServiceKey.create(CheckRequest.class, "veritrace-verifier");

  public interface Command extends CborSerializable {}

  private record StepsDone(StepChecker.StepsChecked checked) implements Command {}

  private record VerifyDone(ProposalVerifier.Verified verified) implements Command {}

  /** Time to give up on checks held past the hold limit. */
  private record Sweep() implements Command {}

  /** A check in this node: who asked, under which number, since when. */
  private record Held(ActorRef<?> replyTo, long seq, long startNanos) {}

  private final ActorRef<StepChecker.Command> stepCheckers;
  private final ActorRef<ProposalVerifier.Command> verifiers;
  private final CheckMeter meter;
  private final ActorRef<StepChecker.StepsChecked> stepReplies;
  private final ActorRef<ProposalVerifier.Verified> verifyReplies;
  private final Map<Long, Held> held = new HashMap<>();
  private final long holdLimitNanos;
  private long next;

  /**
   * @param holdLimit how long a check may stay here unanswered before it is given up: a routee
   *     that crashes mid-check never replies, and its entry would otherwise stay (and count as in
   *     flight) for ever; the query's deadline is a safe bound, as no reply is wanted after it
   */
  public static Behavior<Command> create(ActorRef<StepChecker.Command> stepCheckers, ActorRef<ProposalVerifier.Command> verifiers,
      CheckMeter meter, Duration holdLimit) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(new Sweep(), holdLimit);
      return new VerifierService(ctx, stepCheckers, verifiers, meter, holdLimit);
    }));
  }

  private VerifierService(ActorContext<Command> ctx, ActorRef<StepChecker.Command> stepCheckers,
      ActorRef<ProposalVerifier.Command> verifiers, CheckMeter meter, Duration holdLimit) {
    super(ctx);
    this.holdLimitNanos = holdLimit.toNanos();
    this.stepCheckers = stepCheckers;
    this.verifiers = verifiers;
    this.meter = meter;
    this.stepReplies = ctx.messageAdapter(StepChecker.StepsChecked.class, StepsDone::new);
    this.verifyReplies = ctx.messageAdapter(ProposalVerifier.Verified.class, VerifyDone::new);
    ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf().narrow()));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(StepChecker.CheckSteps.class, this::onCheckSteps)
        .onMessage(ProposalVerifier.Verify.class, this::onVerify)
        .onMessage(StepsDone.class, this::onStepsDone)
        .onMessage(VerifyDone.class, this::onVerifyDone)
        .onMessage(Sweep.class, this::onSweep)
        .build();
  }

  private Behavior<Command> onCheckSteps(StepChecker.CheckSteps msg) {
    stepCheckers.tell(new StepChecker.CheckSteps(hold(msg.replyTo(), msg.seq()), msg.query(), msg.proposal(), stepReplies));
    return this;
  }

  private Behavior<Command> onVerify(ProposalVerifier.Verify msg) {
    verifiers.tell(new ProposalVerifier.Verify(hold(msg.replyTo(), msg.seq()), msg.query(), msg.proposal(), msg.stepVerdicts(),
        verifyReplies));
    return this;
  }

  private long hold(ActorRef<?> replyTo, long seq) {
    meter.served();
    held.put(++next, new Held(replyTo, seq, System.nanoTime()));
    return next;
  }

  @SuppressWarnings("unchecked")
  private Behavior<Command> onStepsDone(StepsDone done) {
    Held h = release(done.checked().seq());
    if (h != null) ((ActorRef<StepChecker.StepsChecked>) h.replyTo()).tell(new StepChecker.StepsChecked(h.seq(), done.checked().verdicts()));
    return this;
  }

  @SuppressWarnings("unchecked")
  private Behavior<Command> onVerifyDone(VerifyDone done) {
    Held h = release(done.verified().seq());
    if (h != null) ((ActorRef<ProposalVerifier.Verified>) h.replyTo()).tell(new ProposalVerifier.Verified(h.seq(), done.verified().verdicts()));
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
