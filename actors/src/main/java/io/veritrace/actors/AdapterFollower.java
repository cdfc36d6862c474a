package io.veritrace.actors;

import io.veritrace.core.CborSerializable;
import io.veritrace.reasoners.local.LocalReasoner;
import io.veritrace.trainer.qlora.LoraAdapters;
import io.veritrace.trainer.qlora.PeftAdapter;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Keeps a local reasoner on the trainer's latest promoted adapter: subscribes to the
 * {@link TrainerCoordinator} and, on each promotion, reads the adapter (off the serving path, on
 * the blocking dispatcher) and hot-swaps it in between two queries, none dropped. Rejected
 * rounds change nothing. A swap that fails (an adapter of another rank) is logged and the
 * reasoner keeps the adapter it had.
 */
public final class AdapterFollower {

  public sealed interface Command extends CborSerializable {}

  private record Heard(TrainerCoordinator.RoundFinished round) implements Command {}

  private record Swapped(String version, String error) implements Command {}

  private AdapterFollower() {}

  /** @param layers the adapter layers {@code reasoner}'s model was loaded with */
  public static Behavior<Command> create(ActorRef<TrainerCoordinator.Command> coordinator, LocalReasoner reasoner, LoraAdapters layers) {
    return Behaviors.setup(ctx -> {
      coordinator.tell(new TrainerCoordinator.Subscribe(ctx.messageAdapter(TrainerCoordinator.RoundFinished.class, Heard::new)));
      return Behaviors.receive(Command.class)
          .onMessage(Heard.class, msg -> onHeard(ctx, reasoner, layers, msg.round()))
          .onMessage(Swapped.class, msg -> onSwapped(ctx, msg))
          .build();
    });
  }

  private static Behavior<Command> onHeard(ActorContext<Command> ctx, LocalReasoner reasoner, LoraAdapters layers,
      TrainerCoordinator.RoundFinished round) {
    if (!round.promoted()) return Behaviors.same();
    CompletableFuture<Void> swap = CompletableFuture
        .supplyAsync(() -> read(round.folder()), ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking()))
        .thenCompose(adapter -> layers.swapInto(reasoner, round.version(), adapter));
    ctx.pipeToSelf(swap, (ok, failure) -> new Swapped(round.version(), failure == null ? "" : String.valueOf(failure.getMessage())));
    return Behaviors.same();
  }

  private static PeftAdapter read(String folder) {
    try {
      return PeftAdapter.read(Path.of(folder));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Behavior<Command> onSwapped(ActorContext<Command> ctx, Swapped msg) {
    if (msg.error().isEmpty()) ctx.getLog().info("serving adapter {}", msg.version());
    else ctx.getLog().warn("could not swap to adapter {}: {}", msg.version(), msg.error());
    return Behaviors.same();
  }
}
