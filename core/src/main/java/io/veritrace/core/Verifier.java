package io.veritrace.core;

import java.util.List;

/**
 * A check of a whole proposal against its query (answer binding, provenance, consistency with
 * the session, logic). Pure with respect to its inputs; implementations that hold native
 * resources say so and are confined to one thread by the actor that owns them.
 */
public interface Verifier {

  String name();

  /**
   * Verdicts on {@code proposal}. {@code stepVerdicts} are the StepCheckers' verdicts on the same
   * proposal, so a whole-proposal rule can tell checked steps from failed ones.
   */
  List<Verdict> verify(Query query, Proposal proposal, List<Verdict> stepVerdicts);
}
