package io.veritrace.core;

import java.util.List;

/**
 * A check of one step on its own (exact arithmetic, quantity type). Pure and thread-safe: the
 * StepChecker may run steps in parallel.
 */
public interface StepCheck {

  String name();

  /** Verdicts on the claims of {@code step}; empty when nothing in it applies. */
  List<Verdict> check(Query query, Step step);
}
