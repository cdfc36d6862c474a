package io.veritrace.actors;

import io.veritrace.actors.journal.JournalBatch;
import io.veritrace.actors.journal.TraceJournal;
import io.veritrace.core.CborSerializable;
import io.veritrace.core.Outcome;
import io.veritrace.core.Round;
import io.veritrace.core.Trace;
import io.veritrace.trainer.DatasetBuilder;
import io.veritrace.trainer.TrainingRound;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * The trainer's coordinator: on every tick it reads the trace journal from where it last looked
 * (its consumer offset on the first tick), counts the failure traces, and once at least
 * {@code threshold} arrived it sends the range to a {@link TrainerWorker} — one on a node with a
 * GPU when the Receptionist lists any, else one on a CPU node; with none it waits, saying so once.
 * The worker exports the range, trains one round (the round {@code ./veritrace train} runs),
 * journals the gate's decision in the adapter registry and only then commits the consumer offset,
 * so a crash mid-round retrains those traces and no trace is trained twice otherwise.
 * Subscribers hear of every round; a promoted version is what their reasoners hot-swap to.
 *
 * <p>Runs once per cluster, as a Cluster Singleton on the {@code trainer} role
 * ({@link TrainerCluster}); its only state is the journal's offset, so when its node is lost the
 * singleton starts afresh on another trainer node from the committed offset. A worker lost
 * mid-round (its node gone) ends the round with an error and the next tick tries again.
 */
public final class TrainerCoordinator {

  public sealed interface Command extends CborSerializable {}

  /** Look at the journal now (the timer sends these every {@code Settings.interval}). */
  public record Tick() implements Command {}

  /** Tells {@code subscriber} of every finished round. */
  public record Subscribe(ActorRef<RoundFinished> subscriber) implements Command {}

  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  /**
   * @param committed the consumer offset: everything before it was trained on
   * @param scanned where the next tick reads from
   * @param pendingFailures failure traces between the two
   * @param node the address of the node the coordinator runs on
   * @param gpuWorkers workers the Receptionist lists on GPU nodes
   * @param cpuWorkers and on CPU nodes
   */
  public record Status(long committed, long scanned, int pendingFailures, boolean training, int rounds, String node, int gpuWorkers,
      int cpuWorkers) implements CborSerializable {}

  /**
   * A round's end: the registered version and the gate's decision, or the error that stopped the
   * round (then {@code version} is empty and the offset stays where it was).
   *
   * @param folder the adapter's folder when promoted: what a local reasoner swaps to
   * @param worker the address of the node whose worker trained
   * @param gpu whether that worker is on a GPU node
   */
  public record RoundFinished(String version, boolean promoted, String reason, String folder, long from, long to, int failures,
      String worker, boolean gpu, String error) implements CborSerializable {}

  private record RoundDone(RoundFinished result) implements Command {}

  private record WorkersListed(Receptionist.Listing listing) implements Command {}

  private record WorkerLost(long from, long to, int failures) implements Command {}

  /**
   * @param consumer the journal consumer whose offset marks what was trained on
   * @param threshold failure traces that start a round
   * @param model the local model folder
   * @param work where each round's datasets are written
   * @param replay GSM8K-layout questions for the gate's replay set
   */
  public record Settings(String consumer, int threshold, Duration interval, Path model, Path registry, Path work, Path replay,
      DatasetBuilder.Options datasets, TrainingRound.Settings round) {
    public Settings {
      TraceJournal.checkConsumer(consumer);
      if (threshold < 1) throw new IllegalArgumentException("the failure threshold must be at least 1: " + threshold);
    }
  }

  private static final int PAGE = 1000;

  private final ActorContext<Command> ctx;
  private final TraceJournal journal;
  private final Settings settings;
  private final Set<ActorRef<RoundFinished>> subscribers = new HashSet<>();
  private Set<ActorRef<TrainerWorker.Command>> gpuWorkers = Set.of();
  private Set<ActorRef<TrainerWorker.Command>> cpuWorkers = Set.of();
  private long committed;
  private long scanned;
  private int pending;
  // after a failed round, wait for a new failure instead of repeating the same round every tick
  private int failedAt;
  private boolean training;
  private boolean saidNoWorker;
  private ActorRef<TrainerWorker.Command> worker; // the one training now
  private final ActorRef<RoundFinished> replies;
  private int rounds;

  private TrainerCoordinator(ActorContext<Command> ctx, TraceJournal journal, Settings settings) {
    this.ctx = ctx;
    this.journal = journal;
    this.settings = settings;
    this.committed = journal.committed(settings.consumer());
    this.scanned = committed;
    this.replies = ctx.messageAdapter(RoundFinished.class, RoundDone::new);
  }

  /** The journal stays the caller's to close. */
  public static Behavior<Command> create(TraceJournal journal, Settings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(new Tick(), settings.interval());
      ActorRef<Receptionist.Listing> listings = ctx.messageAdapter(Receptionist.Listing.class, WorkersListed::new);
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(TrainerWorker.GPU, listings));
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(TrainerWorker.CPU, listings));
      ctx.getLog().info("trainer coordinator on {}, from journal offset {}", ctx.getSystem().address(), journal.committed(settings.consumer()));
      return new TrainerCoordinator(ctx, journal, settings).behavior();
    }));
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(Tick.class, msg -> onTick())
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(WorkersListed.class, this::onWorkersListed)
        .onMessage(RoundDone.class, msg -> onRoundFinished(msg.result()))
        .onMessage(WorkerLost.class, this::onWorkerLost)
        .build();
  }

  private Behavior<Command> onTick() {
    if (training) return Behaviors.same();
    scanned = journal.read(scanned, journal.end(), PAGE, batch -> {
      for (JournalBatch.Entry e : batch.entries()) if (isFailure(e.trace())) pending++;
    });
    if (pending >= settings.threshold() && pending > failedAt) startRound();
    return Behaviors.same();
  }

  private void startRound() {
    Optional<ActorRef<TrainerWorker.Command>> chosen = gpuWorkers.stream().findFirst().or(() -> cpuWorkers.stream().findFirst());
    if (chosen.isEmpty()) {
      if (!saidNoWorker) ctx.getLog().warn("{} failure traces wait for a trainer worker: none is registered yet", pending);
      saidNoWorker = true;
      return;
    }
    saidNoWorker = false;
    training = true;
    worker = chosen.get();
    long from = committed, to = scanned;
    int failures = pending;
    ctx.getLog().info("{} failure traces in offsets {}-{}: training a round on {}", failures, from, to, worker.path().address());
    // a worker whose node is lost never answers: its loss ends the round instead
    ctx.watchWith(worker, new WorkerLost(from, to, failures));
    worker.tell(new TrainerWorker.Train(from, to, failures, replies));
  }

  private Behavior<Command> onRoundFinished(RoundFinished r) {
    return finish(r, false);
  }

  /** @param retry whether the traces go to the next tick's round (the worker was lost, not the round failed) */
  private Behavior<Command> finish(RoundFinished r, boolean retry) {
    if (!training) return Behaviors.same();
    training = false;
    ctx.unwatch(worker);
    if (r.error().isEmpty()) {
      if (!r.version().isEmpty()) rounds++;
      // the worker committed the offset: read again from it, whatever range this round covered
      committed = journal.committed(settings.consumer());
      scanned = committed;
      pending = 0;
      failedAt = 0;
      if (r.version().isEmpty()) ctx.getLog().info("offsets {}-{}: {}", r.from(), r.to(), r.reason());
      else ctx.getLog().info("round on offsets {}-{} on {}: {} {}", r.from(), r.to(), r.worker(), r.version(), r.promoted() ? "promoted" : "rejected");
    } else {
      failedAt = retry ? 0 : pending;
      ctx.getLog().warn("the training round on offsets {}-{} failed: {}", r.from(), r.to(), r.error());
    }
    subscribers.forEach(s -> s.tell(r));
    return Behaviors.same();
  }

  private Behavior<Command> onWorkerLost(WorkerLost lost) {
    // not a failed round: the traces are untouched, so the next tick tries again on another worker
    return finish(new RoundFinished("", false, "", "", lost.from(), lost.to(), lost.failures(), "", false,
        "the trainer worker was lost mid-round"), true);
  }

  private Behavior<Command> onWorkersListed(WorkersListed msg) {
    if (msg.listing().isForKey(TrainerWorker.GPU)) gpuWorkers = msg.listing().getServiceInstances(TrainerWorker.GPU);
    else cpuWorkers = msg.listing().getServiceInstances(TrainerWorker.CPU);
    return Behaviors.same();
  }

  private Behavior<Command> onSubscribe(Subscribe msg) {
    subscribers.add(msg.subscriber());
    return Behaviors.same();
  }

  private Behavior<Command> onGetStatus(GetStatus msg) {
    msg.replyTo().tell(new Status(committed, scanned, pending, training, rounds, ctx.getSystem().address().toString(), gpuWorkers.size(),
        cpuWorkers.size()));
    return Behaviors.same();
  }

  /** A trace the model can learn from: an answer that failed a check, or a query that did not verify. */
  public static boolean isFailure(Trace trace) {
    if (trace.outcome() != Outcome.VERIFIED) return true;
    for (Round r : trace.rounds()) if (!r.rejections().isEmpty()) return true;
    return false;
  }
}
