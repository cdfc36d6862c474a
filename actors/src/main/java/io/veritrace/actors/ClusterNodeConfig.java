package io.veritrace.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The configuration of a cluster node: {@code veritrace-cluster.conf} over the single-node
 * defaults, with the roles and seed nodes of {@code veritrace.cluster} turned into Pekko's
 * settings. System properties win over everything, then {@code overrides}.
 */
public final class ClusterNodeConfig {

  private static final Set<String> ROLES = Set.of(NodeRoles.FRONTEND, NodeRoles.VERIFIER, NodeRoles.TRAINER);

  private ClusterNodeConfig() {}

  /**
   * @param overrides settings above the cluster file (a {@code --config} file, a test's ports)
   * @param roles this node's roles; empty for {@code veritrace.cluster.roles}
   */
  public static Config of(Config overrides, List<String> roles) {
    Config merged = ConfigFactory.systemProperties()
        .withFallback(overrides)
        .withFallback(ConfigFactory.parseResources("veritrace-cluster.conf"))
        .withFallback(ConfigFactory.load())
        .resolve();
    List<String> chosen = roles.isEmpty() ? split(merged.getString("veritrace.cluster.roles")) : roles;
    for (String r : chosen) {
      if (!ROLES.contains(r)) throw new IllegalArgumentException("unknown role '" + r + "': the roles are frontend, verifier and trainer");
    }
    if (chosen.isEmpty()) throw new IllegalArgumentException("a cluster node needs at least one role: frontend, verifier or trainer");
    String system = "veritrace";
    List<String> seeds = split(merged.getString("veritrace.cluster.seed-nodes")).stream().map(s -> seed(system, s)).toList();
    return ConfigFactory.empty()
        .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(chosen))
        .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds))
        .withFallback(merged);
  }

  /** {@code host:port} as a node address; a full {@code pekko://} address is kept as it is. */
  static String seed(String system, String hostPort) {
    if (hostPort.startsWith("pekko://")) return hostPort;
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("seed node '" + hostPort + "' is not host:port");
    }
    try {
      Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("seed node '" + hostPort + "' has no numeric port");
    }
    return "pekko://" + system + "@" + hostPort;
  }

  private static List<String> split(String list) {
    return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
