package io.veritrace.runtime.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritrace.actors.QueryResult;
import io.veritrace.actors.Veritrace;
import io.veritrace.core.Certificate;
import io.veritrace.core.Outcome;
import io.veritrace.core.Query;
import io.veritrace.core.Round;
import io.veritrace.core.TokenUsage;
import io.veritrace.core.Trace;
import io.veritrace.core.Verdict;
import io.veritrace.runtime.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.ResponseEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The OpenAI-compatible API: {@code POST /v1/chat/completions} (plain or {@code stream: true}),
 * {@code GET /v1/models}, {@code /health}, {@code /ready}. The assistant message is the verified
 * answer, the clarifying question or the refusal, in plain words; the top-level {@code veritrace}
 * field carries the outcome, rounds, certificate, failures and whether the trace is durable.
 */
public final class ChatApi implements Function<HttpRequest, CompletionStage<HttpResponse>> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChatApi.class);
  /** A body still arriving after this is answered 408: a slow sender cannot hold a query slot. */
  private static final long BODY_TIMEOUT_MS = 10_000;
  private static final String CAVEAT = "caveat: ";
  private static final ResponseEntity HEALTHY = HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"status\":\"ok\"}");
  /** Changes when the checks change: the build's version. */
  private static final String FINGERPRINT = "fp_veritrace_" + java.util.Objects.requireNonNullElse(ChatApi.class.getPackage().getImplementationVersion(), "dev");

  private final Veritrace node;
  private final ApiSettings settings;
  private final Materializer materializer;
  private final AtomicLong ids = new AtomicLong();
  private final String instance = Long.toHexString(System.nanoTime() & 0xffffff);
  private volatile boolean ready = true;

  public ChatApi(Veritrace node, ApiSettings settings) {
    this.node = node;
    this.settings = settings;
    this.materializer = Materializer.matFromSystem(node.system());
  }

  /** Stops answering /ready with 200, so a balancer drains this node before it stops. */
  public void drain() {
    ready = false;
  }

  /** Every response carries {@code x-request-id}: the client's own, or one made here, to find the request in logs. */
  @Override
  public CompletionStage<HttpResponse> apply(HttpRequest request) {
    String given = header(request, "X-Request-Id");
    String requestId = given != null && given.length() <= 128 && !given.isBlank() ? given : "req_" + instance + Long.toHexString(ids.incrementAndGet());
    return route(request).thenApply(r -> r.addHeader(RawHeader.create("x-request-id", requestId)));
  }

  private CompletionStage<HttpResponse> route(HttpRequest request) {
    String path = request.getUri().path();
    try {
      if (path.startsWith("/v1/models/")) {
        requireMethod(request, "GET");
        authorize(request);
        String id = path.substring("/v1/models/".length());
        if (!id.equals(settings.modelName())) throw ApiError.modelNotFound(id, settings.modelName()).raise();
        return done(json(200, model()));
      }
      switch (path) {
        case "/health":
          return done(health());
        case "/ready":
          return done(json(ready ? 200 : 503, JSON.createObjectNode().put("ready", ready)));
        case "/v1/models":
          requireMethod(request, "GET");
          authorize(request);
          return done(json(200, models()));
        case "/v1/chat/completions":
          requireMethod(request, "POST");
          authorize(request);
          return chat(request);
        default:
          request.discardEntityBytes(materializer);
          return done(error(new ApiError(404, "invalid_request_error", "unknown_url", null, "Unknown request URL: "
              + request.method().value() + " " + path + ". This server serves /v1/chat/completions, /v1/models and /v1/models/{id}.")));
      }
    } catch (ApiError.Raised e) {
      request.discardEntityBytes(materializer);
      return done(error(e.error));
    }
  }

  private CompletionStage<HttpResponse> chat(HttpRequest request) {
    long declared = request.entity().getContentLengthOption().orElse(-1L);
    if (declared > settings.maxBodyBytes()) {
      request.discardEntityBytes(materializer);
      return done(error(ApiError.tooLarge("The request body has " + declared + " bytes; this server accepts at most "
          + settings.maxBodyBytes() + ".")));
    }
    String id = "chatcmpl-" + instance + "-" + ids.incrementAndGet();
    return request.entity().toStrict(BODY_TIMEOUT_MS, settings.maxBodyBytes(), materializer)
        .thenCompose(strict -> {
          ChatRequest chat = ChatRequest.parse(strict.getData().toArray(), id, header(request, "X-Veritrace-Session"),
              header(request, "X-Veritrace-Reference-Date"), settings);
          if (chat.conversation()) {
            Metrics.sessionStarted();
            return node.ask(chat.query().sessionId(), chat.query()).whenComplete((r, e) -> Metrics.sessionEnded())
                .thenApply(result -> respond(chat, List.of(result)));
          }
          // n independent loops, each a one-off query of its own
          List<CompletableFuture<QueryResult>> loops = new ArrayList<>();
          for (int i = 0; i < chat.n(); i++) {
            Query q = chat.query();
            Query own = i == 0 ? q : new Query(q.id() + "-" + i, q.sessionId() + "-" + i, q.question(), q.history(), q.established(),
                q.sources(), q.referenceDate(), q.parameters());
            Metrics.sessionStarted();
            loops.add(node.askOnce(own).whenComplete((r, e) -> Metrics.sessionEnded()).toCompletableFuture());
          }
          return CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new))
              .thenApply(ignored -> respond(chat, loops.stream().map(CompletableFuture::join).toList()));
        })
        .exceptionally(this::failure);
  }

  /**
   * A failed request as the client's fault where it is (a body too large 413, unreadable 400, too
   * slow 408) and otherwise without internals: a 500 names no class, the log has the details.
   */
  private HttpResponse failure(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof ApiError.Raised raised) return error(raised.error);
    for (Throwable c = cause; c != null; c = c.getCause()) {
      if (c.getClass().getSimpleName().equals("EntityStreamSizeException") || String.valueOf(c.getMessage()).contains("Request too large")) {
        return error(ApiError.tooLarge("The request body is larger than the " + settings.maxBodyBytes() + " bytes this server accepts."));
      }
    }
    for (Throwable c = cause; c != null; c = c.getCause()) {
      String name = c.getClass().getSimpleName();
      if (c instanceof java.util.concurrent.TimeoutException && String.valueOf(c.getMessage()).contains("toStrict")) {
        return error(new ApiError(408, "invalid_request_error", "request_timeout", null,
            "The request body did not arrive within " + BODY_TIMEOUT_MS / 1000 + " seconds."));
      }
      if (name.equals("EntityStreamException") || name.equals("ParsingException") || name.equals("IllegalRequestException")) {
        LOG.debug("unreadable request body", cause);
        return error(ApiError.invalid(null, "The request body cannot be read: malformed chunked or framed transfer."));
      }
    }
    if (cause instanceof java.util.concurrent.TimeoutException || cause.getClass().getSimpleName().contains("AskTimeout")) {
      return error(ApiError.timeout("No outcome within the time limit; the query was abandoned."));
    }
    LOG.error("request failed inside the server", cause);
    return error(new ApiError(500, "server_error", null, null, "Internal error; the server's log has the details."));
  }

  private HttpResponse respond(ChatRequest chat, List<QueryResult> results) {
    for (QueryResult r : results) {
      Metrics.finished(r);
      String stop = r.trace() == null ? "" : r.trace().stopReason();
      boolean noProposal = r.trace() != null && r.trace().rounds().isEmpty();
      // a model server that did not answer in time is a gateway timeout, one that failed a bad gateway
      if (stop.equals("reasoner-error")) return error(r.text().contains("did not answer within") ? ApiError.timeout(r.text()) : ApiError.upstream(r.text()));
      if (stop.equals("deadline") && noProposal) {
        return error(ApiError.timeout("The model did not answer within the deadline; no outcome could be reached. " + r.text()));
      }
    }
    QueryResult first = results.get(0);
    long created = System.currentTimeMillis() / 1000;
    TokenUsage usage = TokenUsage.NONE;
    for (QueryResult r : results) usage = usage.plus(usage(r));
    if (!chat.stream()) {
      ObjectNode body = JSON.createObjectNode();
      body.put("id", first.queryId()).put("object", "chat.completion").put("created", created).put("model", chat.model());
      body.put("system_fingerprint", FINGERPRINT);
      ArrayNode choices = body.putArray("choices");
      for (int i = 0; i < results.size(); i++) {
        QueryResult r = results.get(i);
        Reply reply = reply(chat, r);
        ObjectNode choice = choices.addObject();
        choice.put("index", i);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (reply.content == null) message.putNull("content");
        else message.put("content", reply.content);
        if (reply.refusal == null) message.putNull("refusal");
        else message.put("refusal", reply.refusal);
        choice.putNull("logprobs");
        choice.put("finish_reason", reply.finish);
        if (results.size() > 1) choice.set("veritrace", veritrace(chat, r));
      }
      body.set("usage", usageJson(usage));
      body.set("veritrace", veritrace(chat, first));
      return json(200, body);
    }
    Reply reply = reply(chat, first);
    List<ByteString> events = new ArrayList<>();
    events.add(event(chunk(chat, first.queryId(), created, JSON.createObjectNode().put("role", "assistant").put("content", ""), null)));
    if (reply.content != null) {
      for (String piece : pieces(reply.content)) {
        events.add(event(chunk(chat, first.queryId(), created, JSON.createObjectNode().put("content", piece), null)));
      }
    }
    if (reply.refusal != null) {
      events.add(event(chunk(chat, first.queryId(), created, JSON.createObjectNode().put("refusal", reply.refusal), null)));
    }
    ObjectNode last = chunk(chat, first.queryId(), created, JSON.createObjectNode(), reply.finish);
    last.set("veritrace", veritrace(chat, first));
    events.add(event(last));
    if (chat.includeUsage()) {
      ObjectNode usageChunk = JSON.createObjectNode();
      usageChunk.put("id", first.queryId()).put("object", "chat.completion.chunk").put("created", created).put("model", chat.model())
          .put("system_fingerprint", FINGERPRINT);
      usageChunk.putArray("choices");
      usageChunk.set("usage", usageJson(usage));
      events.add(event(usageChunk));
    }
    events.add(ByteString.fromString("data: [DONE]\n\n"));
    return HttpResponse.create().withStatus(200)
        .withEntity(HttpEntities.createChunked(ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM), Source.from(events)));
  }

  /** What the assistant message says: content, refusal, and why generation stopped. */
  private record Reply(String content, String refusal, String finish) {}

  /**
   * A REFUSE is OpenAI's refusal: {@code message.refusal} set and {@code finish_reason}
   * {@code content_filter} (the answer was withheld by the checks); in text mode the content says it
   * too, for clients that only show content. In a JSON mode the content is the requested JSON or
   * null, and a clarifying question or an answer that does not fit the schema is the refusal.
   */
  private static Reply reply(ChatRequest chat, QueryResult r) {
    boolean refused = r.outcome() == Outcome.REFUSE;
    if (chat.format().kind == AnswerFormat.Kind.TEXT) {
      return new Reply(r.text(), refused ? r.text() : null, refused ? "content_filter" : "stop");
    }
    if (r.outcome() != Outcome.VERIFIED) return new Reply(null, r.text(), refused ? "content_filter" : "stop");
    String json = chat.format().render(r);
    if (json == null) {
      return new Reply(null, "The verified answer \"" + r.text() + "\" does not fit the requested JSON schema.", "stop");
    }
    return new Reply(json, null, "stop");
  }

  /**
   * Tokens of every model call the loop made: each round's proposal and the checks that asked the
   * model too (the independent derivation); a repair made without the model costs none.
   */
  private static TokenUsage usage(QueryResult r) {
    TokenUsage total = TokenUsage.NONE;
    if (r.trace() != null) for (Round round : r.trace().rounds()) total = total.plus(round.usage());
    return total;
  }

  private static ObjectNode usageJson(TokenUsage u) {
    return JSON.createObjectNode().put("prompt_tokens", u.promptTokens()).put("completion_tokens", u.completionTokens())
        .put("total_tokens", u.promptTokens() + u.completionTokens());
  }

  /** The answer in word-sized pieces, as a model streams it. */
  private static List<String> pieces(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || (text.charAt(i) == ' ' && i - start >= 16)) {
        out.add(text.substring(start, i));
        start = i;
      }
    }
    return out;
  }

  private static ObjectNode chunk(ChatRequest chat, String id, long created, ObjectNode delta, String finish) {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", id).put("object", "chat.completion.chunk").put("created", created).put("model", chat.model());
    c.put("system_fingerprint", FINGERPRINT);
    if (chat.includeUsage()) c.putNull("usage");
    ObjectNode choice = c.putArray("choices").addObject();
    choice.put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    if (finish == null) choice.putNull("finish_reason");
    else choice.put("finish_reason", finish);
    return c;
  }

  private static ByteString event(ObjectNode data) {
    try {
      return ByteString.fromString("data: " + JSON.writeValueAsString(data) + "\n\n");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode veritrace(ChatRequest chat, QueryResult r) {
    ObjectNode v = JSON.createObjectNode();
    v.put("outcome", r.outcome().name());
    v.put("session", chat.query().sessionId());
    v.put("rounds", r.rounds());
    v.put("durable", r.durable());
    v.put("reference_date", chat.referenceDate());
    if (r.trace() != null) v.put("stop_reason", r.trace().stopReason());
    // the adapter version the model answered with (a local model on a trained adapter); empty for none
    if (r.trace() != null && !r.trace().rounds().isEmpty()) v.put("adapter", r.trace().rounds().get(r.trace().rounds().size() - 1).proposal().adapter());
    // the certificate is what passed; warnings that did not stop the answer are caveats, listed apart
    ArrayNode cert = v.putArray("certificate");
    ArrayNode caveats = v.putArray("caveats");
    for (Certificate.Entry e : r.certificate().entries()) {
      if (e.statement().startsWith(CAVEAT)) {
        caveats.addObject().put("checker", e.checker()).put("rule", e.rule()).put("step", e.step())
            .put("statement", e.statement().substring(CAVEAT.length()));
      } else {
        cert.add(JSON.valueToTree(e));
      }
    }
    // what earlier rounds got wrong and a later round fixed: a corrected slip is part of the answer's story
    ArrayNode corrected = v.putArray("corrected");
    if (r.trace() != null) {
      for (Trace.Fix fix : r.trace().fixes()) {
        Verdict f = fix.failure();
        corrected.addObject().put("round", fix.round()).put("fixed_in", fix.fixedIn()).put("step", f.step())
            .put("rule", f.rule()).put("message", f.message());
      }
    }
    ArrayNode failures = v.putArray("failures");
    for (Verdict f : r.failures()) {
      failures.addObject().put("step", f.step()).put("rule", f.rule()).put("grade", f.grade().name()).put("message", f.message())
          .put("counterexample", f.counterexample());
    }
    return v;
  }

  private ObjectNode models() {
    ObjectNode body = JSON.createObjectNode().put("object", "list");
    body.putArray("data").add(model());
    return body;
  }

  private ObjectNode model() {
    return JSON.createObjectNode().put("id", settings.modelName()).put("object", "model").put("created", 0).put("owned_by", "veritrace");
  }

  private void authorize(HttpRequest request) {
    if (settings.apiKeys().isEmpty()) return;
    String auth = header(request, "Authorization");
    String key = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : "";
    if (!ApiKeys.accepts(settings.apiKeys(), key)) throw ApiError.unauthorized().raise();
  }

  private static void requireMethod(HttpRequest request, String method) {
    if (!request.method().value().equals(method)) {
      throw new ApiError(405, "invalid_request_error", "method_not_allowed", null,
          request.getUri().path() + " takes " + method + ", not " + request.method().value() + ".").raise();
    }
  }

  private static String header(HttpRequest request, String name) {
    Optional<HttpHeader> h = request.getHeader(name);
    return h.map(HttpHeader::value).orElse(null);
  }

  /** The process is up: answered from a constant, touching no actor, so it stays fast whatever the load. */
  static HttpResponse health() {
    return HttpResponse.create().withStatus(StatusCodes.OK).withEntity(HEALTHY);
  }

  static HttpResponse error(ApiError e) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode err = body.putObject("error");
    err.put("message", e.message()).put("type", e.type());
    if (e.param() == null) err.putNull("param");
    else err.put("param", e.param());
    if (e.code() == null) err.putNull("code");
    else err.put("code", e.code());
    return json(e.status(), body);
  }

  private static HttpResponse json(int status, ObjectNode body) {
    try {
      return HttpResponse.create().withStatus(StatusCodes.get(status))
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(body)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static CompletionStage<HttpResponse> done(HttpResponse r) {
    return CompletableFuture.completedFuture(r);
  }
}
