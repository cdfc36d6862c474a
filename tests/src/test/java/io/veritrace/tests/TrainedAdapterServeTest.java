package io.veritrace.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrace.actors.TrainerCoordinator;
import io.veritrace.actors.journal.FileTraceJournal;
import io.veritrace.actors.journal.JournalBatch;
import io.veritrace.core.Round;
import io.veritrace.core.Trace;
import io.veritrace.reasoners.local.RandomCheckpoint;
import io.veritrace.runtime.cli.AdaptersCommand;
import io.veritrace.runtime.cli.Command;
import io.veritrace.runtime.cli.SimulateCommand;
import io.veritrace.trainer.AdapterRegistry;
import io.veritrace.trainer.EvaluationGate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, as a user runs it: {@code simulate} fills a journal; {@code serve --backend local}
 * on that journal, with its trainer on, trains one round on a tiny local model from those
 * failures through its consumer offset and the gate's decision is journalled; the version
 * promoted while the server runs is picked up between two questions, and its replies and
 * journalled traces name it; {@code adapters --roll-back none} takes it back to the base model
 * the same way. ({@code export} and {@code train} by hand: {@code TrainCommandTest}.)
 */
class TrainedAdapterServeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private final Map<String, Process> processes = new HashMap<>();

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes.values()) p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  private record Run(int code, String out, String err) {}

  private static Run run(Command c, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = c.run(List.of(args), new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * A {@code serve} process of the tiny model, logging to {@code name.log}, whose trainer (where
   * it runs one) trains a round once {@code threshold} failure traces are new in the journal;
   * {@code property} is one more system property.
   */
  private Process serve(String name, String property, Path model, Path registry, Path journal, int threshold, Path replay, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx768m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), property,
        "-Dveritrace.metrics.enabled=off", "-Dveritrace.trainer.follow-interval=200ms", "-Dveritrace.loop.deadline=120s",
        "-Dveritrace.trainer.threshold=" + threshold, "-Dveritrace.trainer.interval=500ms",
        "-Dveritrace.trainer.work=" + tmp.resolve(name + "-rounds"), "-Dveritrace.trainer.replay=" + replay,
        // a tiny round: two steps of rank 4, two gate prompts of six tokens; half the prompts held out for the gate
        "-Dveritrace.trainer.steps=2", "-Dveritrace.trainer.rank=4", "-Dveritrace.trainer.alpha=8", "-Dveritrace.trainer.batch=1",
        "-Dveritrace.trainer.accumulation=1", "-Dveritrace.trainer.eval-prompts=2", "-Dveritrace.trainer.max-new-tokens=6",
        "-Dveritrace.trainer.eval-percent=50", "-Dveritrace.trainer.replay-share=0",
        "io.veritrace.runtime.Main", "serve", "--backend", "local", "--model", model.toString(), "--registry", registry.toString(),
        "--journal", journal.toString(), "--max-new-tokens", "6"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile()).start();
    processes.put(name, p);
    return p;
  }

  private String log(String name) throws Exception {
    Path file = tmp.resolve(name + ".log");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private void awaitLog(String name, String what) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!log(name).contains(what)) {
      if (!processes.get(name).isAlive() || System.nanoTime() > until) throw new AssertionError(name + " never said '" + what + "':\n" + log(name));
      Thread.sleep(100);
    }
  }

  /** simulate -> journal: the failure traces the trainer learns from; returns how many. */
  private int simulate(Path journal) throws Exception {
    Run sim = run(new SimulateCommand(), "--sessions", "40", "--seed", "3", "--journal", journal.toString(), "--report", tmp.resolve("report").toString());
    assertEquals(0, sim.code(), sim.err());
    try (FileTraceJournal j = FileTraceJournal.openForReading(journal)) {
      int[] n = {0};
      j.read(0, j.end(), 1000, (JournalBatch batch) -> batch.entries().forEach(e -> n[0] += TrainerCoordinator.isFailure(e.trace()) ? 1 : 0));
      // the questions the tests ask add a few failures of their own: they must not start a second round
      assertTrue(n[0] >= 12, "simulate journalled too few failure traces: " + n[0]);
      return n[0];
    }
  }

  private Path tinyModel() throws Exception {
    List<String> words = new ArrayList<>(List.of("<<", ">>", "=", "+", "-", "####", ".", "?", "Tom", "has", "apples", "how", "many"));
    for (int i = 0; i <= 20; i++) words.add(Integer.toString(i));
    Path model = tmp.resolve("tiny-llama");
    RandomCheckpoint.writeTiny(model, words, 5);
    return model;
  }

  private Path replay() throws Exception {
    Path replay = tmp.resolve("replay.jsonl");
    Files.writeString(replay, "{\"question\": \"Tom has 2 apples . how many ?\", \"answer\": \"#### 2\"}\n");
    return replay;
  }

  /** One question in session {@code session}; returns the reply's {@code veritrace} object. */
  private static JsonNode ask(HttpClient http, int port, String session) throws Exception {
    String body = JSON.writeValueAsString(Map.of("model", "veritrace",
        "messages", List.of(Map.of("role", "user", "content", "Tom has 2 apples . how many ?"))));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .header("Content-Type", "application/json").header("X-Veritrace-Session", session).timeout(Duration.ofMinutes(3))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body()).get("veritrace");
  }

  /** Asks until the reply names {@code version} (the server looks at the registry every 200 ms); returns that reply's session. */
  private String askUntil(HttpClient http, int port, String version, String prefix, String server) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    for (int i = 0; System.nanoTime() < until; i++) {
      String session = prefix + "-" + i;
      if (ask(http, port, session).get("adapter").asText().equals(version)) return session;
      Thread.sleep(100);
    }
    throw new AssertionError("the running server never answered with adapter '" + version + "':\n" + log(server));
  }

  @Test
  void theTrainerInServeGatesARoundAndAVersionPromotedWhileItRunsIsWhatItAnswersWithAndJournals() throws Exception {
    Path journal = tmp.resolve("journal");
    int failures = simulate(journal);
    Path model = tinyModel();
    Path registry = tmp.resolve("adapters");

    // serve, with its trainer, on that journal: the coordinator trains one round on the simulated
    // failures; the random model improves nothing, so the gate rejects v1 and journals why
    int port = ClusterNodes.freePort();
    Process serve = serve("serve", "-Dveritrace.trainer.enabled=on", model, registry, journal, failures, replay(), "--port", Integer.toString(port));
    awaitLog("serve", "serving the OpenAI-compatible API");
    HttpClient http = HttpClient.newHttpClient();
    assertEquals("", ask(http, port, "before").get("adapter").asText());
    List<AdapterRegistry.Event> events = awaitEvents(registry, "serve");
    assertEquals("v1", events.get(0).version());
    assertEquals("rejected", events.get(0).kind());
    assertTrue(events.get(0).figures().heldOut() > 0, events.get(0).toString());
    assertEquals("", ask(http, port, "after-rejection").get("adapter").asText(), "a rejected version was served");

    // the same adapter promoted on better figures (a random model cannot earn them) reaches the running server
    AdapterRegistry adapters = new AdapterRegistry(registry);
    EvaluationGate gate = EvaluationGate.DEFAULT;
    String promoted = adapters.submit(adapters.folder("v1"), gate, gate.decide("candidate", new EvaluationGate.Figures(1, 0, 100, 1, 0, 0)));
    assertEquals("v2", promoted);
    String onV2 = askUntil(http, port, promoted, "promoted", "serve");

    // a rollback by ./veritrace adapters in another process reaches it too
    Run rollBack = run(new AdaptersCommand(), "--registry", registry.toString(), "--roll-back", "none");
    assertEquals(0, rollBack.code(), rollBack.err());
    String onBase = askUntil(http, port, "", "rolled-back", "serve");

    // stopped (SIGTERM: answers flushed to the journal), its traces name the version each answer came from
    serve.destroy();
    assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
    Map<String, Trace> bySession = new HashMap<>();
    long committed;
    try (FileTraceJournal j = FileTraceJournal.openForReading(journal)) {
      j.read(0, j.end(), 1000, (JournalBatch batch) -> batch.entries().forEach(e -> bySession.put(e.trace().query().sessionId(), e.trace())));
      committed = j.committed("trainer");
    }
    assertEquals(promoted, lastRound(bySession.get(onV2)).proposal().adapter());
    assertEquals("", lastRound(bySession.get(onBase)).proposal().adapter());
    assertEquals("", lastRound(bySession.get("before")).proposal().adapter());
    // the round's traces are behind the trainer's committed offset; one round, nothing trained twice
    assertTrue(committed > 0, "the trainer committed no offset");
    assertEquals(2, new AdapterRegistry(registry).events().stream().filter(e -> !e.kind().equals("rolled-back")).count(),
        new AdapterRegistry(registry).events().toString());
    assertTrue(log("serve").contains("trainer: coordinator on this node"), log("serve"));
    assertTrue(log("serve").contains("adapter: none (the base model), following " + registry), log("serve"));
  }

  /** Whether {@code consumer} commits an offset in {@code journal} within a minute. */
  private static boolean awaitCommitted(Path journal, String consumer) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    do {
      try (FileTraceJournal j = FileTraceJournal.openForReading(journal)) {
        if (j.committed(consumer) > 0) return true;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < until);
    return false;
  }

  /**
   * A cluster of two processes: a frontend (and verifier) serving the tiny model, and a trainer
   * node whose coordinator singleton trains from the journal the frontend holds (read without its
   * lock) and registers in the registry both see; the frontend follows it.
   */
  @Test
  void aTrainerNodeTrainsFromTheFrontendsJournalAndTheFrontendServesWhatIsPromoted() throws Exception {
    Path journal = tmp.resolve("journal");
    int failures = simulate(journal);
    Path model = tinyModel();
    Path registry = tmp.resolve("adapters");
    Path replay = replay();
    int port = ClusterNodes.freePort(), seed = ClusterNodes.freePort(), trainerPort = ClusterNodes.freePort();
    String seeds = "127.0.0.1:" + seed;
    serve("frontend", "-Dveritrace.cluster.pool.no-verifier-wait=8s", model, registry, journal, failures, replay, "--role", "frontend,verifier",
        "--cluster-port", Integer.toString(seed), "--seed-nodes", seeds, "--port", Integer.toString(port));
    awaitLog("frontend", "serving the OpenAI-compatible API");
    serve("trainer", "-Dveritrace.trainer.gpu=off", model, registry, journal, failures, replay, "--role", "trainer",
        "--cluster-port", Integer.toString(trainerPort), "--seed-nodes", seeds);
    awaitLog("trainer", "trainer: coordinator as a cluster singleton on the trainer role, worker on the CPU");

    List<AdapterRegistry.Event> events = awaitEvents(registry, "trainer");
    assertEquals("v1", events.get(0).version());
    assertEquals("rejected", events.get(0).kind());
    // the coordinator records the gate's decision first and commits the offset after it
    assertTrue(awaitCommitted(journal, "trainer"), "the trainer node committed no offset in the frontend's journal");
    AdapterRegistry adapters = new AdapterRegistry(registry);
    EvaluationGate gate = EvaluationGate.DEFAULT;
    String promoted = adapters.submit(adapters.folder("v1"), gate, gate.decide("candidate", new EvaluationGate.Figures(1, 0, 100, 1, 0, 0)));
    HttpClient http = HttpClient.newHttpClient();
    askUntil(http, port, promoted, "promoted", "frontend");
    // (the round itself loads the model to train it: "loading DIR on cpu() with NF4 base weights")
    assertTrue(log("frontend").contains("loading " + model + " on cpu (float32)"), log("frontend"));
    assertTrue(!log("trainer").contains("loading " + model + " on cpu (float32)"), "a trainer node that is no frontend loaded the model to serve:\n" + log("trainer"));
  }

  private List<AdapterRegistry.Event> awaitEvents(Path registry, String trainer) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < until) {
      List<AdapterRegistry.Event> events = Files.exists(registry.resolve(AdapterRegistry.JOURNAL)) ? new AdapterRegistry(registry).events() : List.of();
      if (!events.isEmpty()) return events;
      if (!processes.get(trainer).isAlive()) break;
      Thread.sleep(200);
    }
    throw new AssertionError("the trainer in " + trainer + " registered no round:\n" + log(trainer));
  }

  private static Round lastRound(Trace t) {
    assertTrue(t != null && !t.rounds().isEmpty(), "no journalled trace with a proposal: " + t);
    return t.rounds().get(t.rounds().size() - 1);
  }
}
