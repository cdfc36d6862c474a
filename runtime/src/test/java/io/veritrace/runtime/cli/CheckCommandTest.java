package io.veritrace.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<JsonNode> run(String input, ByteArrayOutputStream err) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = new CheckCommand().run(List.of("-"), new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
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
  void checksEachLineInOrderAndReportsBadLinesWithoutStopping() throws Exception {
    String good = "{\"question\":\"Tom has 3 apples and buys 4. How many?\",\"solution\":\"3 + 4 = <<3+4=7>>7\\n#### 7\"}";
    String wrong = "{\"question\":\"Tom has 3 apples and buys 4. How many?\",\"answer\":\"3 + 4 = <<3+4=8>>8\\n#### 8\"}";
    String huge = "{\"question\":\"x\",\"solution\":\"" + "1".repeat(CheckCommand.MAX_LINE + 10) + "\"}";
    String input = String.join("\n", good, "{not json", "{\"question\":\"q\"}", "[1,2]", huge, wrong, "",
        "{\"question\":\"q\",\"solution\":\"\"}", "{\"question\":\"9\",\"solution\":\"9^9^9^9 = <<9^9^9^9=1>>1\\n#### 1\"}");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<JsonNode> out = run(input, err);
    assertEquals(8, out.size());
    assertEquals(1, out.get(0).get("line").asInt());
    assertTrue(out.get(0).get("accepted").asBoolean());
    assertEquals("VERIFIED", out.get(0).get("outcome").asText());
    assertTrue(out.get(1).get("error").asText().startsWith("malformed JSON"));
    assertTrue(out.get(2).get("error").asText().contains("solution"));
    assertTrue(out.get(3).get("error").asText().contains("object"));
    assertTrue(out.get(4).get("error").asText().contains("limit"));
    assertFalse(out.get(5).get("accepted").asBoolean());
    assertEquals("arithmetic.result", out.get(5).get("failures").get(0).get("rule").asText());
    assertEquals(0, out.get(5).get("failures").get(0).get("step").asInt());
    assertEquals(8, out.get(6).get("line").asInt());
    assertFalse(out.get(6).get("accepted").asBoolean());
    assertEquals("arithmetic.bounds", out.get(7).get("failures").get(0).get("rule").asText());
    String summary = err.toString(StandardCharsets.UTF_8);
    assertTrue(summary.contains("4 malformed"), summary);
    assertTrue(summary.contains("arithmetic.result=1"), summary);
  }
}
