package io.veritrace.runtime;

import io.veritrace.actors.LoopComponents;
import io.veritrace.actors.Veritrace;
import io.veritrace.core.Reasoner;
import io.veritrace.core.TraceStore;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.RepairingCorrector;

/** Boots a node with the standard checks and corrector around a given reasoner. */
public final class Nodes {
  private Nodes() {}

  public static Veritrace start(Settings settings, Reasoner reasoner, TraceStore store) {
    return Veritrace.start(
        new LoopComponents(reasoner, CheckSuite::standard, new RepairingCorrector(), settings.policy(), store, settings.poolSize()),
        settings.config());
  }
}
