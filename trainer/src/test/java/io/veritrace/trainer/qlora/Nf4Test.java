package io.veritrace.trainer.qlora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.veritrace.reasoners.local.HostTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Nf4Test {

  private static HostTensor normal(long seed, double std, long... shape) {
    Random rnd = new Random(seed);
    float[] v = new float[(int) HostTensor.elements(shape)];
    for (int i = 0; i < v.length; i++) v[i] = (float) (rnd.nextGaussian() * std);
    return new HostTensor(shape, v);
  }

  private static float largestGap(float[] code) {
    float gap = 0;
    for (int i = 1; i < code.length; i++) gap = Math.max(gap, code[i] - code[i - 1]);
    return gap;
  }

  /**
   * The bound NF4 with double-quantised scales has, element by element: rounding to the nearest
   * code value errs by at most half the widest gap between neighbouring values (0.2770 between
   * 0.7230 and 1, so 0.1385) times the block's absmax; recovering the absmax from its 8-bit code
   * errs by at most half the widest gap of the dynamic map times the block of 256's absmax; the
   * two add up, because the dequantised value is the code value times the recovered absmax.
   */
  @Test
  void errorOnNormalWeightsStaysWithinTheBound() {
    HostTensor w = normal(1, 0.02, 300, 577); // 2,705 blocks of 64 (the last partial), 11 blocks of 256 scales
    Nf4Tensor q = Nf4Tensor.quantize(w);
    float[] v = w.values(), back = q.dequantize().values(), absmax = q.absmax();
    double halfGap = largestGap(Nf4Tensor.NF4) / 2, halfScaleGap = largestGap(Nf4Tensor.DYNAMIC) / 2;
    double squared = 0;
    for (int i = 0; i < v.length; i++) {
      int block = i / Nf4Tensor.BLOCK;
      float trueMax = 0;
      for (int j = block * 64; j < Math.min(v.length, block * 64 + 64); j++) trueMax = Math.max(trueMax, Math.abs(v[j]));
      double scaleError = halfScaleGap * q.scaleAbsmax()[block / Nf4Tensor.SCALE_BLOCK];
      assertTrue(Math.abs(absmax[block] - trueMax) <= scaleError * 1.0001 + 1e-9, "absmax of block " + block);
      double bound = halfGap * trueMax + scaleError + 1e-7;
      assertTrue(Math.abs(v[i] - back[i]) <= bound, "value " + i + ": " + v[i] + " came back as " + back[i] + ", bound " + bound);
      squared += (v[i] - back[i]) * (double) (v[i] - back[i]);
    }
    // on N(0, σ²) the RMS error is about 0.1 σ (the code is built for normal weights); a uniform
    // 4-bit grid over the same absmax gives about 0.12 σ
    double relativeRms = Math.sqrt(squared / v.length) / 0.02;
    assertTrue(relativeRms < 0.11, "relative RMS error " + relativeRms);
    assertTrue(relativeRms > 0.05, "suspiciously exact: " + relativeRms);
  }

  @Test
  void firstValueGoesToTheHighNibble() {
    float[] v = new float[64];
    v[0] = 1f; // code 15
    v[1] = -1f; // code 0
    v[2] = 0.5f; // nearer 0.4407 (code 12) than 0.5626 (code 13)
    v[3] = 0f; // code 7
    Nf4Tensor q = Nf4Tensor.quantize(new HostTensor(new long[] {64}, v));
    assertEquals((byte) 0xF0, q.packed()[0]);
    assertEquals((byte) 0xC7, q.packed()[1]);
    assertEquals(15, q.code(0));
    assertEquals(0, q.code(1));
    assertEquals(12, q.code(2));
  }

  @Test
  void aBlockOfZerosStaysZero() {
    float[] v = new float[130];
    v[129] = 3f;
    HostTensor back = Nf4Tensor.quantize(new HostTensor(new long[] {130}, v)).dequantize();
    for (int i = 0; i < 128; i++) assertEquals(0f, Math.abs(back.values()[i])); // code 7 is 0.0 whatever the recovered absmax
    assertEquals(3f, back.values()[129], 3f * 0.01f);
  }

  /** 0.5 for the codes + 1/64 for the scale codes + 4/(64·256) for the second-level scales. */
  @Test
  void aboutHalfAByteAParameterWithScales() {
    Nf4Tensor q = Nf4Tensor.quantize(normal(2, 0.02, 1536, 576)); // SmolLM2-135M's MLP up projection
    double perParameter = (double) q.bytes() / q.size();
    System.out.printf("NF4 bytes per parameter, scales included: %.4f%n", perParameter);
    assertEquals(0.5 + 1.0 / 64 + 4.0 / (64 * 256), perParameter, 1e-5);
    assertTrue(perParameter <= 0.55);
  }

  @Test
  void theEngineDequantisesExactlyAsJavaDoes() {
    HostTensor w = normal(3, 0.05, 37, 29); // odd count, partial last block
    Nf4Tensor q = Nf4Tensor.quantize(w);
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      Nf4Linear linear = new Nf4Linear(q, null, m, DataType.FLOAT32);
      assertArrayEquals(q.dequantize().values(), linear.weight().toFloatArray());
      assertArrayEquals(new long[] {37, 29}, linear.weight().getShape().getShape());
    }
  }

  @Test
  void packingAndDoubleQuantisedScalesMatchTheNumpyReimplementation(@TempDir Path dir) throws Exception {
    assumeTrue(numpyAvailable(), "python3 with numpy is not installed");
    for (long[] shape : new long[][] {{211, 301}, {3, 7, 11}}) { // 993 blocks: 4 scale blocks, the last partial; an odd count
      HostTensor w = normal(shape.length, 0.03, shape);
      Path in = Files.createDirectories(dir.resolve("in" + shape.length)), out = dir.resolve("out" + shape.length);
      ByteBuffer values = ByteBuffer.allocate(w.values().length * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (float f : w.values()) values.putFloat(f);
      Files.write(in.resolve("values.f32"), values.array());
      Process p = new ProcessBuilder("python3", "src/test/python/nf4_reference.py", in.toString(), out.toString())
          .redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "reference timed out");
      assertEquals(0, p.exitValue(), log);
      Nf4Tensor q = Nf4Tensor.quantize(w);
      assertArrayEquals(floats(out.resolve("dynamic.f32")), Nf4Tensor.DYNAMIC, "8-bit dynamic map");
      assertArrayEquals(Files.readAllBytes(out.resolve("packed.u8")), q.packed(), "packed codes");
      assertEquals(floats(out.resolve("offset.f32"))[0], q.offset(), "offset");
      assertArrayEquals(floats(out.resolve("scale_absmax.f32")), q.scaleAbsmax(), "second-level absmax");
      assertArrayEquals(Files.readAllBytes(out.resolve("scale_codes.u8")), q.scaleCodes(), "scale codes");
    }
  }

  private static float[] floats(Path file) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] f = new float[b.remaining() / 4];
    for (int i = 0; i < f.length; i++) f[i] = b.getFloat();
    return f;
  }

  static boolean numpyAvailable() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException | InterruptedException e) {
      return false;
    }
  }
}
