package io.veritrace.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.reasoners.local.RandomCheckpoint;
import io.veritrace.trainer.AdapterRegistry;
import io.veritrace.trainer.EvaluationGate;
import io.veritrace.trainer.qlora.PeftAdapter;
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

/** {@code train} and {@code adapters} on a tiny random model folder and hand-written datasets. */
class TrainCommandTest {

  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run run(Command c, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = c.run(List.of(args), new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String chat(String question, String answer) {
    return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"},{\"role\":\"assistant\",\"content\":\"" + answer + "\"}]}\n";
  }

  /** A random two-layer model over Tom's apples: other words are unknown tokens to it. */
  private Path tinyModel() throws Exception {
    List<String> words = new ArrayList<>(List.of("<<", ">>", "=", "+", "-", "####", ".", "?", "Tom", "has", "apples", "gives", "away", "how", "many", "left"));
    for (int i = 0; i <= 20; i++) words.add(Integer.toString(i));
    Path model = tmp.resolve("tiny-llama");
    RandomCheckpoint.writeTiny(model, words, 5);
    return model;
  }

  @Test
  void oneRoundTrainsGatesAndRegistersTheAdapter() throws Exception {
    Path model = tinyModel();
    Path data = Files.createDirectories(tmp.resolve("datasets"));
    Files.writeString(data.resolve("sft-train.jsonl"), chat("Tom has 12 apples . Tom gives away 5 . how many left ?", "12 - 5 = 7 #### 7")
        + chat("Tom has 3 apples . Tom gives away 1 . how many left ?", "3 - 1 = 2 #### 2"));
    Files.writeString(data.resolve("dpo-eval.jsonl"), "{\"prompt\":[{\"role\":\"user\",\"content\":\"Tom has 9 apples . Tom gives away 4 . how many left ?\"}],"
        + "\"chosen\":[{\"role\":\"assistant\",\"content\":\"9 - 4 = 5 #### 5\"}],\"rejected\":[{\"role\":\"assistant\",\"content\":\"9 - 4 = 6 #### 6\"}]}\n");
    Path replay = tmp.resolve("replay.jsonl");
    Files.writeString(replay, "{\"question\": \"Tom has 2 apples . how many ?\", \"answer\": \"#### 2\"}\n");
    Path registry = tmp.resolve("adapters");

    Run r = run(new TrainCommand(), "--model", model.toString(), "--data", data.toString(), "--registry", registry.toString(),
        "--steps", "2", "--rank", "4", "--alpha", "8", "--batch", "1", "--accumulation", "1", "--eval-prompts", "2",
        "--max-new-tokens", "6", "--replay", replay.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("step 2/2  loss "), r.err());
    // a random model verifies nothing with or without the adapter: no improvement, not promoted
    assertTrue(r.out().startsWith("v1 rejected: held-out failure prompts: 0.0% verified"), r.out());
    assertTrue(r.out().contains("serving: none"), r.out());
    PeftAdapter saved = PeftAdapter.read(registry.resolve("versions").resolve("v1"));
    assertEquals(4, saved.config().r());
    assertEquals(2 * 7 * 2, saved.tensors().size());
    AdapterRegistry.Event decision = new AdapterRegistry(registry).events().get(0);
    assertEquals("rejected", decision.kind());
    assertEquals(1, decision.figures().heldOut());
    assertEquals(1, decision.figures().replay());

    Run list = run(new AdaptersCommand(), "--registry", registry.toString());
    assertEquals(0, list.code(), list.err());
    assertTrue(list.out().contains("rejected    v1"), list.out());
    UsageException e = assertThrows(UsageException.class, () -> run(new AdaptersCommand(), "--registry", registry.toString(), "--roll-back", "v1"));
    assertTrue(e.getMessage().contains("version v1 was never promoted"), e.getMessage());

    // the same adapter, promoted on better figures, is what ask then runs with
    EvaluationGate gate = EvaluationGate.DEFAULT;
    String v2 = new AdapterRegistry(registry).submit(registry.resolve("versions").resolve("v1"), gate,
        gate.decide("candidate", new EvaluationGate.Figures(1, 0, 100, 1, 0, 0)));
    Run ask = run(new AskCommand(), "--backend", "local", "--model", model.toString(), "--adapters", registry.toString(),
        "--max-new-tokens", "6", "--deadline", "120", "Tom has 2 apples . how many ?");
    assertEquals(0, ask.code(), ask.err());
    assertTrue(ask.out().contains("adapter: " + v2), ask.out());
    assertTrue(run(new AdaptersCommand(), "--registry", registry.toString(), "--roll-back", "none").out().contains("serving: none"));
  }

  /** simulate -> journal -> export -> train -> the gate's decision journalled -> ask with the registry's version. */
  @Test
  void simulatedFailuresTrainAnAdapterThatAskThenServes() throws Exception {
    Path journal = tmp.resolve("journal");
    Run sim = run(new SimulateCommand(), "--sessions", "8", "--seed", "3", "--journal", journal.toString(), "--report", tmp.resolve("report").toString());
    assertEquals(0, sim.code(), sim.err());
    assertTrue(sim.err().contains("durable in the journal"), sim.err());
    Path data = tmp.resolve("datasets");
    Run export = run(new ExportCommand(), "--journal", journal.toString(), "--out", data.toString(), "--consumer", "trainer",
        "--eval-percent", "50", "--replay-share", "0");
    assertEquals(0, export.code(), export.err());
    assertTrue(Files.isRegularFile(data.resolve("dpo-eval.jsonl")), export.out());
    Path replay = tmp.resolve("replay.jsonl");
    Files.writeString(replay, "{\"question\": \"Tom has 2 apples . how many ?\", \"answer\": \"#### 2\"}\n");
    Path model = tinyModel();
    Path registry = tmp.resolve("adapters");

    Run train = run(new TrainCommand(), "--model", model.toString(), "--data", data.toString(), "--registry", registry.toString(),
        "--steps", "2", "--rank", "4", "--alpha", "8", "--batch", "1", "--accumulation", "1", "--eval-prompts", "2",
        "--max-new-tokens", "6", "--replay", replay.toString());
    assertEquals(0, train.code(), train.err());
    AdapterRegistry adapters = new AdapterRegistry(registry);
    AdapterRegistry.Event decision = adapters.events().get(0);
    assertEquals("v1", decision.version());
    // a random model verifies nothing with or without the adapter: the gate rejects, and says so
    assertEquals("rejected", decision.kind());
    assertTrue(train.out().startsWith("v1 rejected: "), train.out());
    assertTrue(decision.figures().heldOut() > 0, decision.toString());
    assertTrue(adapters.serving().isEmpty());
    // so the same adapter is promoted by hand, on better figures, to be what ask serves
    EvaluationGate gate = EvaluationGate.DEFAULT;
    String serving = adapters.submit(adapters.folder("v1"), gate, gate.decide("candidate", new EvaluationGate.Figures(1, 0, 100, 1, 0, 0)));
    assertEquals("v2", serving);
    Run ask = run(new AskCommand(), "--backend", "local", "--model", model.toString(), "--adapters", registry.toString(),
        "--max-new-tokens", "6", "--deadline", "120", "Tom has 2 apples . how many ?");
    assertEquals(0, ask.code(), ask.err());
    assertTrue(ask.out().contains("adapter: " + serving), ask.out());
  }

  @Test
  void missingDatasetsAreAUsageError() throws Exception {
    UsageException e = assertThrows(UsageException.class,
        () -> run(new TrainCommand(), "--model", tmp.toString(), "--data", tmp.resolve("none").toString(), "--registry", tmp.resolve("a").toString()));
    assertTrue(e.getMessage().contains("sft-train.jsonl is missing: run ./veritrace export"), e.getMessage());
  }
}
