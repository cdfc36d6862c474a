package io.veritrace.reasoners.local;

import java.util.Arrays;
import java.util.Random;

/**
 * How the next token is chosen: greedily (temperature 0), or drawn from the softmax at
 * {@code temperature} restricted to the smallest set of tokens whose probability reaches
 * {@code topP} (nucleus sampling). Draws come from a {@link Random} seeded with {@code seed},
 * so the same seed gives the same text.
 */
public record Sampling(double temperature, double topP, long seed, int maxNewTokens) {

  public Sampling {
    if (!(temperature >= 0) || temperature > 100) throw new IllegalArgumentException("temperature must be in [0, 100]: " + temperature);
    if (!(topP > 0) || topP > 1) throw new IllegalArgumentException("top-p must be in (0, 1]: " + topP);
    if (maxNewTokens < 1) throw new IllegalArgumentException("maxNewTokens must be >= 1: " + maxNewTokens);
  }

  public static Sampling greedy(int maxNewTokens) {
    return new Sampling(0, 1, 0, maxNewTokens);
  }

  public Sampling withSeed(long newSeed) {
    return new Sampling(temperature, topP, newSeed, maxNewTokens);
  }

  /** The token to emit after {@code logits}. */
  public int pick(float[] logits, Random rnd) {
    if (temperature == 0) return argmax(logits);
    double max = logits[argmax(logits)];
    double[] p = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp((logits[i] - max) / temperature);
    if (topP == 1) return draw(p, sum, rnd); // the whole distribution: no need to sort it
    Integer[] order = new Integer[p.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
    // the nucleus: most probable tokens until their mass reaches top-p; always at least one
    int keep = 0;
    double mass = 0;
    while (keep < order.length && (keep == 0 || mass < topP * sum)) mass += p[order[keep++]];
    double r = rnd.nextDouble() * mass;
    for (int i = 0; i < keep; i++) {
      r -= p[order[i]];
      if (r < 0) return order[i];
    }
    return order[keep - 1];
  }

  private static int draw(double[] p, double sum, Random rnd) {
    double r = rnd.nextDouble() * sum;
    for (int i = 0; i < p.length; i++) {
      r -= p[i];
      if (r < 0) return i;
    }
    return p.length - 1;
  }

  static int argmax(float[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
    return best;
  }
}
