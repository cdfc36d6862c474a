package io.veritrace.core;

import java.util.concurrent.CompletionStage;

/**
 * A source of proposals: a model behind an API, a local model, or a simulator. Untrusted by
 * design: everything it says is checked. Implementations must be thread-safe: the actor layer
 * may have several proposals in flight at once.
 */
public interface Reasoner {

  /** A short stable name for traces and metrics ({@code simulated}, {@code openai:gpt-4o}). */
  String name();

  /**
   * Proposes an answer to the request; may complete exceptionally when the backend fails. Must
   * return at once: a backend that takes time (a model, a remote service) completes the stage
   * later, from its own threads, because the caller is a query loop's thread.
   */
  CompletionStage<Proposal> propose(ReasonerRequest request);
}
