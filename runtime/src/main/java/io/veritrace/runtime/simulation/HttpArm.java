package io.veritrace.runtime.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritrace.core.Outcome;
import io.veritrace.core.Query;
import io.veritrace.core.Source;
import io.veritrace.core.Turn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A running {@code veritrace serve} (any backend) over its OpenAI-compatible API: each turn is a
 * chat completion carrying the conversation so far, the script's session in {@code
 * X-Veritrace-Session}, its documents and reference date in the {@code veritrace} extension.
 */
public final class HttpArm implements Arm {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI completions;
  private final HttpClient client;
  private final Duration timeout;
  private final String apiKey;

  /**
   * @param base the server's API root, e.g. {@code http://127.0.0.1:8080/v1}
   * @param apiKey sent as a bearer token; null for none
   */
  public HttpArm(URI base, Duration timeout, String apiKey) {
    String root = base.toString().replaceAll("/+$", "");
    this.completions = URI.create(root + "/chat/completions");
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
    this.timeout = timeout;
    this.apiKey = apiKey;
  }

  @Override
  public String name() {
    return "checked";
  }

  @Override
  public Served ask(Query query) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode().put("model", "veritrace");
    ArrayNode messages = body.putArray("messages");
    for (Turn t : query.history()) messages.addObject().put("role", t.role().name().toLowerCase(java.util.Locale.ROOT)).put("content", t.text());
    messages.addObject().put("role", "user").put("content", query.question());
    ObjectNode ext = body.putObject("veritrace");
    if (query.referenceDate() != null) ext.put("reference_date", query.referenceDate());
    if (!query.sources().isEmpty()) {
      ArrayNode sources = ext.putArray("sources");
      for (Source s : query.sources()) sources.addObject().put("id", s.id()).put("title", s.title()).put("text", s.text());
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(completions).timeout(timeout)
        .header("Content-Type", "application/json")
        .header("X-Veritrace-Session", query.sessionId())
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    if (apiKey != null) request.header("Authorization", "Bearer " + apiKey);
    HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    JsonNode reply = JSON.readTree(response.body());
    if (response.statusCode() != 200) {
      throw new IOException(completions + " answered " + response.statusCode() + ": " + reply.path("error").path("message").asText(new String(response.body())));
    }
    String text = reply.path("choices").path(0).path("message").path("content").asText("");
    JsonNode v = reply.path("veritrace");
    Outcome outcome = v.has("outcome") ? Outcome.valueOf(v.get("outcome").asText()) : Outcome.UNVERIFIED;
    return new Served(outcome, text, v.path("rounds").asInt(0));
  }
}
