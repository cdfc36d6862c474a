package io.veritrace.reasoners.local;

import io.veritrace.reasoners.StepPrompt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.ReasonerRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalReasonerTest {

  @TempDir Path tmp;

  @Test
  void proposesWhatTheModelGeneratesForTheStepPromptAndRepeatsForASeed() throws Exception {
    Path dir = TinyModels.write(tmp.resolve("qwen"), TinyModels.qwen2(), 4);
    Sampling sampling = new Sampling(1.0, 0.9, 17, 10);
    try (LocalReasoner reasoner = new LocalReasoner(LocalModel.load(dir, Device.cpu(), DataType.FLOAT32, null), sampling);
        LocalModel same = LocalModel.load(dir, Device.cpu(), DataType.FLOAT32, null)) {
      assertEquals("local:qwen", reasoner.name());
      ReasonerRequest request = ReasonerRequest.first(Query.of("q7", "Tom has 12 apples . how many are left ?"));
      CompletableFuture<Proposal> pending = reasoner.propose(request).toCompletableFuture();
      Proposal p = pending.get(30, TimeUnit.SECONDS);
      assertEquals("local:qwen", p.reasoner());
      // the reasoner's text is the model's reply to the step prompt, with the per-request seed
      long seed = 17 ^ (31L * "q7".hashCode()) ^ 1_000_003L;
      assertEquals(same.chat(StepPrompt.conversation(request), sampling.withSeed(seed)), p.text());
      assertTrue(!p.text().isBlank());
      assertEquals(p, reasoner.propose(request).toCompletableFuture().get(30, TimeUnit.SECONDS));
      Proposal round2 = reasoner.propose(new ReasonerRequest(request.query(), 2, null, null)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      assertTrue(!round2.text().equals(p.text()), "another round samples with another seed");
    }
  }

  @Test
  void closingStopsGenerationAndCancelsWhatIsQueuedBeforeFreeingTheModel() throws Exception {
    Path dir = TinyModels.write(tmp.resolve("llama"), TinyModels.llama(), 6);
    LocalReasoner reasoner = new LocalReasoner(LocalModel.load(dir, Device.cpu(), DataType.FLOAT32, null), Sampling.greedy(200));
    List<CompletableFuture<Proposal>> pending = new ArrayList<>();
    for (int i = 0; i < 5; i++) pending.add(reasoner.propose(ReasonerRequest.first(Query.of("q" + i, "Tom has 3 pens"))).toCompletableFuture());
    reasoner.close();
    // each request finished before the close, or was stopped or cancelled; none hangs, nothing crashes
    for (CompletableFuture<Proposal> p : pending) {
      try {
        p.get(10, TimeUnit.SECONDS);
      } catch (CancellationException e) {
        assertTrue(p.isCancelled());
      } catch (ExecutionException e) {
        assertTrue(e.getCause() instanceof CancellationException, e.toString());
      }
    }
    assertTrue(pending.get(4).isCancelled(), "the last of five was still queued");
    ExecutionException closed = assertThrows(ExecutionException.class,
        () -> reasoner.propose(ReasonerRequest.first(Query.of("late", "Tom has 3 pens"))).toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertTrue(closed.getCause().getMessage().contains("is closed"));
  }
}
