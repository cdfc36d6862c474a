package io.veritrace.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.reasoners.local.LlamaConfig;
import io.veritrace.reasoners.local.RandomCheckpoint;
import io.veritrace.reasoners.local.Safetensors;
import io.veritrace.runtime.http.StandInModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code veritrace ask} end to end through a real actor system: a tiny random local model, and a stand-in model server. */
class AskCommandTest {

  @TempDir static Path tmp;
  private static Path model;

  @BeforeAll
  static void writeModel() throws Exception {
    List<String> words = new ArrayList<>(List.of("<<", ">>", "=", "+", "-", "####", ".", ":", "?", "Tom", "has", "apples",
        "gives", "away", "how", "many", "are", "left", "CLARIFY", "REFUSE"));
    for (int i = 0; i <= 20; i++) words.add(Integer.toString(i));
    int vocab = RandomCheckpoint.vocabulary(words).size();
    LlamaConfig config = new LlamaConfig("llama", vocab, 32, 64, 2, 4, 2, 8, 1e-5, 10000.0, null, 512, true, false, List.of());
    model = tmp.resolve("tiny-llama");
    RandomCheckpoint.write(model, config, words, 5, Safetensors.DType.BF16);
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new AskCommand().run(List.of(args), new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aRandomModelsAnswerGoesThroughTheLoopAndIsNotVerified() throws Exception {
    Run r = run("--backend", "local", "--model", model.toString(), "--max-new-tokens", "24", "--deadline", "60",
        "Tom has 12 apples . Tom gives away 5 apples . how many are left ?");
    assertEquals(0, r.code(), r.err());
    String outcome = r.out().lines().filter(l -> l.startsWith("outcome: ")).findFirst().orElseThrow();
    assertTrue(outcome.equals("outcome: REFUSE") || outcome.equals("outcome: CLARIFY"), r.out());
    int rounds = Integer.parseInt(r.out().lines().filter(l -> l.startsWith("rounds: ")).findFirst().orElseThrow().substring(8));
    assertTrue(rounds >= 1 && rounds <= 4, r.out());
    // greedy decoding of the same model gives the same report
    assertEquals(r.out(), run("--backend", "local", "--model", model.toString(), "--max-new-tokens", "24",
        "Tom has 12 apples . Tom gives away 5 apples . how many are left ?").out());
  }

  @Test
  void anOpenAiBackendAnswersFromTheSourcesFileAndAnInventedFigureGoesBackToIt() throws Exception {
    Path sources = Files.writeString(tmp.resolve("policy.json"),
        "[{\"id\":\"refunds\",\"title\":\"Refund Policy\",\"text\":\"Returns are accepted within 30 days of delivery.\"}]");
    try (StandInModel server = new StandInModel(request -> StandInModel.Reply.ok(
        StandInModel.lastUser(request).startsWith("A checker found problems")
            ? "Returns are accepted within 30 days of delivery [refunds]."
            : "Returns are accepted within 45 days of delivery [refunds]."))) {
      Run r = run("--backend", "openai", "--base-url", server.baseUrl(), "--model", "stand-in", "--sources", sources.toString(),
          "--reference-date", "2026-11-30", "How long do I have to return an order?");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("outcome: VERIFIED"), r.out());
      assertTrue(r.out().contains("30 days"), r.out());
      assertTrue(r.out().contains("corrected (round 1, fixed in round 2) grounding."), "the invented figure is reported as corrected: " + r.out());
      assertTrue(StandInModel.lastUser(server.requests.get(0)).contains("Returns are accepted within 30 days"), "the model saw the source");
      assertTrue(server.requests.stream().anyMatch(q -> StandInModel.lastUser(q).contains("45")), "the invented 45 went back to the model");
    }
    assertTrue(assertThrows(UsageException.class, () -> run("--backend", "openai", "--base-url", "http://127.0.0.1:9/v1",
        "--model", "m", "--sources", tmp.resolve("missing.json").toString(), "q?")).getMessage().contains("--sources"));
  }

  @Test
  void badOptionsAreUsageErrors() throws Exception {
    assertTrue(assertThrows(UsageException.class, () -> run("--backend", "openai", "What is 2+2?")).getMessage()
        .contains("needs a model name"));
    assertTrue(assertThrows(UsageException.class, () -> run("--backend", "local", "question?")).getMessage().contains("needs --model"));
    assertThrows(UsageException.class, () -> run("--backend", "remote", "question?"));
    assertThrows(UsageException.class, () -> run("--backend", "local", "--model", model.toString()));
    assertThrows(UsageException.class, () -> run("--backend", "local", "--model", model.toString(), "--temperature", "hot", "q"));
    assertThrows(UsageException.class, () -> run("--backend", "local", "--model", model.toString(), "--top-p", "2", "q"));
    assertThrows(UsageException.class, () -> run("--backend", "local", "--model", model.resolve("nowhere").toString(), "q"));
    assertThrows(UsageException.class, () -> run("--backend", "local", "--model", model.toString(), "--template", "alpaca", "q"));
    assertThrows(UsageException.class, () -> run("--backend", "local", "--model", model.toString(), "--deadline", "-5", "q"));
  }
}
