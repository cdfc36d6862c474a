package io.veritrace.reasoners.simulated;

/**
 * How fallible the simulated reasoner is. Rates are probabilities per proposal.
 *
 * @param slipRate an arithmetic slip: one result is wrong, and later steps carry it on
 * @param ungroundedRate one operand replaced by a number from nowhere (arithmetic kept right)
 * @param unboundRate a final answer that is not the result of the steps
 * @param overconfidentRate answers an unanswerable question instead of asking or refusing
 * @param fixProbability given the Corrector's findings, the chance it fixes them
 */
public record SimulationProfile(
    double slipRate, double ungroundedRate, double unboundRate, double overconfidentRate, double fixProbability) {

  /** Error rates in the range measured for small open models on grade-school arithmetic. */
  public static final SimulationProfile DEFAULT = new SimulationProfile(0.15, 0.08, 0.05, 0.7, 0.8);

  /** Never wrong, never overconfident: for tests of the machinery around it. */
  public static SimulationProfile faithful() {
    return new SimulationProfile(0, 0, 0, 0, 1);
  }

  public SimulationProfile {
    for (double r : new double[] {slipRate, ungroundedRate, unboundRate, overconfidentRate, fixProbability}) {
      if (r < 0 || r > 1) throw new IllegalArgumentException("rates are probabilities in [0, 1]: " + r);
    }
  }
}
