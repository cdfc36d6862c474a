package io.veritrace.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private static List<JsonNode> run(String input, ByteArrayOutputStream err, String... options) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> argv = new ArrayList<>(List.of(options));
    argv.add("-");
    int code = new CheckCommand().run(argv, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
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

  @Test
  void carriageReturnsAloneOrBeforeNewlinesEndRecords() throws Exception {
    String good = "{\"question\":\"Tom has 3 apples and buys 4. How many?\",\"solution\":\"3 + 4 = <<3+4=7>>7\\n#### 7\"}";
    String wrong = "{\"question\":\"Tom has 3 apples and buys 4. How many?\",\"solution\":\"3 + 4 = <<3+4=8>>8\\n#### 8\"}";
    // classic Mac (\r), Windows (\r\n) and Unix (\n) endings mixed; a lone \r at the very end too
    List<JsonNode> out = run(good + "\r" + "{not json" + "\r" + wrong + "\r\n" + good + "\n" + good + "\r", new ByteArrayOutputStream());
    assertEquals(5, out.size(), out.toString());
    for (int i = 0; i < 5; i++) assertEquals(i + 1, out.get(i).get("line").asInt());
    assertTrue(out.get(0).get("accepted").asBoolean(), out.get(0).toString());
    assertTrue(out.get(1).get("error").asText().startsWith("malformed JSON"), out.get(1).toString());
    assertEquals("arithmetic.result", out.get(2).get("failures").get(0).get("rule").asText());
    assertTrue(out.get(3).get("accepted").asBoolean(), out.get(3).toString());
    assertTrue(out.get(4).get("accepted").asBoolean(), out.get(4).toString());
  }

  @Test
  void aGoodObjectFollowedByAnotherOnTheSameLineIsAnErrorForThatLine() throws Exception {
    String good = "{\"question\":\"Tom has 3 apples and buys 4. How many?\",\"solution\":\"3 + 4 = <<3+4=7>>7\\n#### 7\"}";
    List<JsonNode> out = run(good + "{\"question\":5}\n" + good + " [1]\n" + good + "\n", new ByteArrayOutputStream());
    assertEquals(3, out.size(), out.toString());
    assertTrue(out.get(0).has("error"), "the first record alone must not be audited: " + out.get(0));
    assertEquals(1, out.get(0).get("line").asInt());
    assertTrue(out.get(1).has("error"), out.get(1).toString());
    assertTrue(out.get(2).get("accepted").asBoolean(), "a later line is still answered: " + out.get(2));
  }

  @Test
  void groundedAnswersAreCheckedAgainstTheSourcesFileOrTheLinesOwnSourcesAndReferenceDate() throws Exception {
    Path sources = Files.writeString(tmp.resolve("sources.jsonl"), String.join("\n",
        "{\"id\":\"refunds\",\"title\":\"Refund Policy\",\"text\":\"Returns are accepted within 30 days of delivery. "
            + "A restocking fee of 15% applies to opened electronics.\"}",
        "{\"id\":\"shipping\",\"title\":\"Shipping\",\"text\":\"Standard shipping takes 5 business days and costs $4.99.\"}"));
    String right = "{\"question\":\"How long do I have to return something?\",\"answer\":\"Within 30 days of delivery [refunds].\"}";
    String changedDigit = "{\"question\":\"How long do I have to return something?\",\"answer\":\"Within 31 days of delivery [1].\"}";
    String neighbour = "{\"question\":\"What does shipping cost?\",\"sources\":[\"shipping\",\"refunds\"],"
        + "\"answer\":\"Standard shipping costs $4.99 [2].\"}";
    String reordered = "{\"question\":\"What does shipping cost?\",\"sources\":[\"shipping\",\"refunds\"],"
        + "\"answer\":\"Standard shipping costs $4.99 [1].\"}";
    String missing = "{\"question\":\"q\",\"sources\":[\"warranty\"],\"answer\":\"a\"}";
    String inline = "{\"question\":\"Who signed?\",\"sources\":[{\"id\":\"memo\",\"text\":\"The memo was signed by Dana Reyes.\"}],"
        + "\"answer\":\"It was signed by Dana Reyes [memo] and approved by Victor Lindqvist.\"}";
    String age = "{\"question\":\"Ana was born on 1990-02-28. How old is she?\",\"reference_date\":\"2026-02-27\","
        + "\"answer\":\"Ana was born on 1990-02-28, so she is 36.\"}";
    String ageToday = "{\"question\":\"Ana was born on 1990-02-28. How old is she?\",\"answer\":\"Ana was born on 1990-02-28, so she is 36.\"}";
    String badDate = "{\"question\":\"q\",\"reference_date\":\"2026-02-30\",\"answer\":\"a\"}";
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<JsonNode> out = run(String.join("\n", right, changedDigit, neighbour, reordered, missing, inline, age, ageToday, badDate), err,
        "--sources", sources.toString(), "--reference-date", "2026-03-01");
    assertEquals(9, out.size());
    assertTrue(out.get(0).get("accepted").asBoolean(), out.get(0).toString());
    assertEquals(List.of("grounding.citation", "grounding.specific.number"), rules(out.get(1)));
    assertTrue(rules(out.get(2)).contains("grounding.citation"), out.get(2).toString()); // [2] is the refund policy here
    assertTrue(out.get(3).get("accepted").asBoolean(), out.get(3).toString());
    assertTrue(out.get(4).get("error").asText().contains("warranty"), out.get(4).toString());
    assertTrue(rules(out.get(5)).contains("grounding.specific.name"), out.get(5).toString());
    assertTrue(out.get(5).toString().contains("Victor Lindqvist"), out.get(5).toString());
    assertTrue(rules(out.get(6)).contains("dates.age"), out.get(6).toString()); // 35 until 28 February 2026
    assertTrue(out.get(7).get("accepted").asBoolean(), out.get(7).toString()); // 36 by --reference-date 2026-03-01
    assertTrue(out.get(8).get("error").asText().contains("YYYY-MM-DD"), out.get(7).toString());
    // bad options are refused before any line is read
    assertThrows(UsageException.class, () -> run(right, err, "--sources", tmp.resolve("none.jsonl").toString()));
    assertThrows(UsageException.class, () -> run(right, err, "--reference-date", "yesterday"));
  }

  private static List<String> rules(JsonNode verdict) {
    List<String> rules = new ArrayList<>();
    for (JsonNode f : verdict.path("failures")) if (!rules.contains(f.get("rule").asText())) rules.add(f.get("rule").asText());
    return rules.stream().sorted().toList();
  }
}
