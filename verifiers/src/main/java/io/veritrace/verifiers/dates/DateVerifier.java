package io.veritrace.verifiers.dates;

import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
import io.veritrace.core.Verdict;
import io.veritrace.core.Verifier;
import java.time.Clock;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Recomputes every calendar claim in a proposal's steps and answer (ages, differences, shifts,
 * weekdays, countdowns, time-zone conversions) against the query's reference date. A wrong value
 * fails with the right one as counterexample and the corrected words as fix; a claim that
 * depends on today says in its verdict which today it used (the query's, or the server clock's).
 * Rules: {@code dates.age}, {@code dates.difference}, {@code dates.shift}, {@code dates.weekday},
 * {@code dates.until}, {@code dates.timezone}, {@code dates.valid}. No claims, no verdicts.
 */
public final class DateVerifier implements Verifier {

  public static final String NAME = "dates";

  private final Clock serverClock;
  private final DateClaimParser parser = new DateClaimParser();

  /** @param serverClock what "today" is when a query has no reference date */
  public DateVerifier(Clock serverClock) {
    this.serverClock = Objects.requireNonNull(serverClock, "serverClock");
  }

  public DateVerifier() {
    this(Clock.systemUTC());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Verdict> verify(Query query, Proposal proposal, List<Verdict> stepVerdicts) {
    ReferenceDate reference = null;
    String referenceProblem = "";
    try {
      reference = ReferenceDate.resolve(query.referenceDate(), serverClock);
    } catch (DateTimeException e) {
      referenceProblem = e.getMessage();
    }
    List<Verdict> verdicts = new ArrayList<>();
    for (Step step : proposal.steps()) {
      check(step.index(), step.text(), reference, referenceProblem, verdicts);
    }
    check(-1, proposal.answer(), reference, referenceProblem, verdicts);
    return verdicts;
  }

  /** The claims in {@code text} that recompute to their stated value: derived, not invented. */
  public List<DateClaim> holdingClaims(Query query, String text) {
    ReferenceDate reference;
    try {
      reference = ReferenceDate.resolve(query.referenceDate(), serverClock);
    } catch (DateTimeException e) {
      reference = null;
    }
    List<DateClaim> holding = new ArrayList<>();
    for (DateClaim claim : parser.parse(text)) {
      try {
        if (DateCheck.evaluate(claim, reference == null ? null : reference.today()).holds()) {
          holding.add(claim);
        }
      } catch (RuntimeException e) {
        // an uncomputable claim derives nothing
      }
    }
    return holding;
  }

  private void check(
      int step, String text, ReferenceDate reference, String referenceProblem, List<Verdict> out) {
    for (DateClaim claim : parser.parse(text)) {
      String words = claim.wording().text();
      try {
        DateCheck.Finding f = DateCheck.evaluate(claim, reference == null ? null : reference.today());
        String today = f.usedToday() ? "; " + reference.describe() : "";
        if (f.holds()) {
          out.add(Verdict.pass(NAME, claim.rule(), step, "'" + words + "' holds: " + f.explanation() + today));
        } else if (claim instanceof DateClaim.Invalid) {
          out.add(Verdict.fail(NAME, claim.rule(), step, f.explanation(), "", ""));
        } else {
          boolean fixable = !f.expected().contains(" ") || Character.isDigit(f.expected().charAt(0));
          out.add(
              Verdict.fail(
                  NAME,
                  claim.rule(),
                  step,
                  "'" + words + "' is wrong: " + f.explanation() + today,
                  f.expected(),
                  fixable ? claim.wording().replacingValue(f.expected()) : ""));
        }
      } catch (DatePoint.MissingReference e) {
        out.add(
            Verdict.error(
                NAME, claim.rule(), step, "cannot check '" + words + "': " + referenceProblem));
      } catch (DateTimeException | ArithmeticException | IllegalStateException e) {
        out.add(
            Verdict.error(
                NAME,
                claim.rule(),
                step,
                "cannot check '" + words + "': " + e.getMessage()
                    + " (outside what the calendar can compute)"));
      }
    }
  }
}
