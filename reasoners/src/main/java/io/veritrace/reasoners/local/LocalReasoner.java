package io.veritrace.reasoners.local;

import io.veritrace.reasoners.StepPrompt;
import io.veritrace.core.Proposal;
import io.veritrace.core.Reasoner;
import io.veritrace.core.ReasonerRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

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
  private volatile String adapter = ""; // written on the generator thread; volatile for adapter()'s callers

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
    Job job = new Job(new CompletableFuture<>(), () -> {
      Proposal p = StepPrompt.read(model.chat(StepPrompt.conversation(request), sampling.withSeed(seed)), name);
      return new Proposal(p.stance(), p.steps(), p.answer(), p.text(), p.reasoner(), adapter);
    });
    try {
      generator.execute(job);
    } catch (RejectedExecutionException e) {
      job.result().completeExceptionally(new IllegalStateException(name + " is closed"));
    }
    return job.result();
  }

  /**
   * Runs {@code swap} (which changes the model's adapter weights) on the generation thread between
   * two queries, so no answer is generated half with the old adapter and none queued is dropped;
   * proposals generated afterwards record {@code version}. Completes when the swap has run.
   */
  public CompletionStage<Void> swapAdapter(String version, Runnable swap) {
    Job job = new Job(new CompletableFuture<>(), () -> {
      swap.run();
      adapter = version;
      return null;
    });
    try {
      generator.execute(job);
    } catch (RejectedExecutionException e) {
      job.result().completeExceptionally(new IllegalStateException(name + " is closed"));
    }
    return job.result().thenAccept(ignored -> {});
  }

  /** The adapter version proposals are generated with now; empty for none. */
  public String adapter() {
    return adapter;
  }

  /** A queued generation and the future it completes, so that close can cancel what never ran. */
  private record Job(CompletableFuture<Proposal> result, Supplier<Proposal> work) implements Runnable {
    @Override
    public void run() {
      try {
        result.complete(work.get());
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    }
  }

  /** Cancels queued requests, interrupts generation and waits for it to stop, then frees the model. */
  @Override
  public void close() {
    for (Runnable queued : generator.shutdownNow()) ((Job) queued).result().cancel(false);
    try {
      // freeing the weights under a running forward pass would crash the engine
      if (!generator.awaitTermination(1, TimeUnit.MINUTES)) throw new IllegalStateException("generation did not stop within a minute");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for generation to stop", e);
    }
    model.close();
  }
}
