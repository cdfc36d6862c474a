package io.veritrace.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritrace.actors.journal.FileTraceJournal;
import io.veritrace.actors.journal.JournalBatch;
import io.veritrace.core.Grade;
import io.veritrace.core.Outcome;
import io.veritrace.core.Round;
import io.veritrace.core.Trace;
import io.veritrace.core.Verdict;
import io.veritrace.reasoners.simulated.Scenario;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One frontend and two verifier JVMs on loopback, started as {@code veritrace serve --role ...};
 * a bounded load through the HTTP API while one verifier is killed with SIGKILL.
 */
class ClusterProcessTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REQUESTS = 160;
  private static final int CONCURRENCY = 8;

  private final List<Process> processes = new ArrayList<>();

  @TempDir
  Path dir;

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : processes) p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  private Process serve(String name, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "-Dpekko.cluster.split-brain-resolver.stable-after=5s", "io.veritrace.runtime.Main", "serve", "--backend", "simulated"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    processes.add(p);
    return p;
  }

  private String log(String name) throws IOException {
    String all = Files.readString(dir.resolve(name + ".log"));
    return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
  }

  private static String get(HttpClient http, String url) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : "";
    } catch (IOException | InterruptedException e) {
      return "";
    }
  }

  /** Waits until {@code condition} holds of the text at {@code url}. */
  private void await(HttpClient http, String url, java.util.function.Predicate<String> condition, String what) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!condition.test(get(http, url))) {
      if (System.nanoTime() > until) {
        throw new AssertionError(what + " not seen in 120 s\nfrontend:\n" + log("frontend") + "\nverifier-a:\n" + log("verifier-a"));
      }
      Thread.sleep(250);
    }
  }

  private static int counter(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+]+)$").matcher(metrics);
    double sum = 0;
    while (m.find()) sum += Double.parseDouble(m.group(2));
    return (int) sum;
  }

  @Test
  void aVerifierKilledMidRunLosesNoQuery() throws Exception {
    int seed = ClusterNodes.freePort();
    int httpPort = ClusterNodes.freePort();
    int[] metrics = {ClusterNodes.freePort(), ClusterNodes.freePort(), ClusterNodes.freePort()};
    String seeds = "127.0.0.1:" + seed;
    Path journal = dir.resolve("journal");
    Process frontend = serve("frontend", "--role", "frontend", "--cluster-port", "" + seed, "--seed-nodes", seeds, "--port", "" + httpPort,
        "--metrics-port", "" + metrics[0], "--journal", journal.toString());
    serve("verifier-a", "--role", "verifier", "--cluster-port", "" + ClusterNodes.freePort(), "--seed-nodes", seeds,
        "--metrics-port", "" + metrics[1]);
    Process doomed = serve("verifier-b", "--role", "verifier", "--cluster-port", "" + ClusterNodes.freePort(), "--seed-nodes", seeds,
        "--metrics-port", "" + metrics[2]);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String frontMetrics = "http://127.0.0.1:" + metrics[0] + "/metrics";
    // the frontend's pool gauge carries one series per verifier node it can route to
    await(http, frontMetrics, m -> Pattern.compile("veritrace_pool_outstanding\\{").matcher(m).results().count() >= 2,
        "two verifier nodes in the frontend's pool");

    List<Scenario> tasks = Scenario.mixed(200, 1, 0.25, 0.15);
    Semaphore slots = new Semaphore(CONCURRENCY);
    AtomicInteger answered = new AtomicInteger();
    Map<Integer, JsonNode> replies = new ConcurrentHashMap<>();
    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      if (i == REQUESTS / 3) {
        doomed.destroyForcibly(); // SIGKILL: no leaving, no goodbye
      }
      slots.acquire();
      int n = i;
      String body = JSON.writeValueAsString(Map.of("model", "veritrace",
          "messages", List.of(Map.of("role", "user", "content", tasks.get(i % tasks.size()).query().question()))));
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/v1/chat/completions"))
          .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
      sent.add(http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
        slots.release();
        if (e == null) {
          answered.incrementAndGet();
          try {
            replies.put(n, ((ObjectNode) JSON.readTree(r.body())).put("status", r.statusCode()));
          } catch (IOException bad) {
            replies.put(n, JSON.createObjectNode().put("status", r.statusCode()).put("unreadable", r.body()));
          }
        }
      }));
    }
    CompletableFuture.allOf(sent.stream().map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
    assertEquals(REQUESTS, answered.get(), "requests sent vs answered");
    Map<String, Outcome> outcomes = new HashMap<>();
    for (JsonNode r : replies.values()) {
      assertEquals(200, r.get("status").asInt(), r.toString());
      outcomes.put(r.get("id").asText(), Outcome.valueOf(r.get("veritrace").get("outcome").asText()));
    }
    assertEquals(REQUESTS, outcomes.size(), "every reply has its own query id");
    int served = counter(get(http, "http://127.0.0.1:" + metrics[1] + "/metrics"), "veritrace_checks_served_total");
    assertTrue(served > 0, "the surviving verifier served no check");

    int retried = counter(get(http, frontMetrics), "veritrace_pool_retries_total");
    frontend.destroy(); // SIGTERM: the journal is closed by the shutdown hook
    assertTrue(frontend.waitFor(60, TimeUnit.SECONDS), "the frontend did not stop");
    Map<String, Trace> journalled = new HashMap<>();
    try (FileTraceJournal j = FileTraceJournal.open(journal)) {
      for (long from = 0; ; ) {
        JournalBatch b = j.read(from, 1000);
        for (JournalBatch.Entry e : b.entries()) journalled.put(e.trace().query().id(), e.trace());
        if (b.entries().isEmpty()) break;
        from = b.next();
      }
    }
    int verified = 0;
    for (Map.Entry<String, Outcome> e : outcomes.entrySet()) {
      Trace t = journalled.get(e.getKey());
      assertTrue(t != null, "answered query " + e.getKey() + " is not in the journal");
      assertEquals(e.getValue(), t.outcome(), e.getKey());
      if (t.outcome() == Outcome.VERIFIED) {
        verified++;
        Round last = t.rounds().get(t.rounds().size() - 1);
        assertTrue(last.verdicts().stream().noneMatch(Verdict::rejects), "VERIFIED with a rejecting verdict: " + last.verdicts());
        assertTrue(last.verdicts().stream().anyMatch(v -> v.grade() == Grade.PASS), "VERIFIED with no passing check");
      }
    }
    System.out.printf("cluster process run: %d requests, %d answered, %d VERIFIED, %d checks served by the surviving verifier,"
        + " %d sent again after the kill%n", REQUESTS, answered.get(), verified, served, retried);
  }
}
