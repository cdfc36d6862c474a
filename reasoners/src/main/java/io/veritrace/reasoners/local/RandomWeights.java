package io.veritrace.reasoners.local;

import java.util.SplittableRandom;

/**
 * Seeded random parameters for a model of a given architecture: for tests, benchmarks and demos
 * that must not download a real checkpoint. Each tensor draws from its own stream seeded by
 * (seed, name), so a tensor's values do not depend on which others were loaded first. Matrices
 * are uniform with standard deviation {@code scale}; norm weights are near 1, as trained ones are.
 */
public record RandomWeights(long seed, double scale) implements Weights {

  @Override
  public HostTensor load(String name, long... shape) {
    SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
    long n = HostTensor.elements(shape);
    if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(name + ": too large for one array");
    float[] v = new float[(int) n];
    boolean norm = name.endsWith("norm.weight");
    double half = Math.sqrt(3) * (norm ? 0.1 : scale); // uniform on [-a, a] has standard deviation a / sqrt(3)
    for (int i = 0; i < v.length; i++) v[i] = (float) ((norm ? 1 : 0) + (rnd.nextDouble() * 2 - 1) * half);
    return new HostTensor(shape, v);
  }
}
