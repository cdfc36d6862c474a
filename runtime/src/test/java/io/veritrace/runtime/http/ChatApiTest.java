package io.veritrace.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.veritrace.actors.Veritrace;
import io.veritrace.actors.journal.FileTraceJournal;
import io.veritrace.core.Certificate;
import io.veritrace.core.Outcome;
import io.veritrace.core.Query;
import io.veritrace.core.Trace;
import io.veritrace.reasoners.openai.CrossDerivation;
import io.veritrace.runtime.Metrics;
import io.veritrace.runtime.Nodes;
import io.veritrace.runtime.OpenAiBackend;
import io.veritrace.runtime.Settings;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API end to end: a real Pekko HTTP server, the real loop, and a scripted model server on
 * loopback, each case ending in the right outcome within its deadline.
 */
class ChatApiTest {

  static final String APPLES = "Tom buys 3 bags of 4 apples and eats 2. How many apples are left?";
  static final String SHIRT = "A shirt costs $20 and is sold at 25% off. What is the sale price in dollars?";
  static final String RETURNS = "How long do I have to return something I bought?";
  static final String BATTERY = "How long does the battery of the Trailhead lamp last?";
  static final String REFUND_POLICY = "Returns are accepted within 30 days of delivery. Refunds are issued within 5 business days.";
  static final String STICKERS = "Maya has some stickers and buys 12 more. How many stickers does she have now?";

  private static final ObjectMapper JSON = new ObjectMapper();
  static StandInModel model;
  static Veritrace node;
  static ChatServer server;
  static OpenAiBackend backend;
  static int metricsPort;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The stand-in's script: by question, and by which prompt asks (solver, reviser, cross-derivation). */
  static StandInModel.Reply script(JsonNode request) {
    String system = StandInModel.system(request);
    String user = StandInModel.lastUser(request);
    boolean cross = system.equals(CrossDerivation.PROMPT);
    boolean revision = user.startsWith("A checker found problems");
    String question = revision ? StandInModel.lastUser(withoutLast(request)) : user;
    if (question.contains("Fail please")) return new StandInModel.Reply(500, "", 0);
    if (question.contains("Stall please")) return new StandInModel.Reply(200, "#### 1", 30_000);
    // issue 16: a flat sum of 400 terms and a tower of 900 powers overflowed the stack and came back as a 502 blaming the model
    if (question.contains("Long sum please")) {
      String sum = "1" + " + 1".repeat(399);
      return StandInModel.Reply.ok(cross ? "EXPRESSION: " + sum : sum + " = 400\n#### 400");
    }
    if (question.contains("Deep power please")) {
      String tower = "1" + "^1".repeat(900);
      return StandInModel.Reply.ok(cross ? "EXPRESSION: " + tower : tower + " = 1\n#### 1");
    }
    if (question.contains(APPLES)) {
      return StandInModel.Reply.ok(cross ? "EXPRESSION: 3*4-2" : "3 * 4 = <<3*4=13>>13 apples\nThen 13 - 2 = <<13-2=11>>11 apples are left.\n#### 11");
    }
    if (question.contains(SHIRT)) {
      if (cross) return StandInModel.Reply.ok("EXPRESSION: 20 - 20*25/100");
      // first the discount itself (every step right, the set-up wrong), then, told so, the price
      return StandInModel.Reply.ok(revision
          ? "The discount is 20 * 25 / 100 = <<20*25/100=5>>5 dollars.\nThe sale price is 20 - 5 = <<20-5=15>>15 dollars.\n#### 15"
          : "The discount is 20 * 25 / 100 = <<20*25/100=5>>5 dollars.\n#### 5");
    }
    if (question.contains(RETURNS)) {
      // first a specific the policy does not contain, then, told so, the policy's own figure
      return StandInModel.Reply.ok(revision ? "You can return items within 30 days of delivery [refunds]."
          : "You can return items within 60 days of delivery [refunds].");
    }
    // the worst case: the sources do not say, and the model keeps inventing
    if (question.contains(BATTERY)) return StandInModel.Reply.ok("The Trailhead lamp's battery lasts 14 hours [refunds].");
    if (question.contains(STICKERS)) {
      return StandInModel.Reply.ok(cross ? "EXPRESSION: x + 12" : "37 + 12 = <<37+12=49>>49\n#### 49");
    }
    if (question.contains("first turn")) return StandInModel.Reply.ok(cross ? "EXPRESSION: 2+2" : "2 + 2 = <<2+2=4>>4\n#### 4");
    if (question.contains("second turn")) return StandInModel.Reply.ok(cross ? "EXPRESSION: 4*2" : "4 * 2 = <<4*2=8>>8\n#### 8");
    return StandInModel.Reply.ok("CLARIFY: I do not know this one.");
  }

  private static JsonNode withoutLast(JsonNode request) {
    com.fasterxml.jackson.databind.node.ObjectNode copy = request.deepCopy();
    com.fasterxml.jackson.databind.node.ArrayNode m = (com.fasterxml.jackson.databind.node.ArrayNode) copy.get("messages");
    m.remove(m.size() - 1);
    return copy;
  }

  static Config config(String baseUrl) {
    return ConfigFactory.parseString("""
        pekko.actor.serialize-messages = on
        veritrace.loop.deadline = 8s
        veritrace.loop.check-timeout = 2s
        veritrace.openai.model = stand-in
        veritrace.openai.timeout = 3s
        veritrace.openai.max-retries = 1
        veritrace.http.max-messages = 8
        veritrace.http.max-body = 8KiB
        veritrace.http.port = 0
        """).withFallback(ConfigFactory.parseString("veritrace.openai.base-url = \"" + baseUrl + "\""))
        .withFallback(ConfigFactory.load()).resolve();
  }

  @BeforeAll
  static void start() throws Exception {
    model = new StandInModel(ChatApiTest::script);
    try (ServerSocket s = new ServerSocket(0)) {
      metricsPort = s.getLocalPort();
    }
    Metrics.start("127.0.0.1", metricsPort);
    Config config = config(model.baseUrl());
    Settings settings = Settings.from(config);
    backend = OpenAiBackend.open(settings, null, null, "NO_SUCH_KEY_VARIABLE");
    node = Nodes.start(settings, Metrics.timed(backend.reasoner()), null, Metrics.timed(backend.suites()));
    server = ChatServer.start(node, ApiSettings.from(config));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    node.close();
    backend.close();
    model.close();
    Metrics.stop();
  }

  static String url(String path) {
    return "http://127.0.0.1:" + server.address().getPort() + path;
  }

  static HttpResponse<String> post(String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/v1/chat/completions")))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String ask(String question) {
    return "{\"model\":\"veritrace\",\"messages\":[{\"role\":\"user\",\"content\":" + JSON.valueToTree(question) + "}],\"temperature\":0}";
  }

  private static JsonNode completion(String question) throws Exception {
    HttpResponse<String> r = post(ask(question));
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  @Test
  void wrongArithmeticIsRepairedAndVerified() throws Exception {
    JsonNode c = completion(APPLES);
    assertEquals("chat.completion", c.get("object").asText());
    assertEquals("10", c.at("/choices/0/message/content").asText());
    assertEquals("assistant", c.at("/choices/0/message/role").asText());
    assertEquals("VERIFIED", c.at("/veritrace/outcome").asText());
    assertTrue(c.at("/veritrace/rounds").asInt() >= 2, c.toString());
    // no X-Veritrace-Session and no user: a one-off question, whose session is gone once answered
    String session = "session-" + c.get("id").asText();
    for (int i = 0; i < 100 && node.system().printTree().contains(session); i++) Thread.sleep(50);
    assertTrue(!node.system().printTree().contains(session), session + " still runs");
  }

  @Test
  void aWrongSetUpIsCaughtByCrossDerivationAndCorrected() throws Exception {
    JsonNode c = completion(SHIRT);
    assertEquals("VERIFIED", c.at("/veritrace/outcome").asText(), c.toString());
    assertEquals("15", c.at("/choices/0/message/content").asText());
    assertTrue(model.requests.stream().anyMatch(r -> StandInModel.lastUser(r).startsWith("A checker found problems")
        && StandInModel.lastUser(r).contains(CrossDerivation.RULE_DISAGREE)), "the disagreement went back to the model");
  }

  @Test
  void aConfidentAnswerToAnUnanswerableQuestionEndsInAClarifyingQuestion() throws Exception {
    JsonNode c = completion(STICKERS);
    assertEquals("CLARIFY", c.at("/veritrace/outcome").asText(), c.toString());
    assertTrue(c.at("/choices/0/message/content").asText().contains("37"), c.toString());
  }

  static String askWithSources(String question) {
    return "{\"model\":\"veritrace\",\"messages\":[{\"role\":\"user\",\"content\":" + JSON.valueToTree(question) + "}],"
        + "\"veritrace\":{\"sources\":[{\"id\":\"refunds\",\"title\":\"Refund Policy\",\"text\":" + JSON.valueToTree(REFUND_POLICY)
        + "}]}}";
  }

  @Test
  void anInventedSpecificInARetrievalAnswerGoesBackToTheModelAndEndsVerified() throws Exception {
    HttpResponse<String> r = post(askWithSources(RETURNS));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode c = JSON.readTree(r.body());
    assertEquals("VERIFIED", c.at("/veritrace/outcome").asText(), c.toString());
    assertTrue(c.at("/choices/0/message/content").asText().contains("30 days"), c.toString());
    assertTrue(c.at("/veritrace/rounds").asInt() >= 2, c.toString());
    assertTrue(model.requests.stream().anyMatch(q -> StandInModel.lastUser(q).startsWith("A checker found problems")
        && StandInModel.lastUser(q).contains("60") && StandInModel.lastUser(q).contains("grounding.")), "the invented 60 went back");
  }

  @Test
  void sourcesInASystemMessageThatDoNotHoldTheAnswerNeverYieldAConfidentInvention() throws Exception {
    String sources = "[veritrace sources v1]\n<source id=\"refunds\" title=\"Refund Policy\">\n" + REFUND_POLICY + "\n</source>";
    String body = "{\"model\":\"veritrace\",\"messages\":[{\"role\":\"system\",\"content\":" + JSON.valueToTree(sources) + "},"
        + "{\"role\":\"user\",\"content\":" + JSON.valueToTree(BATTERY) + "}]}";
    HttpResponse<String> r = post(body);
    assertEquals(200, r.statusCode(), r.body());
    JsonNode c = JSON.readTree(r.body());
    assertTrue(Set.of("CLARIFY", "REFUSE").contains(c.at("/veritrace/outcome").asText()), c.toString());
    assertTrue(c.at("/veritrace/failures").toString().contains("grounding."), c.toString());
    // the model repeated its invention every round: nothing was corrected, however many rounds ran
    assertTrue(c.at("/veritrace/rounds").asInt() > 1, c.toString());
    assertEquals(0, c.at("/veritrace/corrected").size(), c.toString());
    assertTrue(model.requests.stream().anyMatch(q -> StandInModel.system(q).contains(REFUND_POLICY)
        || StandInModel.lastUser(q).contains(REFUND_POLICY)), "the model was shown the sources");
  }

  @Test
  void aFailingModelServerIsA502WithAClearMessage() throws Exception {
    HttpResponse<String> r = post(ask("Fail please"));
    assertEquals(502, r.statusCode(), r.body());
    JsonNode e = JSON.readTree(r.body()).get("error");
    assertEquals("server_error", e.get("type").asText());
    assertEquals("model_unavailable", e.get("code").asText());
    assertTrue(e.get("message").asText().contains("500"), e.toString());
  }

  @Test
  void aModelReplyTooLongOrDeepToEvaluateIsAnsweredNotA502() throws Exception {
    for (String question : List.of("Long sum please: how many ones?", "Deep power please: what is it?")) {
      HttpResponse<String> r = post(ask(question));
      assertEquals(200, r.statusCode(), question + ": " + r.body());
      String outcome = JSON.readTree(r.body()).at("/veritrace/outcome").asText();
      assertTrue(Set.of("VERIFIED", "UNVERIFIED", "CLARIFY", "REFUSE").contains(outcome), r.body());
    }
    // and the server goes on answering
    assertEquals("VERIFIED", completion(APPLES).at("/veritrace/outcome").asText());
  }

  @Test
  void aStalledModelIsA504AtTheDeadlineNotAHang() throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> r = post(ask("Stall please"));
    long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
    assertEquals(504, r.statusCode(), r.body());
    assertEquals("model_timeout", JSON.readTree(r.body()).at("/error/code").asText());
    assertTrue(seconds < 20, "answered after " + seconds + " s, against an 8 s deadline and a 30 s stall");
  }

  @Test
  void streamingAnswersWithStandardServerSentEvents() throws Exception {
    HttpResponse<String> r = post(ask(APPLES).replace("\"temperature\":0", "\"stream\":true"));
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"), r.headers().toString());
    StringBuilder content = new StringBuilder();
    String[] events = r.body().split("\n\n");
    assertEquals("data: [DONE]", events[events.length - 1].strip());
    JsonNode last = null;
    for (String ev : events) {
      if (ev.strip().equals("data: [DONE]")) continue;
      JsonNode chunk = JSON.readTree(ev.strip().substring("data: ".length()));
      assertEquals("chat.completion.chunk", chunk.get("object").asText());
      content.append(chunk.at("/choices/0/delta/content").asText(""));
      last = chunk;
    }
    assertEquals("10", content.toString());
    assertEquals("stop", last.at("/choices/0/finish_reason").asText());
    assertEquals("VERIFIED", last.at("/veritrace/outcome").asText());
  }

  @Test
  void badRequestsGetOpenAiErrorsAndTheServerKeepsServing() throws Exception {
    assertError(post("{not json"), 400, null);
    assertError(post("{\"model\":\"x\"}"), 400, "messages");
    assertError(post("{\"model\":\"veritrace\",\"messages\":[]}"), 400, "messages");
    assertError(post("{\"model\":\"veritrace\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}"), 400, "messages[0].role");
    assertError(post("{\"model\":\"veritrace\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"yo\"}]}"), 400, "messages");
    StringBuilder many = new StringBuilder("{\"model\":\"veritrace\",\"messages\":[");
    for (int i = 0; i < 9; i++) many.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"m").append(i).append("\"}");
    assertError(post(many.append("]}").toString()), 400, "messages");
    assertError(post("{\"model\":\"veritrace\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(20_000) + "\"}]}"), 413, null);
    assertError(post(ask("hi"), "X-Veritrace-Reference-Date", "tomorrow"), 400, "veritrace.reference_date");
    assertError(HTTP.send(HttpRequest.newBuilder(URI.create(url("/v1/nothing"))).GET().build(), HttpResponse.BodyHandlers.ofString()), 404, null);
    assertError(HTTP.send(HttpRequest.newBuilder(URI.create(url("/v1/chat/completions"))).GET().build(), HttpResponse.BodyHandlers.ofString()), 405, null);
    // fields OpenAI does not define are ignored, as OpenAI does; penalties of 0 ask for nothing
    HttpResponse<String> ok = post(ask(APPLES).replace("\"temperature\":0", "\"temperature\":0,\"frequency_penalty\":0,\"seed\":3,\"x_custom\":1"));
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(url("/health"))).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    HttpResponse<String> models = HTTP.send(HttpRequest.newBuilder(URI.create(url("/v1/models"))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("veritrace", JSON.readTree(models.body()).at("/data/0/id").asText());
  }

  private static void assertError(HttpResponse<String> r, int status, String param) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    JsonNode e = JSON.readTree(r.body()).get("error");
    assertTrue(e.get("message").isTextual() && !e.get("message").asText().isBlank(), r.body());
    assertTrue(e.has("type") && e.has("param") && e.has("code"), r.body());
    if (param != null) assertEquals(param, e.get("param").asText(), r.body());
  }

  @Test
  void apiKeysAreCheckedWhenConfigured() throws Exception {
    Config config = config(model.baseUrl());
    try (ChatServer keyed = ChatServer.start(node, ApiSettings.from(config).withApiKeys(Set.of("sk-right")))) {
      String u = "http://127.0.0.1:" + keyed.address().getPort() + "/v1/models";
      assertEquals(401, HTTP.send(HttpRequest.newBuilder(URI.create(u)).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
      HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create(u)).header("Authorization", "Bearer sk-wrong").build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(401, wrong.statusCode());
      assertEquals("invalid_api_key", JSON.readTree(wrong.body()).at("/error/code").asText());
      assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(u)).header("Authorization", "Bearer sk-right").build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
    }
  }

  @Test
  void aPrometheusScrapeSeesTheCountersMove() throws Exception {
    completion(APPLES);
    String scrape = "";
    for (int i = 0; i < 40 && !scrape.contains("veritrace_queries_total{outcome=\"VERIFIED\"}"); i++) {
      Thread.sleep(250);
      scrape = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    }
    assertTrue(scrape.contains("veritrace_queries_total{outcome=\"VERIFIED\"}"), scrape);
    HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(Metrics.CONTENT_TYPE, metrics.headers().firstValue("Content-Type").orElse(""));
    // rounds are 1..4 here: there is a bucket for each, not only for 10 and up
    for (int le = 1; le <= 4; le++) assertTrue(scrape.contains("veritrace_rounds_bucket{le=\"" + le + ".0\"}"), scrape);
    assertTrue(scrape.contains("veritrace_checker_latency_seconds_count{checker=\"arithmetic\"}"), scrape);
    assertTrue(scrape.contains("veritrace_reasoner_latency_seconds_count"), scrape);
    double before = counter(scrape);
    completion(APPLES);
    double after = before;
    for (int i = 0; i < 40 && after <= before; i++) {
      Thread.sleep(250);
      after = counter(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
    }
    assertTrue(after > before, "VERIFIED count " + before + " -> " + after);
  }

  @Test
  void aPrometheusScrapeCountsTracesTheJournalCutToItsRecordLimit(@TempDir Path dir) throws Exception {
    FileTraceJournal.Options small = new FileTraceJournal.Options(1 << 20, 16, 100, false, 4096);
    try (FileTraceJournal journal = FileTraceJournal.open(dir, small)) {
      Metrics.watch(journal);
      Query q = new Query("q-huge", "s", "x".repeat(100_000), List.of(), List.of(), List.of(), null);
      journal.append(new Trace(q, List.of(), Outcome.REFUSE, "no", Certificate.EMPTY, "budget", 1L, 2L)).toCompletableFuture().join();
      assertEquals(1, journal.truncatedTraces());
      double cut = 0;
      for (int i = 0; i < 40 && cut < 1; i++) {
        Thread.sleep(250);
        cut = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body().lines()
            .filter(l -> l.startsWith("veritrace_journal_truncated_records_total "))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
      }
      assertEquals(1.0, cut, "the scrape counts the one cut trace");
    }
  }

  private static double counter(String scrape) {
    return scrape.lines().filter(l -> l.startsWith("veritrace_queries_total{outcome=\"VERIFIED\"}"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }
}
