package io.veritrace.runtime.simulation;

import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Reasoner;
import io.veritrace.core.ReasonerRequest;

/**
 * The reasoner with nothing checking it: the user gets its first proposal (one model call, where
 * the checked arm may spend up to the loop's budget of rounds), an answer served as UNVERIFIED.
 */
public final class UncheckedArm implements Arm {

  private final Reasoner reasoner;

  public UncheckedArm(Reasoner reasoner) {
    this.reasoner = reasoner;
  }

  @Override
  public String name() {
    return "unchecked";
  }

  @Override
  public Served ask(Query query) {
    Proposal p = reasoner.propose(ReasonerRequest.first(query)).toCompletableFuture().join();
    Outcome outcome = switch (p.stance()) {
      case ANSWER -> Outcome.UNVERIFIED;
      case CLARIFY -> Outcome.CLARIFY;
      case REFUSE -> Outcome.REFUSE;
    };
    return new Served(outcome, p.reply(), 1);
  }
}
