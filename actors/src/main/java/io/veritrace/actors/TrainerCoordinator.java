package io.veritrace.actors;

import io.veritrace.actors.journal.JournalBatch;
import io.veritrace.actors.journal.TraceJournal;
import io.veritrace.core.CborSerializable;
import io.veritrace.core.Outcome;
import io.veritrace.core.Round;
import io.veritrace.core.Trace;
import io.veritrace.trainer.AdapterRegistry;
import io.veritrace.trainer.DatasetBuilder;
import io.veritrace.trainer.Gsm8kReplay;
import io.veritrace.trainer.TrainingRound;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The trainer's coordinator: on every tick it reads the trace journal from where it last looked
 * (its consumer offset on the first tick), counts the failure traces, and once at least
 * {@code threshold} arrived it exports them as datasets and runs one {@link TrainingRound} (the
 * round {@code ./veritrace train} runs) on the blocking dispatcher. The round's gate decision is
 * journalled by the {@link AdapterRegistry}; subscribers hear of every round, and a promoted
 * version is what their reasoners hot-swap to. Only after the round is registered is the offset
 * committed, so a crash mid-round retrains those traces and no trace is trained twice otherwise.
 * Meant to run once per cluster, as a singleton on the {@code trainer} role.
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
   */
  public record Status(long committed, long scanned, int pendingFailures, boolean training, int rounds) implements CborSerializable {}

  /**
   * A round's end: the registered version and the gate's decision, or the error that stopped the
   * round (then {@code version} is empty and the offset stays where it was).
   *
   * @param folder the adapter's folder when promoted: what a local reasoner swaps to
   */
  public record RoundFinished(String version, boolean promoted, String reason, String folder, long from, long to, int failures,
      String error) implements CborSerializable {}

  private record RoundDone(RoundFinished result) implements Command {}

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
  private final Executor blocking;
  private final Set<ActorRef<RoundFinished>> subscribers = new HashSet<>();
  private long committed;
  private long scanned;
  private int pending;
  // after a failed round, wait for a new failure instead of repeating the same round every tick
  private int failedAt;
  private boolean training;
  private int rounds;

  private TrainerCoordinator(ActorContext<Command> ctx, TraceJournal journal, Settings settings) {
    this.ctx = ctx;
    this.journal = journal;
    this.settings = settings;
    this.blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    this.committed = journal.committed(settings.consumer());
    this.scanned = committed;
  }

  /** The journal stays the caller's to close. */
  public static Behavior<Command> create(TraceJournal journal, Settings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(new Tick(), settings.interval());
      return new TrainerCoordinator(ctx, journal, settings).behavior();
    }));
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(Tick.class, msg -> onTick())
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(RoundDone.class, this::onRoundDone)
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
    training = true;
    long from = committed, to = scanned;
    int failures = pending;
    ctx.getLog().info("{} failure traces in offsets {}-{}: training a round", failures, from, to);
    ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> train(from, to, failures), blocking),
        (result, failure) -> new RoundDone(failure == null ? result
            : new RoundFinished("", false, "", "", from, to, failures, rootMessage(failure))));
  }

  // runs on the blocking dispatcher: exports [from, to), trains, gates, registers, commits
  private RoundFinished train(long from, long to, int failures) {
    try {
      DatasetBuilder builder = new DatasetBuilder(settings.datasets());
      int[] corrupt = {0};
      journal.read(from, to, PAGE, batch -> {
        batch.entries().forEach(e -> builder.add(e.trace()));
        corrupt[0] += batch.corruptions().size();
      });
      Path data = Files.createDirectories(settings.work()).resolve("round-" + from + "-" + to);
      builder.write(data, settings.datasets().replayShare() > 0 ? Gsm8kReplay.load(settings.replay()) : List.of(), Map.of("journal-consumer", settings.consumer(), "from", from, "to", to, "corruptRecordsSkipped", corrupt[0]));
      AdapterRegistry registry = new AdapterRegistry(settings.registry());
      TrainingRound.Result result = new TrainingRound(settings.round())
          .run(settings.model(), data, registry, settings.replay(), new PrintStream(System.err, true));
      journal.commit(settings.consumer(), to);
      boolean promoted = result.decision().promoted();
      return new RoundFinished(result.version(), promoted, result.decision().reason(),
          promoted ? registry.folder(result.version()).toString() : "", from, to, failures, "");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Behavior<Command> onRoundDone(RoundDone msg) {
    RoundFinished r = msg.result();
    training = false;
    if (r.error().isEmpty()) {
      rounds++;
      committed = r.to();
      pending -= r.failures();
      failedAt = 0;
      ctx.getLog().info("round on offsets {}-{}: {} {}", r.from(), r.to(), r.version(), r.promoted() ? "promoted" : "rejected");
    } else {
      failedAt = pending;
      ctx.getLog().warn("the training round on offsets {}-{} failed: {}", r.from(), r.to(), r.error());
    }
    subscribers.forEach(s -> s.tell(r));
    return Behaviors.same();
  }

  private Behavior<Command> onSubscribe(Subscribe msg) {
    subscribers.add(msg.subscriber());
    return Behaviors.same();
  }

  private Behavior<Command> onGetStatus(GetStatus msg) {
    msg.replyTo().tell(new Status(committed, scanned, pending, training, rounds));
    return Behaviors.same();
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** A trace the model can learn from: an answer that failed a check, or a query that did not verify. */
  static boolean isFailure(Trace trace) {
    if (trace.outcome() != Outcome.VERIFIED) return true;
    for (Round r : trace.rounds()) if (!r.rejections().isEmpty()) return true;
    return false;
  }
}
