package io.veritrace.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrace.actors.journal.FileTraceJournal;
import io.veritrace.actors.journal.JournalBatch;
import io.veritrace.runtime.Main;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} in its own JVM gets SIGTERM while questions are in flight (the model takes 2 s to
 * answer each): {@code /ready} says 503 while it drains, every question asked before the signal
 * is answered, and every answer is in the journal afterwards.
 */
class GracefulShutdownTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void sigtermDrainsInFlightQuestionsIntoTheJournal() throws Exception {
    try (StandInModel model = new StandInModel(r -> new StandInModel.Reply(200, "2 + 2 = <<2+2=4>>4\n#### 4", 2000))) {
      int port = freePort();
      Path journal = tmp.resolve("journal");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process serve = new ProcessBuilder(java, "-Xmx512m", "-Dveritrace.metrics.enabled=off", "-Dveritrace.openai.cross-derivation=off",
          "-Dveritrace.http.drain-timeout=20s", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
          "--backend", "openai", "--base-url", model.baseUrl(), "--model", "stand-in", "--port", Integer.toString(port),
          "--journal", journal.toString()).redirectErrorStream(true).start();
      List<String> output = new ArrayList<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = in.readLine()) != null; ) {
            synchronized (output) {
              output.add(line);
              output.notifyAll();
            }
          }
        } catch (Exception ignored) {
          // the process ended
        }
      });
      reader.setDaemon(true);
      reader.start();
      try {
        synchronized (output) {
          long until = System.currentTimeMillis() + 60_000;
          while (output.stream().noneMatch(l -> l.startsWith("serving")) && System.currentTimeMillis() < until && serve.isAlive()) output.wait(500);
          assertTrue(output.stream().anyMatch(l -> l.startsWith("serving")), String.join("\n", output));
        }
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        List<CompletableFuture<HttpResponse<String>>> asked = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          String body = "{\"model\":\"veritrace\",\"messages\":[{\"role\":\"user\",\"content\":\"What is 2 + 2? (" + i + ")\"}]}";
          asked.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions")).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 2400 && model.requests.size() < 12; i++) Thread.sleep(25);
        assertEquals(12, model.requests.size(), "every question reached the model before the signal; "
            + (asked.get(0).isDone() ? asked.get(0).join().statusCode() + " " + asked.get(0).join().body() : "") + String.join("\n", output));
        serve.destroy(); // SIGTERM
        boolean saw503 = false;
        for (int i = 0; i < 100 && !saw503; i++) {
          try {
            saw503 = http.send(HttpRequest.newBuilder(URI.create(base + "/ready")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 503;
          } catch (ConnectException e) {
            break; // closed: too late to see it
          }
          Thread.sleep(20);
        }
        assertTrue(saw503, "/ready said 503 while draining");
        Set<String> answered = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> f : asked) {
          HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
          assertEquals(200, r.statusCode(), r.body());
          JsonNode reply = JSON.readTree(r.body());
          assertTrue(reply.at("/veritrace/durable").asBoolean(), r.body());
          answered.add(reply.get("id").asText());
        }
        assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve stops after draining");
        Set<String> journalled = new HashSet<>();
        try (FileTraceJournal j = FileTraceJournal.open(journal)) {
          for (JournalBatch.Entry e : j.read(0, 1000).entries()) journalled.add(e.trace().query().id());
        }
        assertTrue(journalled.containsAll(answered), "answered " + answered + " journalled " + journalled);
      } finally {
        serve.destroyForcibly().waitFor();
      }
    }
  }
}
