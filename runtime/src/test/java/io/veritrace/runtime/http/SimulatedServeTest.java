package io.veritrace.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.veritrace.actors.Veritrace;
import io.veritrace.reasoners.simulated.WordProblem;
import io.veritrace.runtime.Nodes;
import io.veritrace.runtime.Settings;
import io.veritrace.runtime.SimulatedExamples;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code serve --backend simulated} answers its listed examples, and the README's curl example is VERIFIED. */
class SimulatedServeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theReadmeCurlExampleAndEveryListedExampleGetTheirOutcome() throws Exception {
    Config config = ConfigFactory.parseString("pekko.actor.serialize-messages = on\nveritrace.http.port = 0\nveritrace.loop.deadline = 20s")
        .withFallback(ConfigFactory.load()).resolve();
    Settings settings = Settings.from(config);
    // the body of the README's curl example, read from the README itself so the two cannot drift
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher curl = Pattern.compile("-d '(\\{\"model\":\"veritrace\".*?)'").matcher(readme);
    org.junit.jupiter.api.Assertions.assertTrue(curl.find(), "the README has a curl example");
    HttpClient http = HttpClient.newHttpClient();
    try (Veritrace node = Nodes.start(settings, SimulatedExamples.reasoner(), null);
        ChatServer server = ChatServer.start(node, ApiSettings.from(config))) {
      URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/v1/chat/completions");
      JsonNode readmeReply = post(http, uri, curl.group(1));
      assertEquals("VERIFIED", readmeReply.at("/veritrace/outcome").asText(), readmeReply.toString());
      assertEquals("10", readmeReply.at("/choices/0/message/content").asText());
      for (WordProblem p : SimulatedExamples.ALL) {
        String body = JSON.createObjectNode().put("model", "veritrace").set("messages",
            JSON.createArrayNode().add(JSON.createObjectNode().put("role", "user").put("content", p.question()))).toString();
        JsonNode r = post(http, uri, body);
        assertEquals(p.expected().name(), r.at("/veritrace/outcome").asText(), p.question() + " -> " + r);
        if (!p.answerText().isEmpty()) assertEquals(p.answerText(), r.at("/choices/0/message/content").asText(), r.toString());
      }
    }
  }

  private static JsonNode post(HttpClient http, URI uri, String body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }
}
