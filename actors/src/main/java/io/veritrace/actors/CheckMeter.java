package io.veritrace.actors;

/**
 * Where a node counts the checks it serves (verifier role) and routes (frontend role); the
 * runtime records them as Prometheus metrics.
 */
public interface CheckMeter {

  CheckMeter NONE = new CheckMeter() {};

  /** A check arrived at this node's verifier service. */
  default void served() {}

  /** A check this node's verifier service answered, {@code nanos} after it arrived. */
  default void answered(long nanos) {}

  /** A check this node's verifier service gave up on unanswered (its routee crashed mid-check). */
  default void abandoned() {}

  /** Checks this frontend has outstanding at verifier {@code node}, after a change. */
  default void outstanding(String node, int inFlight) {}

  /** A check sent again to another node after its node was lost or stalled. */
  default void retried(String node) {}
}
