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
  private Process serve;

  @AfterEach
  void stop() throws Exception {
    if (serve != null) serve.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  private record Run(int code, String out, String err) {}

  private static Run run(Command c, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = c.run(List.of(args), new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A single-node serve of the tiny model with its trainer on: a round once {@code threshold} failure traces are in the journal. */
  private Process serve(Path model, Path registry, Path journal, int port, int threshold, Path replay) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx768m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        "-Dveritrace.metrics.enabled=off", "-Dveritrace.trainer.follow-interval=200ms", "-Dveritrace.loop.deadline=120s",
        "-Dveritrace.trainer.enabled=on", "-Dveritrace.trainer.threshold=" + threshold, "-Dveritrace.trainer.interval=500ms",
        "-Dveritrace.trainer.work=" + tmp.resolve("rounds"), "-Dveritrace.trainer.replay=" + replay,
        // a tiny round: two steps of rank 4, two gate prompts of six tokens; half the prompts held out for the gate
        "-Dveritrace.trainer.steps=2", "-Dveritrace.trainer.rank=4", "-Dveritrace.trainer.alpha=8", "-Dveritrace.trainer.batch=1",
        "-Dveritrace.trainer.accumulation=1", "-Dveritrace.trainer.eval-prompts=2", "-Dveritrace.trainer.max-new-tokens=6",
        "-Dveritrace.trainer.eval-percent=50", "-Dveritrace.trainer.replay-share=0",
        "io.veritrace.runtime.Main", "serve", "--backend", "local", "--model", model.toString(), "--registry", registry.toString(),
        "--journal", journal.toString(), "--port", Integer.toString(port), "--max-new-tokens", "6"));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("serve.log").toFile()).start();
  }

  private void awaitLog(String what) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(tmp.resolve("serve.log")) || !Files.readString(tmp.resolve("serve.log")).contains(what)) {
      if (!serve.isAlive() || System.nanoTime() > until) {
        throw new AssertionError("serve never said '" + what + "':\n" + Files.readString(tmp.resolve("serve.log")));
      }
      Thread.sleep(100);
    }
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
  private String askUntil(HttpClient http, int port, String version, String prefix) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    for (int i = 0; System.nanoTime() < until; i++) {
      String session = prefix + "-" + i;
      if (ask(http, port, session).get("adapter").asText().equals(version)) return session;
      Thread.sleep(100);
    }
    throw new AssertionError("the running server never answered with adapter '" + version + "':\n" + Files.readString(tmp.resolve("serve.log")));
  }

  @Test
  void theTrainerInServeGatesARoundAndAVersionPromotedWhileItRunsIsWhatItAnswersWithAndJournals() throws Exception {
    // simulate -> journal: the failure traces the trainer learns from
    Path journal = tmp.resolve("journal");
    Run sim = run(new SimulateCommand(), "--sessions", "40", "--seed", "3", "--journal", journal.toString(), "--report", tmp.resolve("report").toString());
    assertEquals(0, sim.code(), sim.err());
    int failures = 0;
    try (FileTraceJournal j = FileTraceJournal.openForReading(journal)) {
      int[] n = {0};
      j.read(0, j.end(), 1000, (JournalBatch batch) -> batch.entries().forEach(e -> n[0] += TrainerCoordinator.isFailure(e.trace()) ? 1 : 0));
      failures = n[0];
    }
    // the questions below add a few failures of their own: they must not start a second round
    assertTrue(failures >= 12, "simulate journalled too few failure traces: " + failures);
    List<String> words = new ArrayList<>(List.of("<<", ">>", "=", "+", "-", "####", ".", "?", "Tom", "has", "apples", "how", "many"));
    for (int i = 0; i <= 20; i++) words.add(Integer.toString(i));
    Path model = tmp.resolve("tiny-llama");
    RandomCheckpoint.writeTiny(model, words, 5);
    Path registry = tmp.resolve("adapters");
    Path replay = tmp.resolve("replay.jsonl");
    Files.writeString(replay, "{\"question\": \"Tom has 2 apples . how many ?\", \"answer\": \"#### 2\"}\n");

    // serve, with its trainer, on that journal: the coordinator trains one round on the simulated
    // failures; the random model improves nothing, so the gate rejects v1 and journals why
    int port = ClusterNodes.freePort();
    serve = serve(model, registry, journal, port, failures, replay);
    awaitLog("serving the OpenAI-compatible API");
    HttpClient http = HttpClient.newHttpClient();
    assertEquals("", ask(http, port, "before").get("adapter").asText());
    List<AdapterRegistry.Event> events = awaitEvents(registry);
    assertEquals("v1", events.get(0).version());
    assertEquals("rejected", events.get(0).kind());
    assertTrue(events.get(0).figures().heldOut() > 0, events.get(0).toString());
    assertEquals("", ask(http, port, "after-rejection").get("adapter").asText(), "a rejected version was served");

    // the same adapter promoted on better figures (a random model cannot earn them) reaches the running server
    AdapterRegistry adapters = new AdapterRegistry(registry);
    EvaluationGate gate = EvaluationGate.DEFAULT;
    String promoted = adapters.submit(adapters.folder("v1"), gate, gate.decide("candidate", new EvaluationGate.Figures(1, 0, 100, 1, 0, 0)));
    assertEquals("v2", promoted);
    String onV2 = askUntil(http, port, promoted, "promoted");

    // a rollback by ./veritrace adapters in another process reaches it too
    Run rollBack = run(new AdaptersCommand(), "--registry", registry.toString(), "--roll-back", "none");
    assertEquals(0, rollBack.code(), rollBack.err());
    String onBase = askUntil(http, port, "", "rolled-back");

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
    String log = Files.readString(tmp.resolve("serve.log"));
    assertTrue(log.contains("trainer: coordinator on this node"), log);
    assertTrue(log.contains("adapter: none (the base model), following " + registry), log);
  }

  private List<AdapterRegistry.Event> awaitEvents(Path registry) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < until) {
      List<AdapterRegistry.Event> events = Files.exists(registry.resolve(AdapterRegistry.JOURNAL)) ? new AdapterRegistry(registry).events() : List.of();
      if (!events.isEmpty()) return events;
      if (!serve.isAlive()) break;
      Thread.sleep(200);
    }
    throw new AssertionError("the trainer in serve registered no round:\n" + Files.readString(tmp.resolve("serve.log")));
  }

  private static Round lastRound(Trace t) {
    assertTrue(t != null && !t.rounds().isEmpty(), "no journalled trace with a proposal: " + t);
    return t.rounds().get(t.rounds().size() - 1);
  }
}
