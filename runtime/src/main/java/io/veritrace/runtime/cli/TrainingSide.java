package io.veritrace.runtime.cli;

import com.typesafe.config.Config;
import io.veritrace.actors.AdapterFollower;
import io.veritrace.actors.NodeRoles;
import io.veritrace.actors.TrainerCoordinator;
import io.veritrace.actors.Veritrace;
import io.veritrace.actors.journal.FileTraceJournal;
import io.veritrace.actors.journal.TraceJournal;
import io.veritrace.reasoners.local.LocalReasoner;
import io.veritrace.runtime.Journals;
import io.veritrace.runtime.TrainerNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;

/**
 * What {@code serve} runs around adapters: the trainer (worker and coordinator) on a node with
 * the trainer role, or on a single node with {@code veritrace.trainer.enabled}; and, with
 * {@code --backend local}, an {@link AdapterFollower} that keeps the model on the registry's
 * serving version. Closes what it opened: a journal opened to read, the local model.
 */
final class TrainingSide implements AutoCloseable {

  private final TraceJournal ownJournal;
  private final LocalReasoner reasoner;

  private TrainingSide(TraceJournal ownJournal, LocalReasoner reasoner) {
    this.ownJournal = ownJournal;
    this.reasoner = reasoner;
  }

  /**
   * @param journal the journal this node writes, if it is a frontend with one
   * @param journalArg {@code --journal} as given, empty when not
   * @param localModel the model folder served with {@code --backend local}, else null
   * @param reasoner that model's reasoner, else null
   */
  static TrainingSide start(Veritrace running, Config config, NodeRoles node, Optional<TraceJournal> journal, String journalArg,
      String localModel, Path registry, LocalReasoner reasoner, ServingAdapter adapter, PrintStream err) throws Exception {
    boolean trains = node.clustered() ? config.getStringList("pekko.cluster.roles").contains(NodeRoles.TRAINER)
        : config.getBoolean("veritrace.trainer.enabled");
    TraceJournal own = null;
    ActorRef<TrainerCoordinator.Command> coordinator = null;
    if (trains) {
      String model = config.getString("veritrace.trainer.model").isEmpty() ? localModel : config.getString("veritrace.trainer.model");
      if (model == null) throw new UsageException("the trainer needs a model to train: set veritrace.trainer.model, or serve --backend local --model DIR");
      if (journalArg.equals("none")) throw new UsageException("the trainer reads the trace journal: --journal none leaves it nothing to train on");
      TraceJournal read = journal.orElse(null);
      if (read == null) {
        // a trainer node that answers no questions reads the journal the frontends write (a file journal without its writer's lock)
        own = read = journalArg.isEmpty()
            ? Journals.openForReading(config).orElseThrow(() -> new UsageException("the trainer reads the trace journal: veritrace.journal.kind is none"))
            : FileTraceJournal.openForReading(Path.of(journalArg));
      }
      TrainerCoordinator.Settings settings = TrainerNode.settings(config, Path.of(model), registry);
      coordinator = TrainerNode.start(running.system(), read, settings, config).coordinator();
      err.printf("trainer: %s; a round once %d failure traces are new in the journal, training %s, adapters in %s%n",
          node.clustered() ? "coordinator as a cluster singleton on the trainer role" : "coordinator on this node", settings.threshold(),
          model, registry);
    }
    if (reasoner != null) {
      Duration every = config.getDuration("veritrace.trainer.follow-interval");
      Behavior<AdapterFollower.Command> follower = coordinator == null ? AdapterFollower.create(registry, every, reasoner, adapter.layers())
          : AdapterFollower.create(registry, every, reasoner, adapter.layers(), coordinator);
      running.system().systemActorOf(follower, "adapter-follower", Props.empty());
      err.printf("adapter: %s, following %s%n", reasoner.adapter().isEmpty() ? "none (the base model)" : reasoner.adapter(), registry);
    }
    return new TrainingSide(own, reasoner);
  }

  @Override
  public void close() throws Exception {
    if (reasoner != null) reasoner.close();
    if (ownJournal != null) ownJournal.close();
  }
}
