package io.veritrace.core;

import java.util.concurrent.CompletionStage;

/**
 * Where finished traces go. The loop replies to a client only after {@link #append} completes, so
 * an outcome a client has seen is never missing from the store. Implementations batch appends
 * (group commit) and must be safe to call from many threads.
 */
public interface TraceStore extends AutoCloseable {

  /**
   * Appends a trace durably; completes with its offset once it is on stable storage, or
   * exceptionally when it could not be stored (the caller then reports it as not durable).
   */
  CompletionStage<Long> append(Trace trace);
}
