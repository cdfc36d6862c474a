package io.veritrace.actors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.veritrace.core.Query;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * A running Veritrace node: an actor system whose guardian owns the worker pools and the
 * sessions. The plain-Java door into the actor layer, for the CLI, the HTTP API and benchmarks.
 */
public final class Veritrace implements AutoCloseable {

  private final ActorSystem<Sessions.Command> system;
  private final Duration askTimeout;

  private Veritrace(ActorSystem<Sessions.Command> system, Duration askTimeout) {
    this.system = system;
    this.askTimeout = askTimeout;
  }

  /** Starts a node with the single-node default configuration. */
  public static Veritrace start(LoopComponents components) {
    return start(components, ConfigFactory.load());
  }

  public static Veritrace start(LoopComponents components, Config config) {
    return start(components, config, CheckMeter.NONE);
  }

  /** Starts a node whose roles come from {@code config}, counting its checks on {@code meter}. */
  public static Veritrace start(LoopComponents components, Config config, CheckMeter meter) {
    // the guardian hands each question to a loop: on the loops' own pool that hand-off wakes no other thread
    ActorSystem<Sessions.Command> system = ActorSystem.create(Sessions.create(components, meter), "veritrace", config, Sessions.LOOPS);
    // the loop's own deadline always answers first; this only guards against a lost reply
    return new Veritrace(system, components.policy().deadline().plus(QueryLoop.STORE_TIMEOUT).plusSeconds(5));
  }

  /**
   * Asks {@code query} in conversation {@code sessionId}; completes with its outcome, on the
   * thread that delivers it (see {@link #onReplyThread}).
   */
  public CompletionStage<QueryResult> ask(String sessionId, Query query) {
    return onReplyThread(AskPattern.ask(system, ref -> new Sessions.Ask(sessionId, query, true, ref), askTimeout, system.scheduler()));
  }

  /** Asks a question that no later question follows up: its session is gone once it has answered. */
  public CompletionStage<QueryResult> askOnce(Query query) {
    return onReplyThread(AskPattern.ask(system, ref -> new Sessions.Ask(query.sessionId(), query, false, ref), askTimeout, system.scheduler()));
  }

  /**
   * Pekko's ask answers with Scala's CompletableFuture subclass, which runs every stage added to
   * it ({@code whenComplete}, {@code thenApply} ...) on {@code ForkJoinPool.commonPool()}: one
   * more thread to wake per query for each caller that adds one (the HTTP API's metrics hook, the
   * bench's count). A plain future completed by a same-thread stage runs them on the thread that
   * delivers the reply instead, so callers' stages must be short and must not block.
   */
  private static <T> CompletionStage<T> onReplyThread(CompletionStage<T> asked) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    asked.whenCompleteAsync((r, e) -> {
      if (e == null) plain.complete(r);
      else plain.completeExceptionally(e);
    }, Runnable::run);
    return plain;
  }

  /** The longest a question waits for its outcome: the loop's deadline and the journal's write, with a margin. */
  public Duration answerTimeout() {
    return askTimeout;
  }

  public ActorSystem<Sessions.Command> system() {
    return system;
  }

  @Override
  public void close() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
