package io.veritrace.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrace.reasoners.StepPrompt;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Node SDK ({@code openai}, the version pinned in src/test/node/package.json,
 * installed here by npm into target/node-client) against a running server. Skipped only where
 * node or npm is not installed.
 */
class NodeClientTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SOURCES = Path.of("src", "test", "node");
  private static final Path WORK = Path.of("target", "node-client");

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(onPath("node") && onPath("npm"), "node and npm are not installed");
    Files.createDirectories(WORK);
    for (String f : List.of("package.json", "client.mjs")) {
      Files.copy(SOURCES.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    String log = run(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"), 300);
    assertTrue(Files.isDirectory(WORK.resolve("node_modules/openai")), "npm installed the SDK: " + log);
    ChatApiTest.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (ChatApiTest.server != null) ChatApiTest.stop();
  }

  @Test
  void theNodeSdkGetsHistoryParametersJsonUsageRefusalsAndErrorsRight() throws Exception {
    int before = ChatApiTest.model.requests.size();
    String out = run(List.of("node", "client.mjs", "http://127.0.0.1:" + ChatApiTest.server.address().getPort() + "/v1"), 240);
    JsonNode r = JSON.readTree(out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(out)));
    assertEquals("8", r.at("/history/content").asText(), r.toString());
    assertTrue(ChatApiTest.model.requests.subList(before, ChatApiTest.model.requests.size()).stream()
        .anyMatch(q -> StandInModel.system(q).contains(StepPrompt.APPLICATION) && StandInModel.system(q).contains("Answer like a pirate.")
            && q.path("temperature").asDouble() == 0.2 && q.path("seed").asLong() == 3), "the system message and parameters reached the model");
    assertEquals("10", r.at("/usage/content").asText());
    // two calls each: the solver's and the independent derivation's
    assertEquals(2 * (StandInModel.PROMPT_TOKENS + StandInModel.COMPLETION_TOKENS), r.at("/usage/usage/total_tokens").asLong(), r.toString());
    assertTrue(r.at("/usage/fingerprint").asText().startsWith("fp_veritrace"));
    assertTrue(r.at("/usage/corrected").asInt() >= 1, r.toString());
    assertEquals(10, r.at("/json/answer").asInt(), r.toString());
    assertTrue(r.at("/json/steps").isArray());
    assertEquals("REFUSE", r.at("/refused/outcome").asText(), r.toString());
    assertEquals("content_filter", r.at("/refused/finish").asText());
    assertTrue(r.at("/refused/refusal").asText().contains("Sara has 3 bags"), r.toString());
    assertEquals("4", r.at("/stream/content").asText(), r.toString());
    assertEquals(2 * StandInModel.PROMPT_TOKENS, r.at("/stream/usage/prompt_tokens").asLong(), r.toString());
    assertEquals(400, r.at("/errors/temperature/status").asInt(), r.toString());
    assertEquals("temperature", r.at("/errors/temperature/param").asText());
    assertEquals(400, r.at("/errors/tools/status").asInt());
    assertEquals("tools", r.at("/errors/tools/param").asText());
    assertEquals(404, r.at("/errors/model/status").asInt());
    assertEquals("model_not_found", r.at("/errors/model/code").asText());
    assertEquals(404, r.at("/errors/retrieveMissing/status").asInt());
    assertEquals("veritrace", r.at("/model").asText());
  }

  private static String run(List<String> command, int seconds) throws Exception {
    Path log = Files.createTempFile("node-client", ".log");
    Process p = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish in " + seconds + " s: " + Files.readString(log));
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    assertEquals(0, p.exitValue(), command + ":\n" + out);
    return out;
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) return true;
    }
    return false;
  }
}
