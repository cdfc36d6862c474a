package io.veritrace.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrace.core.Certificate;
import io.veritrace.core.Claim;
import io.veritrace.core.Correction;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Round;
import io.veritrace.core.Step;
import io.veritrace.core.Trace;
import io.veritrace.core.Turn;
import io.veritrace.core.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetBuilderTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ROLES = Set.of("system", "user", "assistant");

  @TempDir Path tmp;

  /** A query answered wrongly, corrected, and verified. */
  static Trace corrected(int i) {
    Query q = new Query("q-" + i, "s-" + i, "Tom has " + i + " apples and buys 4. How many apples does he have?",
        i % 3 == 0 ? List.of(Turn.user("Hi"), Turn.assistant("Hello, ask away.")) : List.of(), List.of(), List.of(), null);
    String right = String.valueOf(i + 4);
    String wrong = String.valueOf(i + 5);
    Proposal bad = new Proposal(Proposal.Stance.ANSWER,
        List.of(new Step(0, i + " + 4 = <<" + i + "+4=" + wrong + ">>" + wrong, List.of(new Claim.Arithmetic(i + "+4", wrong))),
            new Step(1, "#### " + wrong, List.of(new Claim.FinalAnswer(wrong)))), wrong, "", "sim", "");
    Proposal good = bad.withSteps(List.of(
        new Step(0, i + " + 4 = <<" + i + "+4=" + right + ">>" + right, List.of(new Claim.Arithmetic(i + "+4", right))),
        new Step(1, "#### " + right, List.of(new Claim.FinalAnswer(right)))), right);
    Verdict failure = Verdict.fail("arithmetic", "arithmetic.result", 0, "wrong", right, right);
    Verdict pass = Verdict.pass("arithmetic", "arithmetic.result", 0, "ok");
    return new Trace(q, List.of(new Round(1, bad, List.of(failure), new Correction(List.of(failure), good, "recomputed"), 1),
        new Round(2, good, List.of(pass), null, 1)), Outcome.VERIFIED, right, Certificate.of(List.of(pass)), "verified", 0, 0);
  }

  static Trace abstained(int i, Outcome outcome, String stopReason) {
    Query q = Query.of("a-" + i, "Maya has some stickers and gives " + i + " away. How many are left?");
    Proposal p = new Proposal(Proposal.Stance.ANSWER, List.of(new Step(0, "#### 7", List.of(new Claim.FinalAnswer("7")))), "7", "", "sim", "");
    Verdict w = Verdict.ending("provenance", "provenance.ungrounded", 0, outcome, "How many stickers did Maya start with?", "");
    return new Trace(q, List.of(new Round(1, p, List.of(w), null, 1)), outcome, "How many stickers did Maya start with?",
        Certificate.of(List.of(w)), stopReason, 0, 0);
  }

  private static List<JsonNode> lines(Path file) throws IOException {
    if (!Files.exists(file)) return List.of();
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(file)) out.add(JSON.readTree(l));
    return out;
  }

  /** TRL's conversational layout: a list of {role, content}, roles from the chat set. */
  private static void assertConversation(JsonNode messages, String lastRole) {
    assertTrue(messages.isArray() && messages.size() >= 1, messages.toString());
    for (JsonNode m : messages) {
      assertEquals(Set.of("role", "content"), fields(m), m.toString());
      assertTrue(ROLES.contains(m.get("role").asText()), m.toString());
      assertTrue(m.get("content").isTextual() && !m.get("content").asText().isBlank(), m.toString());
    }
    assertEquals(lastRole, messages.get(messages.size() - 1).get("role").asText());
  }

  private static Set<String> fields(JsonNode o) {
    Set<String> out = new HashSet<>();
    o.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void exportedFilesHaveTrlLayoutsAndTheRightTargets() throws Exception {
    DatasetBuilder b = new DatasetBuilder(DatasetBuilder.Options.DEFAULT);
    for (int i = 0; i < 200; i++) b.add(corrected(i));
    for (int i = 0; i < 50; i++) b.add(abstained(i, Outcome.CLARIFY, "unjustified:provenance.ungrounded"));
    for (int i = 50; i < 60; i++) b.add(abstained(i, Outcome.REFUSE, "budget"));
    DatasetCard card = b.write(tmp, List.of(), Map.of("journal", "test"));
    List<JsonNode> sft = new ArrayList<>(lines(tmp.resolve("sft-train.jsonl")));
    sft.addAll(lines(tmp.resolve("sft-eval.jsonl")));
    assertEquals(200, sft.size());
    for (JsonNode e : sft) {
      assertEquals(Set.of("messages"), fields(e));
      assertConversation(e.get("messages"), "assistant");
      String answer = e.get("messages").get(e.get("messages").size() - 1).get("content").asText();
      String question = e.get("messages").get(e.get("messages").size() - 2).get("content").asText();
      int n = Integer.parseInt(question.replaceAll("^Tom has (\\d+) .*", "$1"));
      assertTrue(answer.endsWith("#### " + (n + 4)), "the verified answer, not the failed one: " + answer);
    }
    assertTrue(sft.stream().anyMatch(e -> e.get("messages").size() == 4), "history kept as turns");
    List<JsonNode> dpo = new ArrayList<>(lines(tmp.resolve("dpo-train.jsonl")));
    dpo.addAll(lines(tmp.resolve("dpo-eval.jsonl")));
    assertEquals(200, dpo.size());
    for (JsonNode e : dpo) {
      assertEquals(Set.of("prompt", "chosen", "rejected"), fields(e));
      assertConversation(e.get("prompt"), "user");
      assertConversation(e.get("chosen"), "assistant");
      assertConversation(e.get("rejected"), "assistant");
      assertNotEquals(e.get("chosen"), e.get("rejected"));
    }
    List<JsonNode> refusal = new ArrayList<>(lines(tmp.resolve("refusal-train.jsonl")));
    refusal.addAll(lines(tmp.resolve("refusal-eval.jsonl")));
    assertEquals(50, refusal.size(), "refusals for lack of budget teach nothing");
    for (JsonNode e : refusal) assertTrue(e.get("messages").get(1).get("content").asText().startsWith("How many stickers"));
    assertEquals(200, card.count("sft", "train") + card.count("sft", "eval"));
    assertEquals(200, card.failureRules().get("dpo").get("arithmetic.result"));
    assertEquals(10, card.tracesWithoutExample());
    JsonNode json = JSON.readTree(tmp.resolve("card.json").toFile());
    assertEquals(260, json.get("traces").asInt());
    assertTrue(Files.readString(tmp.resolve("README.md")).contains("| sft |"));
  }

  @Test
  void duplicatesAreDroppedAndNoPromptIsInBothSplits() throws Exception {
    DatasetBuilder b = new DatasetBuilder(new DatasetBuilder.Options(Set.of(DatasetBuilder.Kind.SFT, DatasetBuilder.Kind.DPO), 0, 20, 1));
    for (int i = 0; i < 300; i++) b.add(corrected(i));
    for (int i = 0; i < 300; i++) b.add(corrected(i)); // replayed by an at-least-once consumer
    DatasetCard card = b.write(tmp, List.of(), Map.of());
    assertEquals(300, card.count("sft", "train") + card.count("sft", "eval"));
    assertEquals(Map.of("dpo", 300, "sft", 300), card.duplicatesDropped());
    Set<String> train = new HashSet<>();
    for (JsonNode e : lines(tmp.resolve("sft-train.jsonl"))) train.add(e.get("messages").toString());
    Set<String> eval = new HashSet<>();
    for (JsonNode e : lines(tmp.resolve("sft-eval.jsonl"))) eval.add(e.get("messages").toString());
    for (String e : eval) assertFalse(train.contains(e));
    Set<String> evalPrompts = new HashSet<>();
    for (JsonNode e : lines(tmp.resolve("dpo-eval.jsonl"))) evalPrompts.add(e.get("prompt").toString());
    for (JsonNode e : lines(tmp.resolve("dpo-train.jsonl"))) assertFalse(evalPrompts.contains(e.get("prompt").toString()));
    double evalShare = card.count("sft", "eval") / 300.0;
    assertTrue(evalShare > 0.12 && evalShare < 0.28, "about 20 % held out: " + evalShare);
  }

  @Test
  void replayIsTheConfiguredShareWithinOnePoint() throws Exception {
    List<DatasetBuilder.ReplayExample> gsm8k = Gsm8kReplay.load(Path.of("../data/gsm8k/train.jsonl"));
    for (double share : new double[] {0.15, 0.3}) {
      DatasetBuilder b = new DatasetBuilder(new DatasetBuilder.Options(Set.of(DatasetBuilder.Kind.SFT), share, 10, 7));
      for (int i = 0; i < 1000; i++) b.add(corrected(i));
      Path dir = tmp.resolve("share-" + share);
      DatasetCard card = b.write(dir, gsm8k, Map.of());
      int replay = card.sources().get("sft").get("replay");
      int total = card.count("sft", "train") + card.count("sft", "eval");
      assertEquals(share, replay / (double) total, 0.01, replay + " of " + total);
    }
  }

  @Test
  void theSameTracesGiveTheSameFiles() throws Exception {
    List<DatasetBuilder.ReplayExample> replay = List.of(new DatasetBuilder.ReplayExample("1+1?", "2"),
        new DatasetBuilder.ReplayExample("2+2?", "4"), new DatasetBuilder.ReplayExample("3+3?", "6"));
    for (String run : new String[] {"a", "b"}) {
      DatasetBuilder b = new DatasetBuilder(DatasetBuilder.Options.DEFAULT);
      for (int i = 0; i < 20; i++) b.add(corrected(i));
      b.write(tmp.resolve(run), replay, Map.of());
    }
    for (String f : new String[] {"sft-train.jsonl", "dpo-train.jsonl", "card.json"}) {
      assertEquals(Files.readString(tmp.resolve("a").resolve(f)), Files.readString(tmp.resolve("b").resolve(f)), f);
    }
  }
}
