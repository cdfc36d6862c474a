package io.veritrace.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.veritrace.actors.Veritrace;
import io.veritrace.actors.journal.FileTraceJournal;
import io.veritrace.core.Proposal;
import io.veritrace.core.Reasoner;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.reasoners.simulated.Scenario;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.runtime.Nodes;
import io.veritrace.runtime.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A question the loop is still answering within its deadline is not cut by the HTTP server's own
 * request timeout: Pekko's default (20 s, under the loop's 30 s deadline) answered such a question
 * with a plain-text 503 while the loop ran on (a 74-turn conversation of 900 KB turns hit it at
 * turn 20). Here the server's timeout is set to 1 s and the model takes 2.5 s.
 */
class SlowAnswerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void aQuestionWithinTheLoopDeadlineIsAnsweredWhateverPekkosRequestTimeout() throws Exception {
    Config config = ConfigFactory.parseString("""
        pekko.actor.serialize-messages = on
        pekko.http.server.request-timeout = 1s
        veritrace.http.port = 0
        veritrace.http.drain-timeout = 2s
        veritrace.loop.deadline = 15s
        """).withFallback(ConfigFactory.load()).resolve();
    List<Scenario> tasks = Scenario.mixed(4, 7, 0.0, 0.0);
    Reasoner simulated = new SimulatedReasoner(tasks.stream().map(Scenario::task).toList(), SimulationProfile.DEFAULT, 7);
    Reasoner slow = new Reasoner() {
      @Override
      public String name() {
        return "slow";
      }

      @Override
      public CompletionStage<Proposal> propose(ReasonerRequest request) {
        return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(2500, TimeUnit.MILLISECONDS))
            .thenCompose(ignored -> simulated.propose(request));
      }
    };
    try (FileTraceJournal journal = FileTraceJournal.open(tmp.resolve("journal"))) {
      Veritrace node = Nodes.start(Settings.from(config), slow, journal);
      ChatServer server = ChatServer.start(node, ApiSettings.from(config));
      try {
        String body = "{\"model\":\"veritrace\",\"messages\":[{\"role\":\"user\",\"content\":"
            + JSON.valueToTree(tasks.get(0).query().question()) + "}]}";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.address().getPort() + "/v1/chat/completions"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode reply = JSON.readTree(r.body());
        assertTrue(reply.at("/veritrace/durable").asBoolean(), r.body());
        assertTrue(reply.at("/veritrace/rounds").asInt() >= 1, r.body());
      } finally {
        server.close();
        node.close();
      }
    }
  }
}
