package io.veritrace.reasoners.local;

import io.veritrace.core.Proposal;
import io.veritrace.core.Reasoner;
import io.veritrace.core.ReasonerRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The {@code local} backend: a model folder run in this process. Prompts and reply format are
 * {@link StepPrompt}'s, the same as every backend's. Generation runs on one thread of its own (a
 * model computes one sequence at a time), never on the caller's. Each request samples with a seed
 * derived from (seed, query id, round), so the same seed gives the same proposals.
 */
public final class LocalReasoner implements Reasoner, AutoCloseable {

  private final LocalModel model;
  private final Sampling sampling;
  private final String name;
  private final ExecutorService generator;

  public LocalReasoner(LocalModel model, Sampling sampling) {
    this.model = model;
    this.sampling = sampling;
    this.name = "local:" + model.dir().getFileName();
    this.generator = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "local-model");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompletionStage<Proposal> propose(ReasonerRequest request) {
    long seed = sampling.seed() ^ (31L * request.query().id().hashCode()) ^ (1_000_003L * request.round());
    return CompletableFuture.supplyAsync(
        () -> StepPrompt.read(model.chat(StepPrompt.conversation(request), sampling.withSeed(seed)), name), generator);
  }

  /** Stops the generation thread and frees the model. */
  @Override
  public void close() {
    generator.shutdownNow();
    model.close();
  }
}
