package io.veritrace.actors;

import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * What a node does, from its Pekko Cluster roles: {@code frontend} (HTTP API, sessions, query
 * loops), {@code verifier} (step checkers and verifiers), {@code trainer}. A node with no cluster
 * ({@code pekko.actor.provider = local}) is a frontend that checks in-process.
 */
public record NodeRoles(boolean clustered, boolean frontend, boolean verifier) {

  public static final String FRONTEND = "frontend";
  public static final String VERIFIER = "verifier";
  public static final String TRAINER = "trainer";

  public static NodeRoles of(ActorSystem<?> system) {
    if (!system.settings().config().getString("pekko.actor.provider").equals("cluster")) return new NodeRoles(false, true, true);
    Set<String> roles = Cluster.get(system).selfMember().getRoles();
    return new NodeRoles(true, roles.contains(FRONTEND), roles.contains(VERIFIER));
  }
}
