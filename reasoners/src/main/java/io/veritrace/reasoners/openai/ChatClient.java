package io.veritrace.reasoners.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritrace.core.ModelParameters;
import io.veritrace.core.Turn;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A client for an OpenAI-compatible {@code /chat/completions} endpoint (vLLM, llama.cpp server,
 * Ollama, OpenAI): bounded concurrency, a time limit per call, retries with exponential backoff on
 * 429 and 5xx (honouring {@code Retry-After}), and errors that say which of those happened.
 */
public final class ChatClient implements AutoCloseable {

  /**
   * @param baseUrl up to and including {@code /v1}
   * @param model the model name the server knows
   * @param apiKey sent as a bearer token; empty for servers that need none
   * @param timeout the most one call may take, retries included
   * @param maxConcurrency calls in flight at once; more wait for a slot within the timeout
   * @param maxRetries retries after a 429, a 5xx or a refused connection
   */
  public record Settings(URI baseUrl, String model, String apiKey, Duration timeout, int maxConcurrency, int maxRetries,
      double temperature, int maxTokens) {
    public Settings {
      if (baseUrl == null || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https"))) {
        throw new IllegalArgumentException("base URL must be http(s): " + baseUrl);
      }
      if (model == null || model.isBlank()) throw new IllegalArgumentException("a model name is required");
      apiKey = apiKey == null ? "" : apiKey;
      if (maxConcurrency < 1 || maxRetries < 0 || maxTokens < 1) throw new IllegalArgumentException("limits must be positive");
    }
  }

  /** Why a call failed, for the caller to tell a down server from a slow one. */
  public static final class UpstreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean timeout;

    UpstreamException(String message, boolean timeout) {
      super(message, null, false, false);
      this.timeout = timeout;
    }

    /** Whether the model did not answer in time (as opposed to answering with an error or not at all). */
    public boolean timeout() {
      return timeout;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Settings settings;
  private final HttpClient http;
  private final Semaphore slots;
  private final ExecutorService waiting = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "chat-client-wait");
    t.setDaemon(true);
    return t;
  });

  public ChatClient(Settings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    this.slots = new Semaphore(settings.maxConcurrency());
  }

  public Settings settings() {
    return settings;
  }

  /** A reply: the assistant's content and the tokens the server counted for the call (0 when it does not say). */
  public record Completion(String content, long promptTokens, long completionTokens) {}

  /**
   * The assistant's reply to {@code turns}; {@code jsonSchema} non-null asks for structured
   * output; {@code parameters} override the configured temperature and token limit and add top_p,
   * stop and seed. Completes exceptionally with an {@link UpstreamException}.
   */
  public CompletableFuture<Completion> completion(List<Turn> turns, JsonNode jsonSchema, ModelParameters parameters, Duration limit) {
    long deadline = System.nanoTime() + Math.min(limit.toNanos(), settings.timeout().toNanos());
    byte[] body = body(turns, jsonSchema, parameters);
    // a free slot is taken on the caller's thread; only a wait for one moves to another thread
    CompletableFuture<Void> slot = slots.tryAcquire()
        ? CompletableFuture.completedFuture(null)
        : CompletableFuture.supplyAsync(() -> acquire(deadline), waiting);
    return slot.thenCompose(ignored -> attempt(body, deadline, 0).whenComplete((r, e) -> slots.release()));
  }

  private Void acquire(long deadline) {
    try {
      if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new UpstreamException("all " + settings.maxConcurrency() + " model connections stayed busy until the time limit", true);
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpstreamException("interrupted while waiting for a model connection", false);
    }
  }

  private CompletableFuture<Completion> attempt(byte[] body, long deadline, int attempt) {
    long left = deadline - System.nanoTime();
    if (left <= 0) return CompletableFuture.failedFuture(timeout());
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint())
        .timeout(Duration.ofNanos(left))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (!settings.apiKey().isEmpty()) request.header("Authorization", "Bearer " + settings.apiKey());
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .handle((response, error) -> {
          if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof HttpTimeoutException) return CompletableFuture.<Completion>failedFuture(timeout());
            boolean refused = cause instanceof ConnectException || cause instanceof IOException;
            if (refused && attempt < settings.maxRetries()) return retry(body, deadline, attempt, backoff(attempt, null));
            return CompletableFuture.<Completion>failedFuture(new UpstreamException("the model server at " + settings.baseUrl()
                + " cannot be reached: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " " + cause.getMessage()), false));
          }
          int status = response.statusCode();
          if (status == 200) return CompletableFuture.completedFuture(content(response.body()));
          boolean transient_ = status == 429 || status >= 500;
          if (transient_ && attempt < settings.maxRetries()) {
            return retry(body, deadline, attempt, backoff(attempt, response.headers().firstValue("Retry-After").orElse(null)));
          }
          return CompletableFuture.<Completion>failedFuture(new UpstreamException("the model server answered " + status
              + (transient_ ? " after " + (attempt + 1) + " attempts" : "") + ": " + errorMessage(response.body()), false));
        })
        .thenCompose(f -> f);
  }

  private CompletableFuture<Completion> retry(byte[] body, long deadline, int attempt, Duration wait) {
    if (System.nanoTime() + wait.toNanos() >= deadline) return CompletableFuture.failedFuture(timeout());
    return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS))
        .thenCompose(ignored -> attempt(body, deadline, attempt + 1));
  }

  /** 250 ms, 500 ms, 1 s, ... or what the server asks for, at most 5 s. */
  private static Duration backoff(int attempt, String retryAfter) {
    long ms = 250L << Math.min(attempt, 5);
    if (retryAfter != null) {
      try {
        ms = Math.max(ms, (long) (Double.parseDouble(retryAfter.strip()) * 1000));
      } catch (NumberFormatException ignored) {
        // an HTTP date: keep the exponential backoff
      }
    }
    return Duration.ofMillis(Math.min(ms, 5000));
  }

  private UpstreamException timeout() {
    return new UpstreamException("the model server at " + settings.baseUrl() + " did not answer within "
        + settings.timeout().toMillis() + " ms", true);
  }

  private URI endpoint() {
    String base = settings.baseUrl().toString();
    return URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
  }

  private byte[] body(List<Turn> turns, JsonNode jsonSchema, ModelParameters parameters) {
    ObjectNode req = JSON.createObjectNode();
    req.put("model", settings.model());
    req.put("temperature", parameters.temperature() != null ? parameters.temperature() : settings.temperature());
    req.put("max_tokens", parameters.maxTokens() != null ? parameters.maxTokens() : settings.maxTokens());
    if (parameters.topP() != null) req.put("top_p", parameters.topP());
    if (parameters.seed() != null) req.put("seed", parameters.seed());
    if (!parameters.stop().isEmpty()) parameters.stop().forEach(req.putArray("stop")::add);
    ArrayNode messages = req.putArray("messages");
    for (Turn t : turns) messages.addObject().put("role", t.role().name().toLowerCase(Locale.ROOT)).put("content", t.text());
    if (jsonSchema != null) {
      ObjectNode format = req.putObject("response_format");
      format.put("type", "json_schema");
      format.putObject("json_schema").put("name", "steps").put("strict", true).set("schema", jsonSchema);
    }
    try {
      return JSON.writeValueAsBytes(req);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Completion content(String body) {
    try {
      JsonNode j = JSON.readTree(body);
      JsonNode content = j.path("choices").path(0).path("message").path("content");
      if (!content.isTextual()) throw new UpstreamException("the model server's reply has no choices[0].message.content", false);
      JsonNode usage = j.path("usage");
      return new Completion(content.asText(), usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0));
    } catch (IOException e) {
      throw new UpstreamException("the model server's reply is not JSON: " + e.getMessage(), false);
    }
  }

  private static String errorMessage(String body) {
    try {
      JsonNode m = JSON.readTree(body).path("error").path("message");
      if (m.isTextual()) return m.asText();
    } catch (IOException ignored) {
      // not JSON: show the start of it
    }
    return body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }

  @Override
  public void close() {
    waiting.shutdownNow();
  }
}
