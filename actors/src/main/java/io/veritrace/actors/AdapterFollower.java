package io.veritrace.actors;

import io.veritrace.core.CborSerializable;
import io.veritrace.reasoners.local.LocalReasoner;
import io.veritrace.trainer.AdapterRegistry;
import io.veritrace.trainer.qlora.LoraAdapters;
import io.veritrace.trainer.qlora.PeftAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Keeps a local reasoner on the serving version of an adapter registry: every {@code interval},
 * and at once when a {@link TrainerCoordinator} it subscribed to reports a promotion, it reads
 * the registry's serving version (off the serving path, on the blocking dispatcher) and, when it
 * changed, hot-swaps the reasoner to it between two queries, none dropped — a promotion by the
 * trainer, or a rollback by {@code ./veritrace adapters} in another process, alike; a rollback to
 * none turns the adapters off. A version that cannot be swapped in (an adapter of another rank)
 * is logged once and the reasoner keeps the adapter it had.
 */
public final class AdapterFollower {

  public sealed interface Command extends CborSerializable {}

  private record Poll() implements Command {}

  private record Heard(TrainerCoordinator.RoundFinished round) implements Command {}

  /** @param error empty when the swap (or the look finding nothing new) went well */
  private record Looked(String version, String error) implements Command {}

  private final ActorContext<Command> ctx;
  private final Path registry;
  private final LocalReasoner reasoner;
  private final LoraAdapters layers;
  private boolean looking;
  // the version a swap failed on (null for none): not tried again while it serves
  private String failed;
  private String lastLogged;

  private AdapterFollower(ActorContext<Command> ctx, Path registry, LocalReasoner reasoner, LoraAdapters layers) {
    this.ctx = ctx;
    this.registry = registry;
    this.reasoner = reasoner;
    this.layers = layers;
  }

  /** Follows {@code registry}, looking every {@code interval}. */
  public static Behavior<Command> create(Path registry, Duration interval, LocalReasoner reasoner, LoraAdapters layers) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(new Poll(), interval);
      ctx.getSelf().tell(new Poll());
      return new AdapterFollower(ctx, registry, reasoner, layers).behavior();
    }));
  }

  /** As {@link #create(Path, Duration, LocalReasoner, LoraAdapters)}, also looking whenever {@code coordinator} promotes. */
  public static Behavior<Command> create(Path registry, Duration interval, LocalReasoner reasoner, LoraAdapters layers,
      ActorRef<TrainerCoordinator.Command> coordinator) {
    return Behaviors.setup(ctx -> {
      coordinator.tell(new TrainerCoordinator.Subscribe(ctx.messageAdapter(TrainerCoordinator.RoundFinished.class, Heard::new)));
      return create(registry, interval, reasoner, layers);
    });
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(Poll.class, msg -> look())
        .onMessage(Heard.class, msg -> msg.round().promoted() ? look() : Behaviors.same())
        .onMessage(Looked.class, this::onLooked)
        .build();
  }

  private Behavior<Command> look() {
    if (looking) return Behaviors.same();
    looking = true;
    String skip = failed;
    CompletionStage<String> swap = CompletableFuture
        .supplyAsync(this::serving, ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking()))
        .thenCompose(version -> swapTo(version, skip));
    ctx.pipeToSelf(swap, (version, failure) -> failure == null ? new Looked(version, "")
        : new Looked(versionOf(failure), TrainerWorker.rootMessage(failure)));
    return Behaviors.same();
  }

  // on the blocking dispatcher: reads the adapter and queues the swap on the reasoner's generation thread
  private CompletionStage<String> swapTo(String version, String skip) {
    if (version.equals(reasoner.adapter()) || version.equals(skip)) return CompletableFuture.completedFuture(version);
    CompletionStage<Void> swap;
    try {
      swap = version.isEmpty() ? layers.swapOff(reasoner)
          : layers.swapInto(reasoner, version, PeftAdapter.read(registry.resolve("versions").resolve(version)));
    } catch (IOException | RuntimeException e) {
      swap = CompletableFuture.failedFuture(e);
    }
    return swap.handle((ok, e) -> {
      if (e != null) throw new VersionFailed(version, e);
      return version;
    });
  }

  private Behavior<Command> onLooked(Looked msg) {
    looking = false;
    if (msg.error().isEmpty()) {
      if (!msg.version().equals(failed)) failed = null;
      if (!msg.version().equals(lastLogged)) {
        ctx.getLog().info("serving adapter {}", msg.version().isEmpty() ? "none (the base model)" : msg.version());
        lastLogged = msg.version();
      }
    } else if (msg.version() == null) {
      ctx.getLog().warn("could not read the adapter registry {}: {}", registry, msg.error());
    } else {
      if (!msg.version().equals(failed)) ctx.getLog().warn("could not swap to adapter {}: {}", msg.version(), msg.error());
      failed = msg.version();
    }
    return Behaviors.same();
  }

  private String serving() {
    try {
      return AdapterRegistry.servingAt(registry).orElse("");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Carries which version failed to its report. */
  private static final class VersionFailed extends RuntimeException {
    final String version;

    VersionFailed(String version, Throwable cause) {
      super(cause.getMessage(), cause);
      this.version = version;
    }
  }

  /** The version a swap failed on; null when the registry itself could not be read. */
  private static String versionOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) if (c instanceof VersionFailed v) return v.version;
    return null;
  }
}
