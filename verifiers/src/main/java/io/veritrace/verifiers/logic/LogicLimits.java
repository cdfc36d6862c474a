package io.veritrace.verifiers.logic;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds one logic check runs under. Defaults ({@link #DEFAULT}) and why:
 *
 * <ul>
 *   <li>{@code timeout} 2 s for the whole three-way check (all solver calls together, the
 *       clarifying-question probes included): FOLIO problems take milliseconds, so anything near
 *       the limit is a solver bomb, reported as unknown, never as a pass; it stays below the
 *       loop's 5 s check timeout.
 *   <li>{@code maxMemoryMb} 512: Z3's {@code max_memory}; Z3 counts its allocations per process,
 *       so with several workers this bounds their Z3 memory together.
 *   <li>{@code maxFormulaChars} 10,000 per formula and {@code maxProblemChars} 200,000 in all,
 *       {@code maxPremises} 500: FOLIO's longest formula has about 300 characters; the limits keep
 *       parsing linear and small.
 *   <li>{@code maxDepth} 100 levels of nesting (parentheses, ¬, quantifiers, →): FOLIO needs
 *       fewer than 10; the parser and the translation recurse, so depth must be bounded.
 *   <li>{@code maxDigits} 100 per number literal.
 *   <li>{@code maxGroundAtoms} 2,000 atoms compared between the two models of an undetermined
 *       result, and {@code maxClarifyProbes} 4 atoms tested for being the one that decides the
 *       conclusion (two solver calls each).
 * </ul>
 */
public record LogicLimits(
    Duration timeout,
    int maxMemoryMb,
    int maxFormulaChars,
    int maxProblemChars,
    int maxPremises,
    int maxDepth,
    int maxDigits,
    int maxGroundAtoms,
    int maxClarifyProbes) {

  public static final LogicLimits DEFAULT =
      new LogicLimits(Duration.ofSeconds(2), 512, 10_000, 200_000, 500, 100, 100, 2_000, 4);

  public LogicLimits {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    if (maxMemoryMb < 1
        || maxFormulaChars < 1
        || maxProblemChars < 1
        || maxPremises < 1
        || maxDepth < 1
        || maxDigits < 1
        || maxGroundAtoms < 0
        || maxClarifyProbes < 0) {
      throw new IllegalArgumentException("limits must be positive: " + this);
    }
  }

  public LogicLimits withTimeout(Duration replacement) {
    return new LogicLimits(
        replacement,
        maxMemoryMb,
        maxFormulaChars,
        maxProblemChars,
        maxPremises,
        maxDepth,
        maxDigits,
        maxGroundAtoms,
        maxClarifyProbes);
  }

  public LogicLimits withMaxMemoryMb(int replacement) {
    return new LogicLimits(
        timeout,
        replacement,
        maxFormulaChars,
        maxProblemChars,
        maxPremises,
        maxDepth,
        maxDigits,
        maxGroundAtoms,
        maxClarifyProbes);
  }
}
