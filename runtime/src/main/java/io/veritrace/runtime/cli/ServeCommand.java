package io.veritrace.runtime.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.veritrace.actors.ClusterNodeConfig;
import io.veritrace.actors.NodeRoles;
import io.veritrace.actors.Veritrace;
import io.veritrace.actors.journal.TraceJournal;
import io.veritrace.core.Reasoner;
import io.veritrace.reasoners.local.LocalReasoner;
import io.veritrace.reasoners.simulated.Scripts;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.runtime.Journals;
import io.veritrace.runtime.Metrics;
import io.veritrace.runtime.Nodes;
import io.veritrace.runtime.OpenAiBackend;
import io.veritrace.runtime.Settings;
import io.veritrace.runtime.TrainerSettings;
import io.veritrace.runtime.http.ApiKeys;
import io.veritrace.runtime.SimulatedExamples;
import io.veritrace.runtime.http.ApiSettings;
import io.veritrace.runtime.http.ChatServer;
import io.veritrace.verifiers.CheckSuite;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * {@code veritrace serve}: the OpenAI-compatible HTTP API in front of a model server, until
 * interrupted. Settings come from {@code veritrace-defaults.conf}, then {@code --config FILE}
 * (HOCON), then the flags.
 */
@CommandLine.Command(name = "serve", sortOptions = false,
    description = "Serve the OpenAI-compatible API (/v1/chat/completions) in front of a model server, until interrupted.")
public final class ServeCommand extends Command {

  @CommandLine.Option(names = "--config", paramLabel = "FILE", description = "HOCON settings read over veritrace-defaults.conf; the options here override both")
  private String configFile;

  @CommandLine.Option(names = "--backend", paramLabel = "openai|local|simulated", defaultValue = "openai",
      description = "the reasoner: a model server speaking OpenAI's protocol, a Hugging Face folder run here, or the simulated reasoner (default: ${DEFAULT-VALUE})")
  private String backend;

  @CommandLine.Option(names = "--base-url", paramLabel = "URL", description = "the model server (default: VERITRACE_OPENAI_BASE_URL)")
  private String baseUrl;

  @CommandLine.Option(names = "--model", paramLabel = "NAME|DIR", description = "openai: the model to ask (default: VERITRACE_OPENAI_MODEL); local: the model folder")
  private String model;

  @CommandLine.Option(names = "--registry", paramLabel = "DIR", defaultValue = "var/adapters",
      description = "local: the adapter registry whose serving version the model runs with, followed while serving; also where the trainer registers (default: ${DEFAULT-VALUE})")
  private Path registry;

  @CommandLine.Mixin
  private LocalModelOptions local;

  @CommandLine.Option(names = "--api-key-env", paramLabel = "VAR", description = "the variable holding the model server's key (default: OPENAI_API_KEY)")
  private String apiKeyEnv;

  @CommandLine.Option(names = "--host", paramLabel = "HOST", description = "the address to listen on (default: 127.0.0.1, or VERITRACE_HOST)")
  private String host;

  @CommandLine.Option(names = "--port", paramLabel = "N", description = "the port to listen on (default: 8080, or VERITRACE_PORT)")
  private Integer port;

  @CommandLine.Option(names = "--api-keys-env", paramLabel = "VAR",
      description = "a variable holding the comma-separated keys clients must send as 'Authorization: Bearer KEY' (default: VERITRACE_API_KEYS)")
  private String apiKeysEnv;

  @CommandLine.Option(names = "--metrics-port", paramLabel = "N", description = "the port of Prometheus' /metrics (default: 9095, or VERITRACE_METRICS_PORT)")
  private Integer metricsPort;

  @CommandLine.Option(names = "--journal", paramLabel = "DIR|none", description = "the folder of the trace journal, or none for no journal (default: veritrace.journal: var/journal)")
  private String journalDir;

  @CommandLine.Option(names = "--scenarios", paramLabel = "FILE",
      description = "with --backend simulated: answer the scripted sessions of this JSONL file (docs/scenarios.md), for `simulate --url`")
  private Path scenarios;

  @CommandLine.Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "with --backend simulated and --scenarios: the seed of its mistakes, as simulate's --seed; local: the sampling seed (default: ${DEFAULT-VALUE})")
  private long seed;

  @CommandLine.Option(names = "--role", paramLabel = "ROLE[,ROLE]", split = ",",
      description = "join a Pekko Cluster as frontend (HTTP API, sessions, query loops), verifier (checks, Z3 included) and/or trainer;"
          + " without it: one node, no cluster")
  private List<String> roles;

  @CommandLine.Option(names = "--cluster-port", paramLabel = "N", description = "this node's cluster port (default: 25520, or VERITRACE_CLUSTER_PORT)")
  private Integer clusterPort;

  @CommandLine.Option(names = "--seed-nodes", paramLabel = "HOST:PORT[,...]",
      description = "the nodes to join through (default: 127.0.0.1:25520, or VERITRACE_SEED_NODES)")
  private String seedNodes;

  @Override
  protected int execute(InputStream in, PrintStream out, PrintStream err) throws Exception {
    Config config = ConfigFactory.load();
    String file = configFile;
    if (file != null) {
      if (!Files.isRegularFile(Path.of(file))) throw new UsageException("--config " + file + " is not a file");
      config = ConfigFactory.parseFile(Path.of(file).toFile()).withFallback(config).resolve();
    }
    if (roles != null) config = clusterConfig(file);
    NodeRoles node = NodeRoles.of(config);
    Settings settings = Settings.from(config);
    ApiSettings api;
    try {
      api = ApiSettings.from(config).withPort(port != null ? port : config.getInt("veritrace.http.port"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    String host = this.host != null ? this.host : api.host();
    api = new ApiSettings(host, api.port(), api.apiKeys(), api.maxBodyBytes(), api.maxMessages(), api.modelName());
    String keysEnv = apiKeysEnv;
    if (keysEnv != null) {
      String keys = System.getenv(keysEnv);
      if (keys == null || keys.isBlank()) throw new UsageException("--api-keys-env " + keysEnv + " names an unset or empty variable");
      api = api.withApiKeys(ApiKeys.parse("--api-keys-env " + keysEnv, keys));
    }
    String journalArg = journalDir == null ? "" : journalDir;
    TrainingSide.Plan training = TrainingSide.plan(config, node, journalArg, backend.equals("local") ? model : null, registry);
    Reasoner reasoner;
    Supplier<CheckSuite> suites;
    OpenAiBackend openai = null;
    LocalReasoner localReasoner = null;
    ServingAdapter adapter = null;
    switch (backend) {
      case "openai" -> {
        try {
          openai = OpenAiBackend.open(settings, baseUrl, model, apiKeyEnv);
        } catch (IllegalArgumentException e) {
          throw new UsageException(e.getMessage());
        }
        reasoner = openai.reasoner();
        suites = openai.suites();
      }
      case "local" -> {
        if (node.frontend()) {
          adapter = ServingAdapter.following(registry, TrainerSettings.adapterShape(config));
          reasoner = localReasoner = local.open(model, seed, adapter, err);
        } else {
          // a node that answers no questions loads no model to serve: --model is what its trainer trains
          reasoner = SimulatedExamples.reasoner();
        }
        suites = CheckSuite::standard;
      }
      case "simulated" -> {
        if (scenarios != null) {
          try {
            reasoner = new SimulatedReasoner(Scripts.tasks(Scripts.read(scenarios)), SimulationProfile.DEFAULT, seed);
          } catch (java.io.IOException e) {
            throw new UsageException("--scenarios: " + e.getMessage());
          }
        } else {
          reasoner = SimulatedExamples.reasoner();
        }
        suites = CheckSuite::standard;
      }
      default -> throw new UsageException("--backend must be openai, local or simulated");
    }
    boolean metrics = config.getBoolean("veritrace.metrics.enabled");
    int metricsPort = this.metricsPort != null ? this.metricsPort : config.getInt("veritrace.metrics.port");
    if (metrics) {
      try {
        Metrics.start(config.getString("veritrace.metrics.host"), metricsPort);
      } catch (IllegalStateException e) {
        throw new UsageException(e.getMessage());
      }
    }
    // only frontends answer queries, so only they journal (a trainer node reads it); never two processes writing one file journal
    Optional<TraceJournal> journal = journalArg.equals("none") || !node.frontend() ? Optional.empty()
        : journalArg.isEmpty() ? Journals.open(config)
        : Optional.of(Journals.openFile(Path.of(journalArg), config.getConfig("veritrace.journal")));
    CountDownLatch stopped = new CountDownLatch(1);
    Veritrace running = Nodes.start(settings, Metrics.timed(reasoner), journal.orElse(null), Metrics.timed(suites), Metrics.checks());
    journal.ifPresent(Metrics::watch);
    TrainingSide trainer = TrainingSide.start(training, running, config, journal, journalArg, localReasoner, adapter, err);
    ChatServer server;
    try {
      server = node.frontend() ? ChatServer.start(running, api) : null;
    } catch (IllegalStateException | IllegalArgumentException e) {
      running.close();
      throw new UsageException(e.getMessage());
    }
    OpenAiBackend backendToClose = openai;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        if (server != null) server.close();
        running.close();
        trainer.close();
        if (journal.isPresent()) journal.get().close();
        if (backendToClose != null) backendToClose.close();
        if (metrics) Metrics.stop();
      } catch (Exception e) {
        err.println("veritrace serve: while stopping: " + e);
      } finally {
        stopped.countDown();
      }
    }, "veritrace-shutdown"));
    String metricsAt = metrics ? ", metrics on http://" + config.getString("veritrace.metrics.host") + ":" + metricsPort + "/metrics" : "";
    if (node.clustered()) {
      err.printf("cluster node %s with roles %s%s%n", running.system().address(), config.getStringList("pekko.cluster.roles"),
          server == null ? " (no HTTP API: not a frontend)" + metricsAt : "");
    }
    if (server == null) {
      stopped.await();
      return 0;
    }
    err.printf("serving the OpenAI-compatible API on http://%s:%d/v1 (backend %s, %s, journal %s%s)%n", server.address().getHostString(),
        server.address().getPort(), backend, api.apiKeys().isEmpty() ? "no API key required" : api.apiKeys().size() + " API key(s)",
        journal.isPresent() ? "on" : "off", metrics ? ", metrics on http://" + config.getString("veritrace.metrics.host") + ":" + metricsPort + "/metrics" : "");
    stopped.await();
    return 0;
  }

  /**
   * A cluster node's configuration: {@code veritrace-cluster.conf} under the {@code --config}
   * file, with the options on top. A node the cluster downs exits, so a supervisor can restart it.
   */
  private Config clusterConfig(String file) {
    Map<String, Object> flags = new HashMap<>();
    flags.put("pekko.coordinated-shutdown.exit-jvm", "on");
    if (clusterPort != null) flags.put("pekko.remote.artery.canonical.port", clusterPort);
    if (seedNodes != null) flags.put("veritrace.cluster.seed-nodes", seedNodes);
    Config overrides = ConfigFactory.parseMap(flags);
    if (file != null) overrides = overrides.withFallback(ConfigFactory.parseFile(Path.of(file).toFile()));
    try {
      return ClusterNodeConfig.of(overrides, roles);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--role: " + e.getMessage());
    }
  }
}
