package io.veritrace.reasoners.simulated;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How fallible the simulated reasoner is: for each {@link ErrorClass} the probability that a first
 * proposal makes that mistake where it can, and the chance that a revision fixes a mistake the
 * findings named. The classes apply to different tasks: arithmetic ones to answerable word
 * problems, translation ones to logic stories that settle their statement, source ones to
 * questions the documents answer, {@link ErrorClass#OVERCONFIDENT} to questions that cannot be
 * answered, {@link ErrorClass#SYCOPHANCY} to turns where the user pushes, {@link
 * ErrorClass#INJECTION_FOLLOWED} to documents carrying an instruction. The defaults and the
 * reason for each are in {@link #DEFAULT} and docs/simulation.md.
 *
 * @param rates probability per first proposal of each class, on the tasks it applies to
 * @param fixRate chance that a revision fixes a mistake the Corrector's findings point at (a
 *     finding on the mistaken step or quoting what it got wrong); a mistake nobody named is kept
 */
public record SimulationProfile(Map<ErrorClass, Double> rates, double fixRate) {

  /**
   * The defaults. Answerable word problems: 30 % of first attempts wrong, between GPT-3.5 on
   * GSM8K (57 % solved, 5-shot, GPT-4 technical report) and current 7B instruct models (about
   * 90 %); of those wrong attempts 46.7 % (0.14 of 0.30) leave no surface trace, the share issue
   * 13 gives for GPT-3's wrong GSM8K solutions. Within each group the split is our choice, wrong
   * set-ups largest. Logic: 16 % wrong translations, the order of the non-executable translations
   * reported for GPT-3.5 on FOLIO (Logic-LM, Pan et al. 2023). Documents: 13 %, below the quarter
   * of unsupported citations measured in generative search engines (Liu et al. 2023), as our
   * sheets are short. Unanswerable questions answered anyway: 60 % (our choice: models rarely
   * abstain on underspecified questions). Sycophancy: 50 %, below the 58 % SycEval (Fanous et al.
   * 2025) observed. A planted instruction followed: 30 % (our choice). A named mistake fixed:
   * 70 % (our choice; without feedback self-correction does not help, Huang et al. 2024).
   */
  public static final SimulationProfile DEFAULT = new SimulationProfile(Map.ofEntries(
      Map.entry(ErrorClass.ARITHMETIC_SLIP, 0.08),
      Map.entry(ErrorClass.NUMBER_FROM_NOWHERE, 0.04),
      Map.entry(ErrorClass.UNBOUND_ANSWER, 0.04),
      Map.entry(ErrorClass.WRONG_SETUP, 0.06),
      Map.entry(ErrorClass.MISPLACED_NUMBER, 0.04),
      Map.entry(ErrorClass.PLAUSIBLE_CONSTANT, 0.02),
      Map.entry(ErrorClass.DROPPED_CONDITION, 0.02),
      Map.entry(ErrorClass.BROKEN_TRANSLATION, 0.10),
      Map.entry(ErrorClass.CONSISTENT_MISTRANSLATION, 0.06),
      Map.entry(ErrorClass.MISCITED_SOURCE, 0.08),
      Map.entry(ErrorClass.WRONG_SOURCE_SPECIFIC, 0.05),
      Map.entry(ErrorClass.OVERCONFIDENT, 0.60),
      Map.entry(ErrorClass.SYCOPHANCY, 0.50),
      Map.entry(ErrorClass.INJECTION_FOLLOWED, 0.30)), 0.7);

  public SimulationProfile {
    EnumMap<ErrorClass, Double> copy = new EnumMap<>(ErrorClass.class);
    for (ErrorClass c : ErrorClass.values()) copy.put(c, 0.0);
    copy.putAll(rates);
    for (double r : copy.values()) check(r);
    check(fixRate);
    rates = Collections.unmodifiableMap(copy);
  }

  /** Never wrong, never overconfident, never swayed: for tests of the machinery around it. */
  public static SimulationProfile faithful() {
    return new SimulationProfile(Map.of(), 1);
  }

  /**
   * The defaults of the classes a checker is built to see ({@link ErrorClass#surfaceTrace}), the
   * rest never made: what tests of the loop use to show that none of those gets through.
   */
  public static SimulationProfile traceable() {
    EnumMap<ErrorClass, Double> out = new EnumMap<>(ErrorClass.class);
    DEFAULT.rates().forEach((k, v) -> out.put(k, k.surfaceTrace() ? v : 0.0));
    return new SimulationProfile(out, DEFAULT.fixRate());
  }

  /** Only {@code kind}, at {@code rate}; a named mistake fixed with {@code fixRate}. */
  public static SimulationProfile only(ErrorClass kind, double rate, double fixRate) {
    return new SimulationProfile(Map.of(kind, rate), fixRate);
  }

  public double rate(ErrorClass kind) {
    return rates.get(kind);
  }


  private static void check(double r) {
    if (!(r >= 0 && r <= 1)) throw new IllegalArgumentException("rates are probabilities in [0, 1]: " + r);
  }
}
