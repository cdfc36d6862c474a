package io.veritrace.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.typesafe.config.Config;
import io.veritrace.actors.Veritrace;
import io.veritrace.runtime.Nodes;
import io.veritrace.runtime.OpenAiBackend;
import io.veritrace.runtime.Settings;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, unchanged, pointed at a running Veritrace server. */
class OpenAiSdkTest {

  static StandInModel model;
  static Veritrace node;
  static ChatServer server;
  static OpenAiBackend backend;
  static OpenAIClient client;

  @BeforeAll
  static void start() throws Exception {
    model = new StandInModel(ChatApiTest::script);
    Config config = ChatApiTest.config(model.baseUrl());
    Settings settings = Settings.from(config);
    backend = OpenAiBackend.open(settings, null, null, "NO_SUCH_KEY_VARIABLE");
    node = Nodes.start(settings, backend.reasoner(), null, backend.suites());
    server = ChatServer.start(node, ApiSettings.from(config));
    client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + server.address().getPort() + "/v1")
        .apiKey("sk-unused").maxRetries(0).build();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    server.close();
    node.close();
    backend.close();
    model.close();
  }

  @Test
  void aPlainCallGetsTheVerifiedAnswerAndTheVeritraceField() {
    ChatCompletion c = client.chat().completions().create(
        ChatCompletionCreateParams.builder().model("veritrace").addUserMessage(ChatApiTest.APPLES).build());
    assertEquals("10", c.choices().get(0).message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, c.choices().get(0).finishReason());
    JsonValue veritrace = c._additionalProperties().get("veritrace");
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) veritrace.convert(Map.class);
    assertEquals("VERIFIED", fields.get("outcome"));
  }

  @Test
  void aStreamingCallGetsTheAnswerInChunks() {
    StringBuilder content = new StringBuilder();
    int[] chunks = {0};
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
        ChatCompletionCreateParams.builder().model("veritrace").addUserMessage(ChatApiTest.APPLES).build())) {
      stream.stream().forEach(chunk -> {
        chunks[0]++;
        chunk.choices().forEach(ch -> ch.delta().content().ifPresent(content::append));
      });
    }
    assertEquals("10", content.toString());
    assertTrue(chunks[0] >= 2, "chunks " + chunks[0]);
  }

  @Test
  void aMultiTurnConversationCarriesItsHistoryAndSession() {
    // the session is named by the header; 'user' (an end user, who may hold many conversations) names none
    ChatCompletion first = client.chat().completions().create(ChatCompletionCreateParams.builder().model("veritrace")
        .putAdditionalHeader("X-Veritrace-Session", "alice-1").user("alice").addUserMessage("first turn: what is 2 + 2?").build());
    String answer = first.choices().get(0).message().content().orElseThrow();
    assertEquals("4", answer);
    int before = model.requests.size();
    ChatCompletion second = client.chat().completions().create(ChatCompletionCreateParams.builder().model("veritrace")
        .putAdditionalHeader("X-Veritrace-Session", "alice-1").user("alice").addUserMessage("first turn: what is 2 + 2?").addAssistantMessage(answer)
        .addUserMessage("second turn: what is 4 * 2?").build());
    assertEquals("8", second.choices().get(0).message().content().orElseThrow());
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) second._additionalProperties().get("veritrace").convert(Map.class);
    assertEquals("alice-1", fields.get("session"));
    assertTrue(model.requests.subList(before, model.requests.size()).stream()
        .anyMatch(r -> r.path("messages").toString().contains("first turn") && r.path("messages").toString().contains("second turn")),
        "the model saw the earlier turns");
  }

  @Test
  void errorsArriveAsTheSdksOwnExceptions() {
    BadRequestException e = org.junit.jupiter.api.Assertions.assertThrows(BadRequestException.class,
        () -> client.chat().completions().create(ChatCompletionCreateParams.builder().model("veritrace")
            .addAssistantMessage("no question").build()));
    assertTrue(e.getMessage().contains("last message"), e.getMessage());
  }
}
