package io.veritrace.trainer.qlora;

import io.veritrace.reasoners.local.HostTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A weight quantised to 4-bit NormalFloat as bitsandbytes does it ({@code quantize_4bit} with
 * {@code quant_type="nf4"}, {@code blocksize=64}, {@code compress_statistics=True}): the row-major
 * values in blocks of 64, each divided by its block's absolute maximum and rounded to the nearest
 * of the 16 NF4 code values (ties to the lower code); two codes per byte, the first in the high
 * nibble. The absmax scales are quantised again (double quantisation): their mean is subtracted
 * and the rest is quantised to bitsandbytes' signed 8-bit dynamic map in blocks of 256, each with a
 * float32 absmax of its own.
 *
 * @param shape the weight's shape
 * @param packed ceil(n / 2) bytes of codes
 * @param scaleCodes one 8-bit code per block of 64: the index into {@link #DYNAMIC} of (absmax − offset) / scaleAbsmax
 * @param scaleAbsmax one float32 per block of 256 scale codes
 * @param offset the mean of the float32 absmax values
 */
public record Nf4Tensor(long[] shape, byte[] packed, byte[] scaleCodes, float[] scaleAbsmax, float offset) {

  public static final int BLOCK = 64;
  public static final int SCALE_BLOCK = 256;

  /** bitsandbytes' NF4 code values (quantiles of N(0, 1) scaled to [-1, 1], with an exact zero), by code. */
  public static final float[] NF4 = {
      -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
      -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f,
      0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f,
      0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f};

  /** bitsandbytes' {@code create_dynamic_map(signed=True)}: the 8-bit code of the double-quantised scales. */
  public static final float[] DYNAMIC = dynamicMap();

  public Nf4Tensor {
    shape = shape.clone();
    long n = HostTensor.elements(shape);
    long blocks = (n + BLOCK - 1) / BLOCK;
    if (packed.length != (n + 1) / 2 || scaleCodes.length != blocks || scaleAbsmax.length != (blocks + SCALE_BLOCK - 1) / SCALE_BLOCK) {
      throw new IllegalArgumentException("NF4 parts do not fit shape " + Arrays.toString(shape));
    }
  }

  /** Quantises {@code t}. A block of zeros gets absmax 0 and code 7 (0.0) throughout. */
  public static Nf4Tensor quantize(HostTensor t) {
    float[] v = t.values();
    int n = v.length;
    int blocks = (n + BLOCK - 1) / BLOCK;
    float[] absmax = new float[blocks];
    byte[] packed = new byte[(n + 1) / 2];
    for (int b = 0; b < blocks; b++) {
      int from = b * BLOCK, to = Math.min(n, from + BLOCK);
      float max = 0;
      for (int i = from; i < to; i++) max = Math.max(max, Math.abs(v[i]));
      absmax[b] = max;
      float inverse = 1f / max; // bitsandbytes multiplies by the float32 reciprocal
      for (int i = from; i < to; i++) {
        int code = max == 0 ? 7 : nearest(NF4, Math.max(-1f, Math.min(1f, v[i] * inverse)));
        packed[i / 2] |= (byte) (i % 2 == 0 ? code << 4 : code);
      }
    }
    double sum = 0;
    for (float a : absmax) sum += a;
    float offset = (float) (sum / blocks);
    int scaleBlocks = (blocks + SCALE_BLOCK - 1) / SCALE_BLOCK;
    byte[] codes = new byte[blocks];
    float[] scaleAbsmax = new float[scaleBlocks];
    for (int s = 0; s < scaleBlocks; s++) {
      int from = s * SCALE_BLOCK, to = Math.min(blocks, from + SCALE_BLOCK);
      float max = 0;
      for (int i = from; i < to; i++) max = Math.max(max, Math.abs(absmax[i] - offset));
      scaleAbsmax[s] = max;
      float inverse = 1f / max;
      for (int i = from; i < to; i++) {
        codes[i] = (byte) (max == 0 ? nearest(DYNAMIC, 0f) : nearest(DYNAMIC, Math.max(-1f, Math.min(1f, (absmax[i] - offset) * inverse))));
      }
    }
    return new Nf4Tensor(t.shape(), packed, codes, scaleAbsmax, offset);
  }

  /** The number of values. */
  public long size() {
    return HostTensor.elements(shape);
  }

  /** The float32 absmax of each block of 64, as bitsandbytes recovers it: DYNAMIC[code] · scaleAbsmax + offset. */
  public float[] absmax() {
    float[] a = new float[scaleCodes.length];
    for (int i = 0; i < a.length; i++) a[i] = DYNAMIC[scaleCodes[i] & 0xFF] * scaleAbsmax[i / SCALE_BLOCK] + offset;
    return a;
  }

  /** The 4-bit code of value {@code i}. */
  public int code(long i) {
    int b = packed[(int) (i / 2)] & 0xFF;
    return i % 2 == 0 ? b >>> 4 : b & 0x0F;
  }

  /** The dequantised weight, NF4[code] · absmax per value, in float32. */
  public HostTensor dequantize() {
    float[] absmax = absmax();
    float[] v = new float[(int) size()];
    for (int i = 0; i < v.length; i++) v[i] = NF4[code(i)] * absmax[i / BLOCK];
    return new HostTensor(shape, v);
  }

  /** Bytes held: the packed codes, one byte per block of 64, four per block of 256 and the offset. */
  public long bytes() {
    return packed.length + scaleCodes.length + 4L * scaleAbsmax.length + 4;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  // argmin |x - code[j]| in float32, the first on ties, as torch.argmin does
  static int nearest(float[] code, float x) {
    int best = 0;
    float bestDistance = Math.abs(x - code[0]);
    for (int j = 1; j < code.length; j++) {
      float d = Math.abs(x - code[j]);
      if (d < bestDistance) {
        best = j;
        bestDistance = d;
      }
    }
    return best;
  }

  /**
   * create_dynamic_map(signed=True, max_exponent_bits=7, total_bits=8): for exponent i in 0..6,
   * the midpoints of linspace(0.1, 1, 2^i + 1) times 10^(i-6), with both signs, then 0 and 1;
   * sorted. Float32 throughout, linspace computed as torch does on the CPU (from the start for
   * the first half, from the end for the second).
   */
  private static float[] dynamicMap() {
    List<Float> data = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      int items = (1 << i) + 1;
      float[] bounds = linspace(0.1f, 1f, items);
      float scale = (float) Math.pow(10, i - 6);
      for (int j = 0; j + 1 < items; j++) {
        float mean = (bounds[j] + bounds[j + 1]) / 2f;
        data.add(scale * mean);
        data.add(-(scale * mean));
      }
    }
    data.add(0f);
    data.add(1f);
    float[] map = new float[data.size()];
    for (int i = 0; i < map.length; i++) map[i] = data.get(i);
    Arrays.sort(map);
    if (map.length != 256) throw new AssertionError(map.length);
    return map;
  }

  private static float[] linspace(float start, float end, int steps) {
    float step = (end - start) / (steps - 1);
    float[] v = new float[steps];
    for (int i = 0; i < steps; i++) v[i] = i < steps / 2 ? start + step * i : end - step * (steps - i - 1);
    return v;
  }
}
