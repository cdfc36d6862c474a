package io.veritrace.runtime.cli;

import com.typesafe.config.Config;
import io.veritrace.actors.AdapterFollower;
import io.veritrace.actors.NodeRoles;
import io.veritrace.actors.TrainerCluster;
import io.veritrace.actors.TrainerCoordinator;
import io.veritrace.actors.TrainerWorker;
import io.veritrace.actors.Veritrace;
import io.veritrace.actors.journal.FileTraceJournal;
import io.veritrace.actors.journal.TraceJournal;
import io.veritrace.reasoners.local.LocalReasoner;
import io.veritrace.runtime.Journals;
import io.veritrace.runtime.TrainerSettings;
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
   * What this node will run, checked before anything starts so that a bad setting is a usage
   * error with nothing to clean up.
   *
   * @param settings the trainer's, or null when this node trains nothing
   */
  record Plan(TrainerCoordinator.Settings settings, boolean gpu, Path registry, Duration followEvery) {}

  /**
   * @param journalArg {@code --journal} as given, empty when not
   * @param localModel the model folder given with {@code --backend local}, else null
   */
  static Plan plan(Config config, NodeRoles node, String journalArg, String localModel, Path registry) {
    boolean trains = node.clustered() ? config.getStringList("pekko.cluster.roles").contains(NodeRoles.TRAINER)
        : config.getBoolean("veritrace.trainer.enabled");
    Duration every = config.getDuration("veritrace.trainer.follow-interval");
    if (!trains) return new Plan(null, false, registry, every);
    String model = config.getString("veritrace.trainer.model").isEmpty() ? localModel : config.getString("veritrace.trainer.model");
    if (model == null) throw new UsageException("the trainer needs a model to train: set veritrace.trainer.model, or serve --backend local --model DIR");
    if (journalArg.equals("none")) throw new UsageException("the trainer reads the trace journal: --journal none leaves it nothing to train on");
    try {
      TrainerCoordinator.Settings settings = TrainerSettings.settings(config, Path.of(model), registry);
      return new Plan(settings, TrainerWorker.detectGpu(config.getString("veritrace.trainer.gpu")), registry, every);
    } catch (IllegalArgumentException e) {
      throw new UsageException("veritrace.trainer: " + e.getMessage());
    }
  }

  /**
   * Starts what {@code plan} says on {@code running}.
   *
   * @param journal the journal this node writes, if it is a frontend with one
   * @param reasoner the reasoner of {@code --backend local}, else null
   */
  static TrainingSide start(Plan plan, Veritrace running, Config config, Optional<TraceJournal> journal, String journalArg,
      LocalReasoner reasoner, ServingAdapter adapter, PrintStream err) throws Exception {
    TraceJournal own = null;
    ActorRef<TrainerCoordinator.Command> coordinator = null;
    if (plan.settings() != null) {
      TraceJournal read = journal.orElse(null);
      if (read == null) {
        // a trainer node that answers no questions reads the journal the frontends write (a file journal without its writer's lock)
        own = read = journalArg.isEmpty()
            ? Journals.openForReading(config).orElseThrow(() -> new UsageException("the trainer reads the trace journal: veritrace.journal.kind is none"))
            : FileTraceJournal.openForReading(Path.of(journalArg));
      }
      coordinator = TrainerCluster.start(running.system(), read, plan.settings(), plan.gpu(), TrainerWorker.device()).coordinator();
      err.printf("trainer: %s, worker on the %s; a round once %d failure traces are new in the journal, training %s, adapters in %s%n",
          NodeRoles.of(config).clustered() ? "coordinator as a cluster singleton on the trainer role" : "coordinator on this node",
          plan.gpu() ? "GPU" : "CPU", plan.settings().threshold(), plan.settings().model(), plan.registry());
    }
    if (reasoner != null) {
      Behavior<AdapterFollower.Command> follower = coordinator == null
          ? AdapterFollower.create(plan.registry(), plan.followEvery(), reasoner, adapter.layers())
          : AdapterFollower.create(plan.registry(), plan.followEvery(), reasoner, adapter.layers(), coordinator);
      running.system().systemActorOf(follower, "adapter-follower", Props.empty());
      err.printf("adapter: %s, following %s%n", reasoner.adapter().isEmpty() ? "none (the base model)" : reasoner.adapter(), plan.registry());
    }
    return new TrainingSide(own, reasoner);
  }

  @Override
  public void close() throws Exception {
    if (reasoner != null) reasoner.close();
    if (ownJournal != null) ownJournal.close();
  }
}
