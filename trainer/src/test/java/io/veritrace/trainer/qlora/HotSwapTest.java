package io.veritrace.trainer.qlora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.reasoners.local.HostTensor;
import io.veritrace.reasoners.local.Llama;
import io.veritrace.reasoners.local.LocalModel;
import io.veritrace.reasoners.local.LocalReasoner;
import io.veritrace.reasoners.local.RandomCheckpoint;
import io.veritrace.reasoners.local.Safetensors;
import io.veritrace.reasoners.local.Sampling;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotSwapTest {

  @Test
  void aPromotedAdapterIsPickedUpBetweenQueriesWithNoneLost(@TempDir Path dir) throws Exception {
    List<String> words = List.of("Tom", "has", "apples", "how", "many", "?", "1", "2", "3", "=", "+");
    RandomCheckpoint.write(dir.resolve("model"), new io.veritrace.reasoners.local.LlamaConfig("llama", 24, 32, 64, 2, 4, 2, 8, 1e-5, 10000.0,
        null, 1024, true, false, List.of()), words, 3, Safetensors.DType.F32);
    LoraAdapters adapters = new LoraAdapters(TinyModel.lora(0), Llama.DENSE, 1);
    try (LocalReasoner reasoner = new LocalReasoner(LocalModel.load(dir.resolve("model"), Device.cpu(), DataType.FLOAT32, null, adapters),
        Sampling.greedy(4))) {
      Map<String, HostTensor> trained = new LinkedHashMap<>();
      Random rnd = new Random(2);
      adapters.snapshot().forEach((name, t) -> {
        float[] v = new float[t.values().length];
        for (int i = 0; i < v.length; i++) v[i] = (float) rnd.nextGaussian() * 0.1f;
        trained.put(name, new HostTensor(t.shape(), v));
      });
      PeftAdapter v1 = new PeftAdapter(adapters.config(), "tiny", trained);
      List<CompletionStage<Proposal>> before = new ArrayList<>(), after = new ArrayList<>();
      for (int i = 0; i < 3; i++) before.add(reasoner.propose(ReasonerRequest.first(Query.of("q" + i, "Tom has 2 apples . how many ?"))));
      CompletionStage<Void> swapped = adapters.swapInto(reasoner, "v1", v1);
      for (int i = 3; i < 6; i++) after.add(reasoner.propose(ReasonerRequest.first(Query.of("q" + i, "Tom has 2 apples . how many ?"))));
      for (CompletionStage<Proposal> p : before) assertEquals("", p.toCompletableFuture().get(2, TimeUnit.MINUTES).adapter());
      swapped.toCompletableFuture().get(2, TimeUnit.MINUTES);
      for (CompletionStage<Proposal> p : after) assertEquals("v1", p.toCompletableFuture().get(2, TimeUnit.MINUTES).adapter());
      assertEquals("v1", reasoner.adapter());
      trained.forEach((name, t) -> assertArrayEquals(t.values(), adapters.snapshot().get(name).values(), name));

      PeftAdapter otherRank = new PeftAdapter(new LoraConfig(8, 8, 0, LoraConfig.ALL_LINEAR), "tiny", Map.of());
      assertThrows(IllegalArgumentException.class, () -> adapters.swapInto(reasoner, "v2", otherRank));
    }
  }
}
