package io.veritrace.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A model server on 127.0.0.1 that speaks OpenAI's chat-completions protocol and answers from a
 * script: the stand-in for a real LLM service, which cannot run in tests.
 */
public final class StandInModel implements AutoCloseable {

  /** What the script answers: a status, the assistant's content, and a delay before answering. */
  public record Reply(int status, String content, long delayMillis) {
    public static Reply ok(String content) {
      return new Reply(200, content, 0);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  public static final int PROMPT_TOKENS = 11;
  public static final int COMPLETION_TOKENS = 7;

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  public final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  /** Calls answered with a reply (and so with usage): what a client's token total must add up to. */
  public final AtomicInteger answered = new AtomicInteger();

  public StandInModel(Function<JsonNode, Reply> script) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(pool);
    server.createContext("/v1/chat/completions", exchange -> answer(exchange, script));
    server.start();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** The system prompt, the last user message and the number of messages of a request. */
  public static String system(JsonNode request) {
    return request.path("messages").path(0).path("content").asText("");
  }

  public static String lastUser(JsonNode request) {
    JsonNode m = request.path("messages");
    for (int i = m.size() - 1; i >= 0; i--) if (m.get(i).path("role").asText().equals("user")) return m.get(i).path("content").asText();
    return "";
  }

  private void answer(HttpExchange exchange, Function<JsonNode, Reply> script) throws IOException {
    try (exchange) {
      JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
      requests.add(request);
      Reply reply = script.apply(request);
      if (reply.delayMillis() > 0) {
        try {
          Thread.sleep(reply.delayMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
      ObjectNode body = JSON.createObjectNode();
      if (reply.status() == 200) {
        body.put("id", "stand-in").put("object", "chat.completion").put("created", 0).put("model", request.path("model").asText());
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", reply.content());
        // as a real server counts them: every call costs PROMPT_TOKENS in and COMPLETION_TOKENS out
        body.putObject("usage").put("prompt_tokens", PROMPT_TOKENS).put("completion_tokens", COMPLETION_TOKENS)
            .put("total_tokens", PROMPT_TOKENS + COMPLETION_TOKENS);
        answered.incrementAndGet(); // counted before the reply leaves, so a client that has it sees the count
      } else {
        body.putObject("error").put("message", "scripted failure").put("type", "server_error");
      }
      byte[] bytes = JSON.writeValueAsBytes(body);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(reply.status(), bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      // the client went away (a timeout on its side): nothing to answer
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
