package io.veritrace.actors;

import ai.djl.Device;
import io.veritrace.actors.journal.TraceJournal;
import io.veritrace.core.CborSerializable;
import io.veritrace.trainer.AdapterRegistry;
import io.veritrace.trainer.DatasetBuilder;
import io.veritrace.trainer.Gsm8kReplay;
import io.veritrace.trainer.TrainingRound;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * Runs training jobs for the {@link TrainerCoordinator} on one trainer node: exports a journal
 * range as datasets, runs one {@link TrainingRound} on the blocking dispatcher, registers the
 * adapter (the gate's decision journalled) and commits the consumer offset. A worker registers
 * with the Receptionist under {@link #GPU} or {@link #CPU}, so the coordinator can prefer a node
 * with a GPU. One job at a time; a job asked for again while it runs (a coordinator that moved
 * to another node asks afresh) joins the running one instead of training the same traces twice,
 * and a range whose offset was already committed is not trained again. Each version records its
 * range in the registry, so a range registered by a round that stopped before its commit is
 * committed, not trained again.
 */
public final class TrainerWorker {

  /** Workers on nodes with a GPU. */
  public static final ServiceKey<Command> GPU = ServiceKey.create(Command.class, "veritrace-trainer-gpu");

  /** Workers on nodes without one. */
  public static final ServiceKey<Command> CPU = ServiceKey.create(Command.class, "veritrace-trainer-cpu");

  public sealed interface Command extends CborSerializable {}

  /** Train on the failure traces in journal offsets [from, to); {@code failures} of them were counted by the coordinator. */
  public record Train(long from, long to, int failures, ActorRef<TrainerCoordinator.RoundFinished> replyTo) implements Command {}

  private record Done(TrainerCoordinator.RoundFinished result) implements Command {}

  /**
   * What a worker trains with.
   *
   * @param gpu whether this worker offers itself as a GPU node (see {@link #detectGpu})
   * @param device where the model trains: the GPU only where DJL sees one
   */
  public record Setup(TraceJournal journal, TrainerCoordinator.Settings settings, boolean gpu, Device device) {}

  private static final int PAGE = 1000;
  // the round runs off the actor: its failure is logged with its stack from there
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrainerWorker.class);

  private final ActorContext<Command> ctx;
  private final Setup setup;
  private final String node;
  private final List<ActorRef<TrainerCoordinator.RoundFinished>> waiting = new ArrayList<>();
  private long runningFrom = -1;

  private TrainerWorker(ActorContext<Command> ctx, Setup setup) {
    this.ctx = ctx;
    this.setup = setup;
    this.node = ctx.getSystem().address().toString();
  }

  public static Behavior<Command> create(Setup setup) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(setup.gpu() ? GPU : CPU, ctx.getSelf()));
      ctx.getLog().info("trainer worker on {} ({}, training on {})", ctx.getSystem().address(), setup.gpu() ? "GPU" : "CPU",
          setup.device());
      return new TrainerWorker(ctx, setup).behavior();
    });
  }

  /**
   * Whether this node has a GPU for training: {@code on} or {@code off} as configured
   * ({@code veritrace.trainer.gpu}), or {@code auto}: whether DJL's PyTorch engine sees one.
   */
  public static boolean detectGpu(String setting) {
    return switch (setting) {
      case "on" -> true;
      case "off" -> false;
      case "auto" -> ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount() > 0;
      default -> throw new IllegalArgumentException("veritrace.trainer.gpu must be auto, on or off: " + setting);
    };
  }

  /** The GPU where DJL sees one; else the CPU (a node told it has a GPU that DJL cannot see trains on the CPU). */
  public static Device device() {
    return ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount() > 0 ? Device.gpu() : Device.cpu();
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(Train.class, this::onTrain)
        .onMessage(Done.class, this::onDone)
        .build();
  }

  private Behavior<Command> onTrain(Train msg) {
    if (runningFrom == msg.from()) {
      waiting.add(msg.replyTo());
      return Behaviors.same();
    }
    if (runningFrom >= 0) {
      msg.replyTo().tell(failed(msg, "this worker is training offsets from " + runningFrom));
      return Behaviors.same();
    }
    long committed = setup.journal().committed(setup.settings().consumer());
    if (committed > msg.from()) {
      // trained already (by this worker for a coordinator that has since moved): the coordinator re-reads the offset
      msg.replyTo().tell(new TrainerCoordinator.RoundFinished("", false, "already trained up to offset " + committed, "", msg.from(), committed,
          0, node, setup.gpu(), ""));
      return Behaviors.same();
    }
    runningFrom = msg.from();
    waiting.add(msg.replyTo());
    ctx.getLog().info("training on offsets {}-{} ({} failure traces)", msg.from(), msg.to(), msg.failures());
    ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> train(msg), ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking())),
        (result, failure) -> new Done(failure == null ? result : failed(msg, rootMessage(failure))));
    return Behaviors.same();
  }

  private Behavior<Command> onDone(Done msg) {
    waiting.forEach(r -> r.tell(msg.result()));
    waiting.clear();
    runningFrom = -1;
    return Behaviors.same();
  }

  // runs on the blocking dispatcher: exports [from, to), trains, gates, registers, commits
  private TrainerCoordinator.RoundFinished train(Train job) {
    TrainerCoordinator.Settings settings = setup.settings();
    TraceJournal journal = setup.journal();
    try {
      AdapterRegistry registry = new AdapterRegistry(settings.registry());
      // registered by a round that stopped before its commit (a crash in between): commit it now, train nothing
      for (AdapterRegistry.Event e : registry.events()) {
        if (!e.source().startsWith(source(settings.consumer(), job.from(), -1))) continue;
        long to = Long.parseLong(e.source().substring(e.source().lastIndexOf('-') + 1));
        journal.commit(settings.consumer(), to);
        return new TrainerCoordinator.RoundFinished("", false, "offsets " + job.from() + "-" + to + " were trained as " + e.version(), "",
            job.from(), to, 0, node, setup.gpu(), "");
      }
      DatasetBuilder builder = new DatasetBuilder(settings.datasets());
      int[] corrupt = {0};
      journal.read(job.from(), job.to(), PAGE, batch -> {
        batch.entries().forEach(e -> builder.add(e.trace()));
        corrupt[0] += (int) batch.corruptions().stream().filter(io.veritrace.actors.journal.JournalBatch.Corruption::lost).count();
      });
      Path data = Files.createDirectories(settings.work()).resolve("round-" + job.from() + "-" + job.to());
      builder.write(data, settings.datasets().replayShare() > 0 ? Gsm8kReplay.load(settings.replay()) : List.of(),
          Map.of("journal-consumer", settings.consumer(), "from", job.from(), "to", job.to(), "corruptRecordsSkipped", corrupt[0]));
      TrainingRound.Result result = new TrainingRound(settings.round()).run(settings.model(), setup.device(), data, registry, settings.replay(),
          source(settings.consumer(), job.from(), job.to()), new PrintStream(System.err, true));
      journal.commit(settings.consumer(), job.to());
      boolean promoted = result.decision().promoted();
      return new TrainerCoordinator.RoundFinished(result.version(), promoted, result.decision().reason(),
          promoted ? registry.folder(result.version()).toString() : "", job.from(), job.to(), job.failures(), node, setup.gpu(), "");
    } catch (IOException e) {
      LOG.warn("the training round on offsets {}-{} failed", job.from(), job.to(), e);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      LOG.warn("the training round on offsets {}-{} failed", job.from(), job.to(), e);
      throw e;
    }
  }

  /**
   * What a version trained on journal offsets [from, to) records as its source in the registry;
   * with {@code to} of -1, the prefix every range from {@code from} starts with.
   */
  static String source(String consumer, long from, long to) {
    return "journal " + consumer + " offsets " + from + "-" + (to < 0 ? "" : Long.toString(to));
  }

  private TrainerCoordinator.RoundFinished failed(Train job, String error) {
    return new TrainerCoordinator.RoundFinished("", false, "", "", job.from(), job.to(), job.failures(), node, setup.gpu(), error);
  }

  static String rootMessage(Throwable t) {
    while (t.getCause() != null) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
