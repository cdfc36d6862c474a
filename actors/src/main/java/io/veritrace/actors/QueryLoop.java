package io.veritrace.actors;

import io.veritrace.core.CborSerializable;
import io.veritrace.core.Certificate;
import io.veritrace.core.Correction;
import io.veritrace.core.LoopPolicy;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.core.Round;
import io.veritrace.core.Trace;
import io.veritrace.core.TraceStore;
import io.veritrace.core.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One query: Reasoner, then the round's checks (step checks and verifiers, {@link RoundChecker}),
 * then Corrector, round after round, until
 * the verdicts settle an outcome ({@link LoopDecision}), the round budget is spent, or the
 * deadline passes. Every request to a worker has a timeout and is sent once more if the worker
 * dies or stalls, so a restarted worker loses no query; a checker that never answers yields an
 * ERROR verdict, never a pass. The trace is journalled before the reply goes out.
 */
public final class QueryLoop extends AbstractBehavior<QueryLoop.Command> {

  public sealed interface Command extends CborSerializable {}

  private record GotProposal(ReasonerWorker.Proposed proposed) implements Command {}

  private record GotVerdicts(RoundChecker.Checked checked) implements Command {}

  private record GotCorrection(CorrectorWorker.Corrected corrected) implements Command {}

  /** The request numbered {@code seq} got no reply in time. */
  private record StageTimedOut(long seq) implements Command {}

  private record DeadlineReached() implements Command {}

  private record Stored(boolean durable) implements Command {}

  /** The stage of the loop a reply is expected for. */
  private enum Stage { REASONER, CHECKS, CORRECTOR }

  /** Attempts per worker request: the first, and one more after a timeout or a crash. */
  static final int ATTEMPTS = 2;

  /** How long a reply waits for the journal before it goes out marked not durable. */
  static final Duration STORE_TIMEOUT = Duration.ofSeconds(5);

  private final Query query;
  private final Workers workers;
  private final LoopPolicy policy;
  private final TraceStore store;
  private final ActorRef<QueryResult> replyTo;
  private final TimerScheduler<Command> timers;
  private final long startedAtMillis = System.currentTimeMillis();
  private final long startNanos = System.nanoTime();
  private final List<Round> rounds = new ArrayList<>();

  private int round = 1;
  private int attempt = 1;
  private long roundStart = System.nanoTime();
  private ReasonerRequest request;
  private Proposal proposal;
  private List<Verdict> verdicts = List.of();
  private boolean justified;
  private Set<String> previousFailures = Set.of();
  private QueryResult result;
  private long seq;
  private Stage stage;
  private final ActorRef<ReasonerWorker.Proposed> proposals;
  private final ActorRef<RoundChecker.Checked> checkReplies;
  private final ActorRef<CorrectorWorker.Corrected> correctorReplies;

  public static Behavior<Command> create(
      Query query, Workers workers, LoopPolicy policy, TraceStore store, ActorRef<QueryResult> replyTo) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new QueryLoop(ctx, timers, query, workers, policy, store, replyTo)));
  }

  private QueryLoop(ActorContext<Command> ctx, TimerScheduler<Command> timers, Query query, Workers workers,
      LoopPolicy policy, TraceStore store, ActorRef<QueryResult> replyTo) {
    super(ctx);
    this.timers = timers;
    this.query = query;
    this.workers = workers;
    this.policy = policy;
    this.store = store;
    this.replyTo = replyTo;
    // replies come through adapters and each request is timed by one re-armed timer: cheaper
    // than an ask (a temporary actor and a future) per request
    this.proposals = ctx.messageAdapter(ReasonerWorker.Proposed.class, GotProposal::new);
    this.checkReplies = ctx.messageAdapter(RoundChecker.Checked.class, GotVerdicts::new);
    this.correctorReplies = ctx.messageAdapter(CorrectorWorker.Corrected.class, GotCorrection::new);
    timers.startSingleTimer(new DeadlineReached(), policy.deadline());
    askReasoner(ReasonerRequest.first(query));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(GotProposal.class, this::onProposal)
        .onMessage(GotVerdicts.class, this::onVerdicts)
        .onMessage(GotCorrection.class, this::onCorrection)
        .onMessage(StageTimedOut.class, this::onStageTimedOut)
        .onMessage(DeadlineReached.class, m -> onDeadline())
        .onMessage(Stored.class, this::onStored)
        .build();
  }

  private void askReasoner(ReasonerRequest req) {
    request = req;
    Duration left = policy.deadline().minusNanos(System.nanoTime() - startNanos);
    send(Stage.REASONER, left.isNegative() ? Duration.ofMillis(1) : left);
    workers.reasoner().tell(new ReasonerWorker.Propose(seq, req, proposals));
  }

  private void askChecks() {
    send(Stage.CHECKS, policy.checkTimeout());
    workers.checker().tell(new RoundChecker.Check(seq, query, proposal, checkReplies));
  }

  private void askCorrector() {
    send(Stage.CORRECTOR, policy.checkTimeout());
    workers.corrector().tell(new CorrectorWorker.Correct(seq, query, proposal, verdicts, correctorReplies));
  }

  private void send(Stage next, Duration timeout) {
    stage = next;
    seq++;
    timers.startSingleTimer(Stage.class, new StageTimedOut(seq), timeout);
  }

  /** True for the reply to the request in flight; late replies to earlier requests are dropped. */
  private boolean current(long replySeq) {
    if (result != null || replySeq != seq) return false;
    timers.cancel(Stage.class);
    return true;
  }

  /** A worker died or stalled: send the same request once more, then give up on it. */
  private Behavior<Command> onStageTimedOut(StageTimedOut msg) {
    if (result != null || msg.seq() != seq) return this;
    boolean retry = attempt++ < ATTEMPTS;
    switch (stage) {
      case REASONER -> {
        if (retry) askReasoner(request);
        else return finish(Outcome.REFUSE, "The model could not give an answer: no answer from the reasoner", Certificate.EMPTY, "reasoner-error");
      }
      case CHECKS -> {
        if (retry) askChecks();
        else return onVerified(List.of(Verdict.error("checker", "checker.timeout", -1, "checker did not answer within " + policy.checkTimeout())));
      }
      case CORRECTOR -> {
        if (retry) askCorrector();
        else onCorrected(new Correction(verdicts.stream().filter(Verdict::rejects).toList(), null,
            "Fix the failed steps: the corrector did not answer within " + policy.checkTimeout()));
      }
    }
    return this;
  }

  private Behavior<Command> onProposal(GotProposal msg) {
    if (!current(msg.proposed().seq())) return this;
    String failure = msg.proposed().error().isEmpty() ? null : msg.proposed().error();
    if (failure != null) {
      if (attempt++ < ATTEMPTS) {
        askReasoner(request);
        return this;
      }
      return finish(Outcome.REFUSE, "The model could not give an answer: " + failure, Certificate.EMPTY, "reasoner-error");
    }
    attempt = 1;
    proposal = msg.proposed().proposal();
    askChecks();
    return this;
  }

  private Behavior<Command> onVerdicts(GotVerdicts msg) {
    return current(msg.checked().seq()) ? onVerified(msg.checked().verdicts()) : this;
  }

  private Behavior<Command> onVerified(List<Verdict> checked) {
    attempt = 1;
    verdicts = List.copyOf(checked);
    LoopDecision decision = LoopDecision.decide(policy, round, query, proposal, verdicts, justified, previousFailures);
    if (decision instanceof LoopDecision.End end) {
      rounds.add(new Round(round, proposal, verdicts, null, System.nanoTime() - roundStart));
      return finish(end.outcome(), end.text(), end.certificate(), end.stopReason());
    }
    if (decision instanceof LoopDecision.Justify) justified = true;
    askCorrector();
    return this;
  }

  private Behavior<Command> onCorrection(GotCorrection msg) {
    if (current(msg.corrected().seq())) onCorrected(msg.corrected().correction());
    return this;
  }

  private void onCorrected(Correction correction) {
    attempt = 1;
    rounds.add(new Round(round, proposal, verdicts, correction, System.nanoTime() - roundStart));
    previousFailures = LoopDecision.signature(verdicts.stream().filter(Verdict::rejects).toList());
    round++;
    roundStart = System.nanoTime();
    if (correction.isRepair()) {
      proposal = correction.repaired();
      askChecks();
    } else {
      askReasoner(new ReasonerRequest(query, round, proposal, correction));
    }
  }

  private Behavior<Command> onDeadline() {
    if (result != null) return this;
    if (proposal != null && rounds.size() < round) {
      rounds.add(new Round(round, proposal, verdicts, null, System.nanoTime() - roundStart));
    }
    return finish(Outcome.REFUSE, "No checked answer within the deadline of " + policy.deadline().toMillis() + " ms.",
        Certificate.of(verdicts), "deadline");
  }

  private Behavior<Command> finish(Outcome outcome, String text, Certificate certificate, String stopReason) {
    timers.cancelAll();
    Trace trace = new Trace(query, rounds, outcome, text, certificate, stopReason, startedAtMillis, System.nanoTime() - startNanos);
    List<Verdict> failures = outcome == Outcome.VERIFIED ? List.of() : trace.failures();
    result = new QueryResult(query.id(), query.sessionId(), outcome, text,
        proposal == null ? List.of() : proposal.steps(), certificate, failures, rounds.size(), false, trace);
    if (store == null) return reply(false);
    getContext().pipeToSelf(store.append(trace), (offset, err) -> new Stored(err == null));
    timers.startSingleTimer(new Stored(false), STORE_TIMEOUT);
    return this;
  }

  private Behavior<Command> onStored(Stored msg) {
    return reply(msg.durable());
  }

  private Behavior<Command> reply(boolean durable) {
    QueryResult r = result;
    replyTo.tell(new QueryResult(r.queryId(), r.sessionId(), r.outcome(), r.text(), r.steps(), r.certificate(),
        r.failures(), r.rounds(), durable, r.trace()));
    return Behaviors.stopped();
  }
}
