package io.veritrace.runtime.cli;

import io.veritrace.reasoners.local.Llama;
import io.veritrace.reasoners.local.LocalReasoner;
import io.veritrace.trainer.AdapterRegistry;
import io.veritrace.trainer.qlora.LoraAdapters;
import io.veritrace.trainer.qlora.PeftAdapter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The adapter a local model serves with: the serving version of an adapter registry, read before
 * the model loads (its rank and modules decide the model's adapter layers), or none.
 */
record ServingAdapter(String version, PeftAdapter adapter, LoraAdapters layers) {

  static ServingAdapter of(String registryDir) throws IOException {
    if (registryDir == null) return new ServingAdapter("", null, null);
    Path dir = Path.of(registryDir);
    if (!Files.isDirectory(dir)) throw new UsageException("--adapters " + dir + " is not an adapter registry folder");
    AdapterRegistry registry = new AdapterRegistry(dir);
    Optional<String> serving = registry.serving();
    if (serving.isEmpty()) return new ServingAdapter("", null, null);
    PeftAdapter adapter = PeftAdapter.read(registry.folder(serving.get()));
    return new ServingAdapter(serving.get(), adapter, new LoraAdapters(adapter.config(), Llama.DENSE, 0));
  }

  /** Dense weights, with adapter layers when there is an adapter. */
  Llama.Projections projections() {
    return layers == null ? Llama.DENSE : layers;
  }

  /** Loads the adapter into the running reasoner's model; its proposals then name the version. */
  void putInto(LocalReasoner reasoner) {
    if (layers != null) layers.swapInto(reasoner, version, adapter).toCompletableFuture().join();
  }
}
