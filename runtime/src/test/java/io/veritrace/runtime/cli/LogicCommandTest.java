package io.veritrace.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogicCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<JsonNode> run(String input, ByteArrayOutputStream err, String... options) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> argv = new java.util.ArrayList<>(List.of(options));
    argv.add("-");
    int code = new LogicCommand().run(argv, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code);
    return out.toString(StandardCharsets.UTF_8).lines().map(l -> {
      try {
        return JSON.readTree(l);
      } catch (Exception e) {
        throw new AssertionError("output line is not JSON: " + l);
      }
    }).toList();
  }

  @Test
  void decidesEachLineAndSummarisesAgainstLabels() throws Exception {
    String entailed = "{\"premises\":[\"∀x (Dog(x) → Mammal(x))\",\"Dog(rex)\"],\"conclusion\":\"Mammal(rex)\",\"label\":\"True\"}";
    String program = "{\"program\":\"Premises:\\nBird(tweety) ::: Tweety is a bird.\\n∀x (Bird(x) → Flies(x)\\nConclusion:\\n¬Flies(tweety)\",\"label\":\"False\"}";
    String open = "{\"premises\":[\"Dog(rex) → Loud(rex)\"],\"conclusion\":\"Loud(rex)\",\"label\":\"Unknown\"}";
    String clash = "{\"premises\":[\"P(a)\",\"¬P(a)\"],\"conclusion\":\"Q(a)\",\"label\":\"True\"}";
    String deep = "{\"premises\":[\"" + "¬".repeat(500) + "P(a)\"],\"conclusion\":\"P(a)\"}";
    String input = String.join("\n", entailed, program, "{broken", "{\"premises\":\"P(a)\"}", open, "", clash, deep);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<JsonNode> out = run(input, err);
    assertEquals(7, out.size());
    assertEquals("True", out.get(0).get("result").asText());
    assertEquals("[1,2]", out.get(0).get("core").toString());
    assertEquals("False", out.get(1).get("result").asText());
    assertTrue(out.get(1).get("repairs").get(0).asText().contains("missing ')'"), out.get(1).toString());
    assertEquals("Error", out.get(2).get("result").asText());
    assertTrue(out.get(2).get("reason").asText().startsWith("malformed JSON"));
    assertEquals(4, out.get(3).get("line").asInt());
    assertTrue(out.get(3).get("reason").asText().contains("\"premises\""));
    assertEquals("Uncertain", out.get(4).get("result").asText());
    assertEquals("Uncertain", out.get(4).get("label").asText(), "FOLIO's Unknown is Uncertain");
    assertTrue(out.get(4).get("reason").asText().startsWith("It depends on whether"), out.get(4).toString());
    assertEquals("Inconsistent", out.get(5).get("result").asText());
    assertEquals("Error", out.get(6).get("result").asText());
    assertEquals("too_deep", out.get(6).get("cause").asText());
    for (JsonNode r : out) assertTrue(r.has("reason") && r.has("line"), r.toString());
    String summary = err.toString(StandardCharsets.UTF_8);
    assertTrue(summary.contains("accuracy 75.00 % (3 of 4 labelled)"), summary);
    assertTrue(summary.contains("latency ms: p50"), summary);
    assertTrue(summary.contains("input=2") && summary.contains("too_deep=1"), summary);
  }

  @Test
  void aSolverBombEndsAsUnknownWithinItsTimeout() throws Exception {
    // pigeonhole, 12 pigeons in 11 holes: unsatisfiable and hard for resolution, as one script
    StringBuilder s = new StringBuilder();
    int pigeons = 12;
    int holes = 11;
    for (int p = 0; p < pigeons; p++) for (int h = 0; h < holes; h++) s.append("(declare-const p").append(p).append('_').append(h).append(" Bool) ");
    for (int p = 0; p < pigeons; p++) {
      s.append("(assert (or");
      for (int h = 0; h < holes; h++) s.append(" p").append(p).append('_').append(h);
      s.append(")) ");
    }
    for (int h = 0; h < holes; h++) for (int p = 0; p < pigeons; p++) for (int q = p + 1; q < pigeons; q++) {
      s.append("(assert (not (and p").append(p).append('_').append(h).append(" p").append(q).append('_').append(h).append("))) ");
    }
    String line = "{\"premises\":[\"" + s + "\"],\"conclusion\":\"p0_0\",\"label\":\"True\"}";
    List<JsonNode> out = run(line, new ByteArrayOutputStream(), "--timeout-ms", "200");
    assertEquals("Error", out.get(0).get("result").asText());
    assertTrue(out.get(0).get("reason").asText().startsWith("unknown: timeout"), out.get(0).toString());
  }

  @Test
  void premisesThatAreNotFormulasAreErrorsNamingThePremise() throws Exception {
    String input = String.join("\n",
        "{\"premises\":[null],\"conclusion\":\"P(a)\"}",
        "{\"premises\":[\"P(a)\",[\"Q(a)\"]],\"conclusion\":\"P(a)\"}",
        "{\"premises\":[\"P(a)\",{\"f\":\"Q(a)\"}],\"conclusion\":\"Q(a)\"}",
        "{\"premises\":[\"P(a)\"],\"conclusion\":\"P(a)\"}");
    List<JsonNode> out = run(input, new ByteArrayOutputStream());
    assertEquals("premise 1 is null, not a formula (a string)", out.get(0).get("reason").asText());
    assertEquals("premise 2 is a list, not a formula (a string)", out.get(1).get("reason").asText());
    assertEquals("premise 2 is an object, not a formula (a string)", out.get(2).get("reason").asText());
    for (int i = 0; i < 3; i++) assertEquals("Error", out.get(i).get("result").asText());
    assertEquals("True", out.get(3).get("result").asText());
  }

  @Test
  void aMeaningChangingRepairIsAnErrorWithTheRepair() throws Exception {
    // an LLM-style translation: "some student" written with a free variable
    String line = "{\"premises\":[\"∀x (Student(x) → Young(x))\",\"Student(y)\"],\"conclusion\":\"Young(y)\"}";
    JsonNode r = run(line, new ByteArrayOutputStream()).get(0);
    assertEquals("Error", r.get("result").asText(), r.toString());
    assertEquals("guessed", r.get("cause").asText());
    assertTrue(r.get("reason").asText().contains("free variable y"), r.toString());
    assertTrue(r.get("repairs").toString().contains("free variable y"), r.toString());
  }
}
