package io.veritrace.actors;

import com.typesafe.config.Config;
import java.util.List;

/**
 * What a node does, from its Pekko Cluster roles: {@code frontend} (HTTP API, sessions, query
 * loops), {@code verifier} (step checkers and verifiers), {@code trainer}. A node with no cluster
 * ({@code pekko.actor.provider = local}) is a frontend that checks in-process.
 */
public record NodeRoles(boolean clustered, boolean frontend, boolean verifier) {

  public static final String FRONTEND = "frontend";
  public static final String VERIFIER = "verifier";
  public static final String TRAINER = "trainer";

  public static NodeRoles of(Config config) {
    if (!config.getString("pekko.actor.provider").equals("cluster")) return new NodeRoles(false, true, true);
    List<String> roles = config.getStringList("pekko.cluster.roles");
    return new NodeRoles(true, roles.contains(FRONTEND), roles.contains(VERIFIER));
  }
}
