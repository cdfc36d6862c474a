package io.veritrace.runtime.bench;

import io.veritrace.actors.LoopDecision;
import io.veritrace.core.Correction;
import io.veritrace.core.LoopPolicy;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Reasoner;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.RepairingCorrector;
import java.util.List;
import java.util.Set;

/**
 * The query loop as plain method calls on one thread: the same reasoner, checks, corrector and
 * decision rules as the actor loop, with no messages. The baseline the actor loop's overhead is
 * measured against.
 */
public final class DirectLoop {

  private final Reasoner reasoner;
  private final CheckSuite suite;
  private final RepairingCorrector corrector = new RepairingCorrector();
  private final LoopPolicy policy;

  public DirectLoop(Reasoner reasoner, CheckSuite suite, LoopPolicy policy) {
    this.reasoner = reasoner;
    this.suite = suite;
    this.policy = policy;
  }

  /** Runs one query to its outcome. */
  public Outcome run(Query query) {
    ReasonerRequest request = ReasonerRequest.first(query);
    Proposal proposal = reasoner.propose(request).toCompletableFuture().join();
    boolean justified = false;
    Set<String> previous = Set.of();
    for (int round = 1; ; round++) {
      List<Verdict> verdicts = suite.check(query, proposal);
      LoopDecision decision = LoopDecision.decide(policy, round, query, proposal, verdicts, justified, previous);
      if (decision instanceof LoopDecision.End end) return end.outcome();
      if (decision instanceof LoopDecision.Justify) justified = true;
      Correction c = corrector.correct(query, proposal, verdicts);
      previous = LoopDecision.signature(verdicts.stream().filter(Verdict::rejects).toList());
      proposal = c.isRepair() ? c.repaired()
          : reasoner.propose(new ReasonerRequest(query, round + 1, proposal, c)).toCompletableFuture().join();
    }
  }
}
