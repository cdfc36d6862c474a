package io.veritrace.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritrace.reasoners.StepPrompt;
import io.veritrace.reasoners.openai.CrossDerivation;
import io.veritrace.verifiers.Rules;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an OpenAI client meets first, against the real server and loop with the openai backend and
 * a stand-in model that records what it receives: conversations, parameters, response fields.
 */
class DropInTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    ChatApiTest.start();
  }

  @AfterAll
  static void stop() throws Exception {
    ChatApiTest.stop();
  }

  private static ObjectNode request(String... rolesAndContents) {
    ObjectNode r = JSON.createObjectNode().put("model", "veritrace");
    ArrayNode m = r.putArray("messages");
    for (int i = 0; i < rolesAndContents.length; i += 2) m.addObject().put("role", rolesAndContents[i]).put("content", rolesAndContents[i + 1]);
    return r;
  }

  private static HttpResponse<String> post(ObjectNode body, String... headers) throws Exception {
    return ChatApiTest.post(body.toString(), headers);
  }

  private static JsonNode ok(HttpResponse<String> r) throws Exception {
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private static List<JsonNode> solverCalls() {
    return ChatApiTest.model.requests.stream().filter(q -> !StandInModel.system(q).equals(CrossDerivation.PROMPT)).toList();
  }

  @Test
  void systemMessagesAndEarlierTurnsReachTheModelApartFromVeritracesInstructions() throws Exception {
    int before = solverCalls().size();
    JsonNode c = ok(post(request("system", "Answer like a pirate.", "developer", "Keep it short.", "user", "What is the first turn?",
        "assistant", "4", "user", "And the second turn?")));
    assertEquals("8", c.at("/choices/0/message/content").asText(), c.toString());
    JsonNode sent = solverCalls().get(before);
    String system = StandInModel.system(sent);
    assertTrue(system.startsWith(StepPrompt.SYSTEM), "Veritrace's instructions come first");
    int marker = system.indexOf(StepPrompt.APPLICATION);
    assertTrue(marker > 0 && system.indexOf("Answer like a pirate.") > marker && system.indexOf("Keep it short.") > marker, system);
    JsonNode messages = sent.get("messages");
    assertEquals(1, messages.findValuesAsText("role").stream().filter("system"::equals).count(), "one system message: " + messages);
    assertEquals("What is the first turn?", messages.get(1).get("content").asText(), messages.toString());
    assertEquals("4", messages.get(2).get("content").asText(), messages.toString());
    assertEquals("And the second turn?", messages.get(3).get("content").asText(), messages.toString());
  }

  @Test
  void aResentHistoryThatContradictsItselfIsRefusedWithoutASession() throws Exception {
    JsonNode c = ok(post(request("user", "Sara has 3 bags of apples. What is the first turn?", "assistant", "4",
        "user", "Sara has 5 bags of apples. What is the second turn?")));
    assertEquals("REFUSE", c.at("/veritrace/outcome").asText(), c.toString());
    assertEquals("content_filter", c.at("/choices/0/finish_reason").asText());
    assertTrue(c.at("/choices/0/message/refusal").asText().contains("Sara has 3 bags"), c.toString());
    assertTrue(c.at("/veritrace/failures").toString().contains(Rules.CONSISTENCY_ESTABLISHED), c.toString());
    // the same turns without the contradiction are answered
    JsonNode fine = ok(post(request("user", "Sara has 3 bags of apples. What is the first turn?", "assistant", "4",
        "user", "Sara has 3 bags of apples. What is the second turn?")));
    assertEquals("VERIFIED", fine.at("/veritrace/outcome").asText(), fine.toString());
  }

  @Test
  void aNamedSessionRemembersWhatTheUserSaidForTheOpenAiBackendAndUserNamesNoSession() throws Exception {
    String[] session = {"X-Veritrace-Session", "drop-in-" + System.nanoTime()};
    assertEquals("VERIFIED", ok(post(request("user", "Ali has 2 boxes. What is the first turn?"), session)).at("/veritrace/outcome").asText());
    JsonNode second = ok(post(request("user", "Ali has 6 boxes. What is the second turn?"), session));
    assertEquals("REFUSE", second.at("/veritrace/outcome").asText(), second.toString());
    // 'user' is an end user, not a conversation: two requests naming the same user share nothing
    ObjectNode a = request("user", "Bo has 2 boxes. What is the first turn?").put("user", "u-1");
    ObjectNode b = request("user", "Bo has 6 boxes. What is the second turn?").put("user", "u-1");
    assertEquals("VERIFIED", ok(post(a)).at("/veritrace/outcome").asText());
    assertEquals("VERIFIED", ok(post(b)).at("/veritrace/outcome").asText());
  }

  @Test
  void samplingParametersReachEveryModelCallAndOutOfRangeOnesAre400s() throws Exception {
    int before = solverCalls().size();
    ObjectNode body = request("user", "What is the first turn?").put("temperature", 0.3).put("top_p", 0.9).put("max_completion_tokens", 300)
        .put("seed", 7);
    body.putArray("stop").add("\n\n\n");
    ok(post(body));
    JsonNode sent = solverCalls().get(before);
    assertEquals(0.3, sent.get("temperature").asDouble());
    assertEquals(0.9, sent.get("top_p").asDouble());
    assertEquals(300, sent.get("max_tokens").asInt());
    assertEquals(7, sent.get("seed").asLong());
    assertEquals("\n\n\n", sent.at("/stop/0").asText());

    assertError(post(request("user", "hi").put("temperature", 7)), 400, "temperature");
    assertError(post(request("user", "hi").put("top_p", 1.5)), 400, "top_p");
    assertError(post(request("user", "hi").put("max_tokens", 0)), 400, "max_tokens");
    assertError(post(request("user", "hi").put("n", 9)), 400, "n");
    assertError(post(request("user", "hi").put("n", 2), "X-Veritrace-Session", "s-n"), 400, "n");
    assertError(post(request("user", "hi").put("seed", 1.5)), 400, "seed");
    assertError(post(request("user", "hi").put("logprobs", true)), 400, "logprobs");
    assertError(post(request("user", "hi").put("presence_penalty", 1)), 400, "presence_penalty");
    ObjectNode tools = request("user", "hi");
    tools.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "f");
    assertError(post(tools), 400, "tools");
    ObjectNode stops = request("user", "hi");
    for (int i = 0; i < 5; i++) stops.withArray("stop").add("s" + i);
    assertError(post(stops), 400, "stop");
    ObjectNode nullContent = request();
    nullContent.withArray("messages").addObject().put("role", "user").putNull("content");
    assertError(post(nullContent), 400, "messages[0].content");
    ObjectNode options = request("user", "hi").put("stream", false);
    options.putObject("stream_options").put("include_usage", true);
    assertError(post(options), 400, "stream_options");
    HttpResponse<String> unknown = post(request("user", "hi").put("model", "gpt-4o"));
    assertError(unknown, 404, "model");
    assertEquals("model_not_found", JSON.readTree(unknown.body()).at("/error/code").asText());
  }

  @Test
  void modelsAreRetrievedById() throws Exception {
    HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(URI.create(ChatApiTest.url("/v1/models/veritrace"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals("veritrace", ok(found).get("id").asText());
    HttpResponse<String> missing = HTTP.send(HttpRequest.newBuilder(URI.create(ChatApiTest.url("/v1/models/gpt-4o"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertError(missing, 404, "model");
  }

  @Test
  void usageRequestIdFingerprintAndTheCorrectedSlipAreInTheResponse() throws Exception {
    int before = ChatApiTest.model.answered.get();
    HttpResponse<String> r = post(request("user", ChatApiTest.APPLES));
    JsonNode c = ok(r);
    int calls = ChatApiTest.model.answered.get() - before;
    assertTrue(r.headers().firstValue("x-request-id").orElse("").startsWith("req_"), r.headers().toString());
    assertTrue(c.get("system_fingerprint").asText().startsWith("fp_veritrace"), c.toString());
    assertEquals("10", c.at("/choices/0/message/content").asText(), c.toString());
    // the solver once (the slip was repaired without it) and the independent derivation once
    assertEquals(2, calls, "calls the stand-in answered");
    assertUsage(calls, c.get("usage"));
    JsonNode corrected = c.at("/veritrace/corrected");
    assertTrue(corrected.size() > 0 && corrected.get(0).get("rule").asText().equals("arithmetic.result"), c.toString());
    assertEquals(1, corrected.get(0).get("round").asInt());
    assertEquals(2, corrected.get(0).get("fixed_in").asInt());
    for (JsonNode e : c.at("/veritrace/certificate")) assertFalse(e.get("statement").asText().startsWith("caveat"), c.toString());
    HttpResponse<String> own = post(request("user", ChatApiTest.APPLES), "X-Request-Id", "mine-42");
    assertEquals("mine-42", own.headers().firstValue("x-request-id").orElse(""));
  }

  @Test
  void usageCountsTheIndependentDerivationOnceAcrossRounds() throws Exception {
    int before = ChatApiTest.model.answered.get();
    JsonNode c = ok(post(request("user", ChatApiTest.SHIRT)));
    int calls = ChatApiTest.model.answered.get() - before;
    assertEquals("15", c.at("/choices/0/message/content").asText(), c.toString());
    // solver, derivation, revision: the derivation is asked once and kept for round 2
    assertEquals(3, calls, "calls the stand-in answered");
    assertUsage(calls, c.get("usage"));
  }

  /** The reply's usage is exactly what the stand-in reported for each of {@code calls} calls. */
  private static void assertUsage(int calls, JsonNode usage) {
    assertEquals((long) calls * StandInModel.PROMPT_TOKENS, usage.get("prompt_tokens").asLong(), usage.toString());
    assertEquals((long) calls * StandInModel.COMPLETION_TOKENS, usage.get("completion_tokens").asLong(), usage.toString());
    assertEquals((long) calls * (StandInModel.PROMPT_TOKENS + StandInModel.COMPLETION_TOKENS), usage.get("total_tokens").asLong());
  }

  @Test
  void nAsksForIndependentLoopsAndTheirTokensAddUp() throws Exception {
    int before = ChatApiTest.model.answered.get();
    JsonNode c = ok(post(request("user", "What is the first turn?").put("n", 2)));
    int calls = ChatApiTest.model.answered.get() - before;
    assertEquals(2, c.get("choices").size(), c.toString());
    for (int i = 0; i < 2; i++) {
      assertEquals(i, c.at("/choices/" + i + "/index").asInt());
      assertEquals("4", c.at("/choices/" + i + "/message/content").asText(), c.toString());
      assertEquals("VERIFIED", c.at("/choices/" + i + "/veritrace/outcome").asText(), c.toString());
    }
    assertEquals(4, calls, "each loop asks the solver and the derivation once");
    assertUsage(calls, c.get("usage"));
  }

  @Test
  void streamingReportsUsageWhenAsked() throws Exception {
    ObjectNode body = request("user", ChatApiTest.APPLES).put("stream", true);
    body.putObject("stream_options").put("include_usage", true);
    int before = ChatApiTest.model.answered.get();
    HttpResponse<String> r = post(body);
    int calls = ChatApiTest.model.answered.get() - before;
    assertEquals(200, r.statusCode(), r.body());
    String[] events = r.body().split("\n\n");
    JsonNode usageChunk = JSON.readTree(events[events.length - 2].strip().substring("data: ".length()));
    assertEquals(0, usageChunk.get("choices").size(), usageChunk.toString());
    assertEquals(2, calls, "the solver and the derivation");
    assertUsage(calls, usageChunk.get("usage"));
  }

  @Test
  void jsonModesGiveTheVerifiedAnswerInTheRequestedShape() throws Exception {
    ObjectNode body = request("user", ChatApiTest.APPLES);
    ObjectNode schema = body.putObject("response_format").put("type", "json_schema").putObject("json_schema").put("name", "result")
        .put("strict", true).putObject("schema");
    schema.put("type", "object").put("additionalProperties", false).putArray("required").add("answer").add("steps");
    schema.putObject("properties").set("answer", JSON.createObjectNode().put("type", "number"));
    ((ObjectNode) schema.get("properties")).putObject("steps").put("type", "array").putObject("items").put("type", "string");
    JsonNode c = ok(post(body));
    JsonNode answer = JSON.readTree(c.at("/choices/0/message/content").asText());
    assertEquals(10, answer.get("answer").asInt(), answer.toString());
    assertTrue(answer.get("answer").isNumber());
    assertTrue(answer.get("steps").size() >= 1, answer.toString());

    ObjectNode object = request("user", ChatApiTest.APPLES);
    object.putObject("response_format").put("type", "json_object");
    JsonNode o = JSON.readTree(ok(post(object)).at("/choices/0/message/content").asText());
    assertEquals(10, o.get("answer").asInt());
    assertEquals("VERIFIED", o.get("outcome").asText());

    ObjectNode unfillable = request("user", ChatApiTest.APPLES);
    ObjectNode s2 = unfillable.putObject("response_format").put("type", "json_schema").putObject("json_schema").put("name", "x")
        .putObject("schema").put("type", "object");
    s2.putObject("properties").putObject("answer").put("type", "string");
    ((ObjectNode) s2.get("properties")).putObject("colour").put("type", "string");
    s2.putArray("required").add("answer").add("colour");
    assertError(post(unfillable), 400, "response_format.json_schema");
  }

  private static void assertError(HttpResponse<String> r, int status, String param) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    JsonNode e = JSON.readTree(r.body()).get("error");
    assertEquals(param, e.get("param").asText(), r.body());
    assertTrue(!e.get("message").asText().isBlank() && e.has("type") && e.has("code"), r.body());
  }
}
