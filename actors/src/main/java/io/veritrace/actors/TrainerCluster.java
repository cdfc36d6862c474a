package io.veritrace.actors;

import ai.djl.Device;
import io.veritrace.actors.journal.TraceJournal;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * The trainer side of a node: a {@link TrainerWorker}, and the {@link TrainerCoordinator} — a
 * Cluster Singleton on the {@code trainer} role in a cluster (it runs on the oldest trainer node
 * and moves when that node is lost; every trainer node holds a proxy to it), a plain actor on a
 * node with no cluster.
 *
 * @param coordinator the coordinator, or in a cluster the proxy that forwards to wherever it runs
 */
public record TrainerCluster(ActorRef<TrainerCoordinator.Command> coordinator, ActorRef<TrainerWorker.Command> worker) {

  /** The singleton's name: one coordinator per cluster under it. */
  public static final String SINGLETON = "trainer-coordinator";

  /**
   * Starts the worker and the coordinator (or its singleton proxy) on {@code system}, whose
   * configuration says whether it is a cluster node; a cluster node must have the trainer role.
   * The journal stays the caller's to close.
   */
  public static TrainerCluster start(ActorSystem<?> system, TraceJournal journal, TrainerCoordinator.Settings settings, boolean gpu,
      Device device) {
    NodeRoles roles = NodeRoles.of(system.settings().config());
    if (roles.clustered() && !system.settings().config().getStringList("pekko.cluster.roles").contains(NodeRoles.TRAINER)) {
      throw new IllegalArgumentException("the trainer runs on nodes with the trainer role; this one has "
          + system.settings().config().getStringList("pekko.cluster.roles"));
    }
    ActorRef<TrainerWorker.Command> worker = system.systemActorOf(
        supervised(TrainerWorker.create(new TrainerWorker.Setup(journal, settings, gpu, device))), "trainer-worker", Props.empty());
    Behavior<TrainerCoordinator.Command> coordinator = supervised(TrainerCoordinator.create(journal, settings));
    if (!roles.clustered()) return new TrainerCluster(system.systemActorOf(coordinator, SINGLETON, Props.empty()), worker);
    ActorRef<TrainerCoordinator.Command> proxy = ClusterSingleton.get(system).init(SingletonActor.of(coordinator, SINGLETON)
        .withSettings(ClusterSingletonSettings.create(system).withRole(NodeRoles.TRAINER)));
    return new TrainerCluster(proxy, worker);
  }

  // a journal that cannot be read for a moment (a lost database) restarts the actor, which resumes from the committed offset
  private static <T> Behavior<T> supervised(Behavior<T> behavior) {
    return Behaviors.supervise(behavior).onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2));
  }
}
