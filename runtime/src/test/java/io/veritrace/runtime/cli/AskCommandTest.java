package io.veritrace.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.reasoners.local.LlamaConfig;
import io.veritrace.reasoners.local.RandomCheckpoint;
import io.veritrace.reasoners.local.Safetensors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code veritrace ask} with a tiny random local model, end to end through a real actor system. */
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
    assertEquals(r.out(), run("--model", model.toString(), "--max-new-tokens", "24",
        "Tom has 12 apples . Tom gives away 5 apples . how many are left ?").out());
  }

  @Test
  void badOptionsAreUsageErrors() throws Exception {
    assertTrue(assertThrows(Args.UsageException.class, () -> run("--backend", "openai", "What is 2+2?")).getMessage()
        .contains("needs a model name"));
    assertTrue(assertThrows(Args.UsageException.class, () -> run("--backend", "local", "question?")).getMessage().contains("needs --model"));
    assertThrows(Args.UsageException.class, () -> run("--backend", "remote", "question?"));
    assertThrows(Args.UsageException.class, () -> run("--model", model.toString()));
    assertThrows(Args.UsageException.class, () -> run("--backend", "local", "--model", model.toString(), "--temperature", "hot", "q"));
    assertThrows(Args.UsageException.class, () -> run("--model", model.toString(), "--top-p", "2", "q"));
    assertThrows(Args.UsageException.class, () -> run("--model", model.resolve("nowhere").toString(), "q"));
    assertThrows(Args.UsageException.class, () -> run("--model", model.toString(), "--template", "alpaca", "q"));
    assertThrows(Args.UsageException.class, () -> run("--model", model.toString(), "--deadline", "-5", "q"));
  }
}
