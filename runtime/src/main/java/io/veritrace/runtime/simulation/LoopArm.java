package io.veritrace.runtime.simulation;

import io.veritrace.actors.QueryResult;
import io.veritrace.actors.Veritrace;
import io.veritrace.core.Query;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The same reasoner behind the actor runtime, in process: each script is one Session, which keeps
 * the conversation and what its verified turns established.
 */
public final class LoopArm implements Arm {

  private final Veritrace node;
  private final AtomicInteger durable = new AtomicInteger();

  public LoopArm(Veritrace node) {
    this.node = node;
  }

  @Override
  public String name() {
    return "checked";
  }

  @Override
  public Served ask(Query query) {
    // the Session supplies the conversation itself
    Query bare = new Query(query.id(), query.sessionId(), query.question(), List.of(), List.of(), query.sources(), query.referenceDate());
    QueryResult r = node.ask(query.sessionId(), bare).toCompletableFuture().join();
    if (r.durable()) durable.incrementAndGet();
    return new Served(r.outcome(), r.text(), r.rounds());
  }

  /** Turns whose trace reached the journal before the reply. */
  public int durable() {
    return durable.get();
  }
}
