package io.veritrace.core;

import java.util.List;

/**
 * Turns a round's failures into the next move: a repair it is certain of, or findings the
 * reasoner must act on.
 */
public interface Corrector {

  /**
   * @param verdicts every verdict of the round; at least one rejects or warns
   */
  Correction correct(Query query, Proposal proposal, List<Verdict> verdicts);
}
