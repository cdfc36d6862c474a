package io.veritrace.runtime;

import io.veritrace.actors.CheckMeter;
import io.veritrace.actors.LoopComponents;
import io.veritrace.actors.Veritrace;
import io.veritrace.core.Reasoner;
import io.veritrace.core.TraceStore;
import io.veritrace.verifiers.CheckSuite;
import java.util.function.Supplier;
import io.veritrace.verifiers.RepairingCorrector;

/** Boots a node with the standard checks and corrector around a given reasoner. */
public final class Nodes {
  private Nodes() {}

  public static Veritrace start(Settings settings, Reasoner reasoner, TraceStore store) {
    return start(settings, reasoner, store, CheckSuite::standard);
  }

  public static Veritrace start(Settings settings, Reasoner reasoner, TraceStore store, Supplier<CheckSuite> suites) {
    return start(settings, reasoner, store, suites, CheckMeter.NONE);
  }

  /** A node whose roles come from the configuration, counting the checks it serves and routes. */
  public static Veritrace start(Settings settings, Reasoner reasoner, TraceStore store, Supplier<CheckSuite> suites, CheckMeter meter) {
    return Veritrace.start(
        new LoopComponents(reasoner, suites, new RepairingCorrector(), settings.policy(), store, settings.poolSize()),
        settings.config(), meter);
  }
}
