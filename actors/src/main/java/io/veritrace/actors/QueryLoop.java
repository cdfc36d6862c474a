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
 * One query: Reasoner, then StepChecker, then Verifier, then Corrector, round after round, until
 * the verdicts settle an outcome ({@link LoopDecision}), the round budget is spent, or the
 * deadline passes. Every request to a worker has a timeout and is sent once more if the worker
 * dies or stalls, so a restarted worker loses no query; a checker that never answers yields an
 * ERROR verdict, never a pass. The trace is journalled before the reply goes out.
 */
public final class QueryLoop extends AbstractBehavior<QueryLoop.Command> {

  public sealed interface Command extends CborSerializable {}

  private record GotProposal(ReasonerWorker.Proposed proposed, String failure) implements Command {}

  private record GotSteps(StepChecker.StepsChecked checked, String failure) implements Command {}

  private record GotVerdicts(ProposalVerifier.Verified verified, String failure) implements Command {}

  private record GotCorrection(CorrectorWorker.Corrected corrected, String failure) implements Command {}

  private record DeadlineReached() implements Command {}

  private record Stored(boolean durable) implements Command {}

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
  private List<Verdict> stepVerdicts = List.of();
  private List<Verdict> verdicts = List.of();
  private boolean justified;
  private Set<String> previousFailures = Set.of();
  private QueryResult result;

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
    timers.startSingleTimer(new DeadlineReached(), policy.deadline());
    askReasoner(ReasonerRequest.first(query));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(GotProposal.class, this::onProposal)
        .onMessage(GotSteps.class, this::onSteps)
        .onMessage(GotVerdicts.class, this::onVerdicts)
        .onMessage(GotCorrection.class, this::onCorrection)
        .onMessage(DeadlineReached.class, m -> onDeadline())
        .onMessage(Stored.class, this::onStored)
        .build();
  }

  private void askReasoner(ReasonerRequest req) {
    request = req;
    Duration left = policy.deadline().minusNanos(System.nanoTime() - startNanos);
    getContext().ask(ReasonerWorker.Proposed.class, workers.reasoner(), left.isNegative() ? Duration.ofMillis(1) : left,
        ref -> new ReasonerWorker.Propose(req, ref),
        (res, err) -> new GotProposal(res, err == null ? null : "no answer from the reasoner: " + err.getMessage()));
  }

  private void askSteps() {
    getContext().ask(StepChecker.StepsChecked.class, workers.stepChecker(), policy.checkTimeout(),
        ref -> new StepChecker.CheckSteps(query, proposal, ref),
        (res, err) -> new GotSteps(res, err == null ? null : "step checker did not answer within " + policy.checkTimeout()));
  }

  private void askVerifier() {
    getContext().ask(ProposalVerifier.Verified.class, workers.verifier(), policy.checkTimeout(),
        ref -> new ProposalVerifier.Verify(query, proposal, stepVerdicts, ref),
        (res, err) -> new GotVerdicts(res, err == null ? null : "verifier did not answer within " + policy.checkTimeout()));
  }

  private void askCorrector() {
    getContext().ask(CorrectorWorker.Corrected.class, workers.corrector(), policy.checkTimeout(),
        ref -> new CorrectorWorker.Correct(query, proposal, verdicts, ref),
        (res, err) -> new GotCorrection(res, err == null ? null : "corrector did not answer within " + policy.checkTimeout()));
  }

  private Behavior<Command> onProposal(GotProposal msg) {
    if (result != null) return this;
    String failure = msg.failure() != null ? msg.failure() : msg.proposed().error().isEmpty() ? null : msg.proposed().error();
    if (failure != null) {
      if (attempt++ < ATTEMPTS) {
        askReasoner(request);
        return this;
      }
      return finish(Outcome.REFUSE, "The model could not give an answer: " + failure, Certificate.EMPTY, "reasoner-error");
    }
    attempt = 1;
    proposal = msg.proposed().proposal();
    askSteps();
    return this;
  }

  private Behavior<Command> onSteps(GotSteps msg) {
    if (result != null) return this;
    if (msg.failure() != null && attempt++ < ATTEMPTS) {
      askSteps();
      return this;
    }
    attempt = 1;
    stepVerdicts = msg.failure() != null
        ? List.of(Verdict.error("steps", "checker.timeout", -1, msg.failure()))
        : msg.checked().verdicts();
    askVerifier();
    return this;
  }

  private Behavior<Command> onVerdicts(GotVerdicts msg) {
    if (result != null) return this;
    if (msg.failure() != null && attempt++ < ATTEMPTS) {
      askVerifier();
      return this;
    }
    attempt = 1;
    List<Verdict> all = new ArrayList<>(stepVerdicts);
    all.addAll(msg.failure() != null
        ? List.of(Verdict.error("verifier", "checker.timeout", -1, msg.failure()))
        : msg.verified().verdicts());
    verdicts = List.copyOf(all);
    LoopDecision decision = LoopDecision.decide(policy, round, proposal, verdicts, justified, previousFailures);
    if (decision instanceof LoopDecision.End end) {
      rounds.add(new Round(round, proposal, verdicts, null, System.nanoTime() - roundStart));
      return finish(end.outcome(), end.text(), end.certificate(), end.stopReason());
    }
    if (decision instanceof LoopDecision.Justify) justified = true;
    askCorrector();
    return this;
  }

  private Behavior<Command> onCorrection(GotCorrection msg) {
    if (result != null) return this;
    if (msg.failure() != null && attempt++ < ATTEMPTS) {
      askCorrector();
      return this;
    }
    attempt = 1;
    Correction correction = msg.failure() != null
        ? new Correction(verdicts.stream().filter(Verdict::rejects).toList(), null, "Fix the failed steps: " + msg.failure())
        : msg.corrected().correction();
    rounds.add(new Round(round, proposal, verdicts, correction, System.nanoTime() - roundStart));
    previousFailures = LoopDecision.signature(verdicts.stream().filter(Verdict::rejects).toList());
    round++;
    roundStart = System.nanoTime();
    if (correction.isRepair()) {
      proposal = correction.repaired();
      askSteps();
    } else {
      askReasoner(new ReasonerRequest(query, round, proposal, correction));
    }
    return this;
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
