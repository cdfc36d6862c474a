package io.veritrace.actors;

import io.veritrace.core.Corrector;
import io.veritrace.core.LoopPolicy;
import io.veritrace.core.Reasoner;
import io.veritrace.core.TraceStore;
import io.veritrace.verifiers.CheckSuite;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a node's query loops are made of.
 *
 * @param reasoner the (untrusted) source of proposals; thread-safe
 * @param suites makes the check suite of one checker routee; called once per routee, so suites
 *     holding per-thread native state (Z3) are never shared
 * @param corrector turns failures into repairs or findings
 * @param policy rounds, deadline, check timeout
 * @param store the trace journal, or null for none
 * @param poolSize routees per worker pool
 */
public record LoopComponents(
    Reasoner reasoner, Supplier<CheckSuite> suites, Corrector corrector, LoopPolicy policy, TraceStore store, int poolSize) {

  public LoopComponents {
    Objects.requireNonNull(reasoner, "reasoner");
    Objects.requireNonNull(suites, "suites");
    Objects.requireNonNull(corrector, "corrector");
    Objects.requireNonNull(policy, "policy");
    if (poolSize < 1) throw new IllegalArgumentException("poolSize must be >= 1");
  }
}
