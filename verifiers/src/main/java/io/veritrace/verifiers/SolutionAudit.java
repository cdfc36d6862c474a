package io.veritrace.verifiers;

import io.veritrace.core.Grade;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.steps.StepFormatException;
import io.veritrace.verifiers.steps.StepParser;
import java.util.List;

/**
 * An offline audit of one model output: parse the solution text, run the checks, say whether it
 * would be accepted. What {@code ./veritrace check} does for each line.
 *
 * @param proposal the parsed solution
 * @param verdicts every verdict
 * @param outcome how the loop would end this proposal with no further round ({@link Judgement}):
 *     VERIFIED, and so accepted, only when every checkable claim is covered by a passing check
 */
public record SolutionAudit(Proposal proposal, List<Verdict> verdicts, Outcome outcome) {

  public static SolutionAudit of(CheckSuite suite, String id, String question, String solution) {
    return of(suite, Query.of(id, question), solution);
  }

  /** An audit against a full query: its sources, reference date and conversation count too. */
  public static SolutionAudit of(CheckSuite suite, Query query, String solution) {
    Proposal proposal;
    try {
      proposal = StepParser.parse(solution, "audit");
    } catch (StepFormatException e) {
      Verdict v = Verdict.fail("steps", "steps.format", -1, e.getMessage(), "", "");
      return new SolutionAudit(new Proposal(Proposal.Stance.ANSWER, List.of(), "", "", "audit", ""), List.of(v), Outcome.REFUSE);
    }
    List<Verdict> verdicts = suite.check(query, proposal);
    return new SolutionAudit(proposal, verdicts, CheckSuite.judge(query, proposal, verdicts));
  }

  public boolean accepted() {
    return outcome == Outcome.VERIFIED;
  }

  public List<Verdict> failures() {
    return verdicts.stream().filter(Verdict::rejects).toList();
  }

  public List<Verdict> warnings() {
    return verdicts.stream().filter(v -> v.grade() == Grade.WARN).toList();
  }
}
