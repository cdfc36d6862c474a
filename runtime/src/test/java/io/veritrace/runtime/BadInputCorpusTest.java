package io.veritrace.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.veritrace.actors.Veritrace;
import io.veritrace.reasoners.simulated.Scenario;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.runtime.cli.CheckCommand;
import io.veritrace.runtime.cli.LogicCommand;
import io.veritrace.runtime.http.ApiSettings;
import io.veritrace.runtime.http.ChatServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus ({@code bad-input/corpus.jsonl}, made by {@code generate.py} beside it):
 * every case through {@code check}, {@code logic} or the HTTP API must get its expected class of
 * answer — error, REFUSE, CLARIFY or accept — so every finding of issue 16 stays fixed. Failures
 * are collected and reported together, by case id.
 */
class BadInputCorpusTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  private static List<JsonNode> corpus(String target) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (InputStream in = BadInputCorpusTest.class.getResourceAsStream("/bad-input/corpus.jsonl")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) continue;
        JsonNode c = JSON.readTree(line);
        if (c.get("target").asText().equals(target)) out.add(c);
      }
    }
    return out;
  }

  /** Runs a line-per-case command and returns its JSON output lines by line number. */
  private Map<Integer, JsonNode> runLines(io.veritrace.runtime.cli.Command command, List<JsonNode> cases, String... args) throws Exception {
    Path input = tmp.resolve(command.getClass().getSimpleName() + ".jsonl");
    StringBuilder sb = new StringBuilder();
    for (JsonNode c : cases) sb.append(c.get("input").asText()).append('\n');
    Files.writeString(input, sb.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> argv = new ArrayList<>(List.of(args));
    argv.add(input.toString());
    int code = command.run(argv, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertTrue(code == 0 || code == 1, "exit " + code);
    Map<Integer, JsonNode> byLine = new java.util.HashMap<>();
    for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (l.isBlank()) continue;
      JsonNode r = JSON.readTree(l);
      byLine.put(r.get("line").asInt(), r);
    }
    return byLine;
  }

  /** A case's optional {@code detail} (the failed rule, the premise an error names) appears in its answer. */
  private static boolean namesDetail(JsonNode c, JsonNode answer) {
    return !c.has("detail") || (answer != null && answer.toString().contains(c.get("detail").asText()));
  }

  private static void report(List<String> wrong, int total, String target) {
    assertTrue(total >= 80, target + " has only " + total + " cases");
    assertEquals(List.of(), wrong, wrong.size() + " of " + total + " " + target + " cases got the wrong class");
  }

  @Test
  void checkCases() throws Exception {
    List<JsonNode> cases = corpus("check");
    Map<Integer, JsonNode> results = runLines(new CheckCommand(), cases);
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      JsonNode r = results.get(i + 1);
      String got = r == null ? "no output" : r.has("error") ? "error"
          : r.path("accepted").asBoolean() ? "accept" : r.path("outcome").asText();
      if (!got.equals(cases.get(i).get("expect").asText()) || !namesDetail(cases.get(i), r)) wrong.add(cases.get(i).get("id").asText() + ": " + got + " " + r);
    }
    report(wrong, cases.size(), "check");
  }

  @Test
  void logicCases() throws Exception {
    List<JsonNode> cases = corpus("logic");
    Map<Integer, JsonNode> results = runLines(new LogicCommand(), cases);
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      JsonNode r = results.get(i + 1);
      String result = r == null ? "no output" : r.path("result").asText();
      String got = switch (result) {
        case "True", "False" -> result.equals(r.path("label").asText(result)) ? "accept" : "wrong " + result;
        case "Uncertain" -> "CLARIFY";
        case "Inconsistent" -> "REFUSE";
        case "Error" -> "error";
        default -> result;
      };
      if (!got.equals(cases.get(i).get("expect").asText()) || !namesDetail(cases.get(i), r)) wrong.add(cases.get(i).get("id").asText() + ": " + got + " " + r);
    }
    report(wrong, cases.size(), "logic");
  }

  @Test
  void httpCases() throws Exception {
    List<JsonNode> cases = corpus("http");
    Config config = ConfigFactory.parseString("""
        pekko.actor.serialize-messages = on
        veritrace.http.port = 0
        veritrace.loop.deadline = 5s
        """).withFallback(ConfigFactory.load()).resolve();
    List<Scenario> tasks = Scenario.mixed(20, 16, 0.0, 0.0);
    Settings settings = Settings.from(config);
    List<String> wrong = new ArrayList<>();
    try (Veritrace node = Nodes.start(settings, new SimulatedReasoner(tasks.stream().map(Scenario::task).toList(), SimulationProfile.DEFAULT, 16), null);
        ChatServer server = ChatServer.start(node, ApiSettings.from(config))) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      String base = "http://127.0.0.1:" + server.address().getPort();
      for (JsonNode c : cases) {
        JsonNode in = c.get("input");
        JsonNode body = in.get("body");
        String text = body.isNull() ? null : body.isTextual() ? body.asText()
            : body.get("prefix").asText() + body.get("repeat").asText().repeat(body.get("times").asInt()) + body.get("suffix").asText();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + in.get("path").asText())).timeout(Duration.ofSeconds(60))
            .method(in.get("method").asText(), text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text))
            .header("Content-Type", "application/json");
        in.get("headers").fields().forEachRemaining(h -> b.header(h.getKey(), h.getValue().asText()));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String got;
        if (r.statusCode() == 200) {
          got = JSON.readTree(r.body()).at("/veritrace/outcome").asText();
          if (got.equals("VERIFIED")) got = "accept";
        } else {
          got = "error " + r.statusCode();
        }
        String expected = c.get("expect").asText();
        if (expected.equals("error")) expected = "error " + in.get("status").asInt();
        boolean noInternals = !r.body().contains("Exception") && !r.body().contains("org.apache");
        if (!got.equals(expected) || !noInternals) wrong.add(c.get("id").asText() + ": " + got + " " + r.body().substring(0, Math.min(200, r.body().length())));
      }
    }
    report(wrong, cases.size(), "http");
  }
}
