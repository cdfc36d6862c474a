package io.veritrace.reasoners.local;

import java.util.Arrays;

/**
 * A tensor in Java memory: float32 values in row-major order. Checkpoints are read into this form
 * whatever their stored dtype (bf16 and fp16 are widened here, in Java, because the CPU engine
 * aborts on bf16 tensors) before they become engine tensors.
 */
public record HostTensor(long[] shape, float[] values) {

  public HostTensor {
    shape = shape.clone();
    if (elements(shape) != values.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + elements(shape) + " values, not " + values.length);
    }
  }

  /** The number of elements of {@code shape}; fails on negative dimensions or overflow. */
  public static long elements(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }
}
