package io.veritrace.runtime.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.veritrace.actors.Veritrace;
import io.veritrace.actors.journal.TraceJournal;
import io.veritrace.core.Reasoner;
import io.veritrace.reasoners.simulated.Scenario;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.runtime.Journals;
import io.veritrace.runtime.Metrics;
import io.veritrace.runtime.Nodes;
import io.veritrace.runtime.OpenAiBackend;
import io.veritrace.runtime.Settings;
import io.veritrace.runtime.http.ApiKeys;
import io.veritrace.runtime.http.ApiSettings;
import io.veritrace.runtime.http.ChatServer;
import io.veritrace.verifiers.CheckSuite;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * {@code veritrace serve}: the OpenAI-compatible HTTP API in front of a model server, until
 * interrupted. Settings come from {@code veritrace-defaults.conf}, then {@code --config FILE}
 * (HOCON), then the flags.
 */
public final class ServeCommand implements Command {

  @Override
  public String name() {
    return "serve";
  }

  @Override
  public String summary() {
    return "serve the OpenAI-compatible API: serve [--config FILE] [--backend openai|simulated] [--base-url URL] [--model NAME] [--port N]";
  }

  @Override
  public int run(List<String> argv, InputStream in, PrintStream out, PrintStream err) throws Exception {
    Args args = Args.parse(argv, List.of()).allow(List.of("config", "backend", "base-url", "model", "api-key-env", "host", "port",
        "api-keys-env", "metrics-port", "journal"));
    if (!args.positionals().isEmpty()) throw new Args.UsageException("serve takes no positional arguments");
    Config config = ConfigFactory.load();
    String file = args.get("config", null);
    if (file != null) {
      if (!Files.isRegularFile(Path.of(file))) throw new Args.UsageException("--config " + file + " is not a file");
      config = ConfigFactory.parseFile(Path.of(file).toFile()).withFallback(config).resolve();
    }
    Settings settings = Settings.from(config);
    ApiSettings api;
    try {
      api = ApiSettings.from(config).withPort(args.intValue("port", config.getInt("veritrace.http.port")));
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException(e.getMessage());
    }
    String host = args.get("host", api.host());
    api = new ApiSettings(host, api.port(), api.apiKeys(), api.maxBodyBytes(), api.maxMessages(), api.modelName());
    String keysEnv = args.get("api-keys-env", null);
    if (keysEnv != null) {
      String keys = System.getenv(keysEnv);
      if (keys == null || keys.isBlank()) throw new Args.UsageException("--api-keys-env " + keysEnv + " names an unset or empty variable");
      api = api.withApiKeys(ApiKeys.parse("--api-keys-env " + keysEnv, keys));
    }
    String backend = args.get("backend", "openai");
    Reasoner reasoner;
    Supplier<CheckSuite> suites;
    OpenAiBackend openai = null;
    switch (backend) {
      case "openai" -> {
        try {
          openai = OpenAiBackend.open(settings, args.get("base-url", null), args.get("model", null), args.get("api-key-env", null));
        } catch (IllegalArgumentException e) {
          throw new Args.UsageException(e.getMessage());
        }
        reasoner = openai.reasoner();
        suites = openai.suites();
      }
      case "simulated" -> {
        List<Scenario> tasks = Scenario.mixed(200, 1, 0.25, 0.15);
        reasoner = new SimulatedReasoner(tasks.stream().map(Scenario::task).toList(), SimulationProfile.DEFAULT, 1);
        suites = CheckSuite::standard;
      }
      default -> throw new Args.UsageException("--backend must be openai or simulated");
    }
    boolean metrics = config.getBoolean("veritrace.metrics.enabled");
    int metricsPort = args.intValue("metrics-port", config.getInt("veritrace.metrics.port"));
    if (metrics) {
      try {
        Metrics.start(config.getString("veritrace.metrics.host"), metricsPort);
      } catch (IllegalStateException e) {
        throw new Args.UsageException(e.getMessage());
      }
    }
    String journalArg = args.get("journal", "");
    Optional<TraceJournal> journal = journalArg.equals("none") ? Optional.empty()
        : journalArg.isEmpty() ? Journals.open(config)
        : Optional.of(Journals.openFile(Path.of(journalArg), config.getConfig("veritrace.journal")));
    CountDownLatch stopped = new CountDownLatch(1);
    Veritrace node = Nodes.start(settings, Metrics.timed(reasoner), journal.orElse(null), Metrics.timed(suites));
    journal.ifPresent(Metrics::watch);
    ChatServer server;
    try {
      server = ChatServer.start(node, api);
    } catch (IllegalStateException | IllegalArgumentException e) {
      node.close();
      throw new Args.UsageException(e.getMessage());
    }
    OpenAiBackend backendToClose = openai;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
        node.close();
        if (journal.isPresent()) journal.get().close();
        if (backendToClose != null) backendToClose.close();
        if (metrics) Metrics.stop();
      } catch (Exception e) {
        err.println("veritrace serve: while stopping: " + e);
      } finally {
        stopped.countDown();
      }
    }, "veritrace-shutdown"));
    err.printf("serving the OpenAI-compatible API on http://%s:%d/v1 (backend %s, %s, journal %s%s)%n", server.address().getHostString(),
        server.address().getPort(), backend, api.apiKeys().isEmpty() ? "no API key required" : api.apiKeys().size() + " API key(s)",
        journal.isPresent() ? "on" : "off", metrics ? ", metrics on http://" + config.getString("veritrace.metrics.host") + ":" + metricsPort + "/metrics" : "");
    stopped.await();
    return 0;
  }
}
