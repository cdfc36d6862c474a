package io.veritrace.verifiers.logic;

import com.microsoft.z3.Context;
import com.microsoft.z3.Z3Exception;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides premises against a conclusion with Z3: entailed, refuted, undetermined (with a
 * clarifying question) or inconsistent premises (with the conflicting ones), each with its
 * evidence.
 *
 * <p>Every check runs in its own Z3 {@link Context} (Z3 contexts are not thread-safe), closed
 * when the check ends, so a checker holds no native memory between checks, is safe to share
 * between threads, and gives the same result for the same problem whatever ran before (a
 * context costs about 1.5 ms). A check is bounded by {@link LogicLimits}; one the solver cannot
 * finish in time or memory is {@link LogicResult.Unknown}, never a pass. Bad input never
 * throws: it is a {@link LogicResult.Rejected} with a message for the translator.
 *
 * <p>The seams: {@link ProgramLayout}, {@link FormulaParser} and {@link SmtLibScript} read the
 * input; {@link Translation} turns it into Z3 terms; {@link Decision} makes the solver calls;
 * {@link Clarifier} finds the fact to ask about and {@link QuestionWording} says it in English.
 */
public final class LogicChecker {

  private final LogicLimits limits;

  public LogicChecker() {
    this(LogicLimits.DEFAULT);
  }

  public LogicChecker(LogicLimits limits) {
    this.limits = limits;
  }

  public LogicLimits limits() {
    return limits;
  }

  /** Checks a program in the Predicates: / Premises: / Conclusion: layout. */
  public LogicResult checkProgram(String program) {
    if (program.length() > limits.maxProblemChars()) {
      return tooLarge(program.length(), List.of());
    }
    try {
      return check(ProgramLayout.parse(program));
    } catch (InputRejected e) {
      return new LogicResult.Rejected(e.rejection, List.of());
    }
  }

  public LogicResult check(LogicProblem problem) {
    return check(problem, false);
  }

  /**
   * Checks the premises alone: {@link LogicResult.Inconsistent} with the conflicting premises,
   * {@link LogicResult.Consistent}, or why it could not tell.
   */
  public LogicResult checkPremises(List<Premise> premises) {
    return check(new LogicProblem(premises, "", "", List.of(), List.of()), true);
  }

  private LogicResult check(LogicProblem problem, boolean premisesOnly) {
    List<Repair> repairs = new ArrayList<>(problem.repairs());
    try {
      int chars = problem.conclusion().length();
      for (Premise p : problem.premises()) chars += p.formula().length();
      if (chars > limits.maxProblemChars()) return tooLarge(chars, repairs);
      if (problem.premises().size() > limits.maxPremises()) {
        throw new InputRejected(
            Rejection.Cause.TOO_LARGE,
            "premises",
            problem.premises().size() + " premises; the limit is " + limits.maxPremises());
      }
      // read and vetted before any Z3 context exists: no command of the input reaches Z3 unchecked
      SmtLibScript script =
          SmtLibScript.isSmtLib(problem) ? SmtLibScript.of(problem, premisesOnly, limits) : null;
      try (Context ctx = new Context(Map.of("model", "true"))) {
        Translation translation =
            script != null
                ? Translation.smtLib(ctx, script, problem)
                : Translation.firstOrder(ctx, problem, premisesOnly, limits, repairs);
        requireFaithfulReading(repairs);
        // the budget is for solving: loading Z3's native library on a process's first check, on
        // a busy machine, can take longer than the whole budget
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        Decision decision = new Decision(ctx, translation, limits, deadline, repairs);
        return premisesOnly ? decision.consistency() : decision.decide();
      }
    } catch (InputRejected e) {
      return new LogicResult.Rejected(e.rejection, repairs);
    } catch (Z3Exception e) {
      return new LogicResult.Unknown("solver error: " + e.getMessage(), repairs);
    }
  }

  /**
   * A reading that needed a meaning-changing repair is not decided: a True or False about what
   * the translator might have meant would be a confident answer to another question.
   */
  private static void requireFaithfulReading(List<Repair> repairs) throws InputRejected {
    List<Repair> guesses = repairs.stream().filter(r -> r.kind().changesMeaning()).toList();
    if (guesses.isEmpty()) return;
    throw new InputRejected(
        Rejection.Cause.GUESSED,
        guesses.get(0).where(),
        "can only be read by guessing what was meant ("
            + guesses.stream().map(Repair::toString).collect(java.util.stream.Collectors.joining("; "))
            + "), which may change its meaning; write the formula as meant (∃ for 'some', a constant for"
            + " an individual, one arity per predicate)");
  }

  private LogicResult tooLarge(int chars, List<Repair> repairs) {
    return new LogicResult.Rejected(
        new Rejection(
            Rejection.Cause.TOO_LARGE,
            "problem",
            chars + " characters in all; the limit is " + limits.maxProblemChars()),
        repairs);
  }
}
