package io.veritrace.runtime.cli;

import io.veritrace.reasoners.local.Llama;
import io.veritrace.reasoners.local.LocalReasoner;
import io.veritrace.trainer.AdapterRegistry;
import io.veritrace.trainer.qlora.LoraAdapters;
import io.veritrace.trainer.qlora.LoraConfig;
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

  /** {@code ask --adapters DIR}: the registry's serving version, and adapter layers only when there is one. */
  static ServingAdapter of(String registryDir) throws IOException {
    if (registryDir == null) return new ServingAdapter("", null, null);
    Path dir = Path.of(registryDir);
    if (!Files.isDirectory(dir)) throw new UsageException("--adapters " + dir + " is not an adapter registry folder");
    Optional<String> serving = AdapterRegistry.servingAt(dir);
    if (serving.isEmpty()) return new ServingAdapter("", null, null);
    return serving(dir, serving.get());
  }

  /**
   * {@code serve --backend local}: adapter layers always, so later promotions can be swapped in
   * while it runs — shaped as the serving version when there is one, else as {@code trained}
   * (the trainer's rank, alpha and modules), switched off until a version is promoted.
   */
  static ServingAdapter following(Path registry, LoraConfig trained) throws IOException {
    Optional<String> serving = AdapterRegistry.servingAt(registry);
    if (serving.isPresent()) return serving(registry, serving.get());
    return new ServingAdapter("", null, new LoraAdapters(trained, Llama.DENSE, 0));
  }

  private static ServingAdapter serving(Path registry, String version) throws IOException {
    PeftAdapter adapter = PeftAdapter.read(registry.resolve("versions").resolve(version));
    return new ServingAdapter(version, adapter, new LoraAdapters(adapter.config(), Llama.DENSE, 0));
  }

  /** Dense weights, with adapter layers when there is an adapter. */
  Llama.Projections projections() {
    return layers == null ? Llama.DENSE : layers;
  }

  /** Loads the adapter into the running reasoner's model (or switches fresh layers off); its proposals then name the version. */
  void putInto(LocalReasoner reasoner) {
    if (layers == null) return;
    if (adapter == null) layers.swapOff(reasoner).toCompletableFuture().join();
    else layers.swapInto(reasoner, version, adapter).toCompletableFuture().join();
  }
}
