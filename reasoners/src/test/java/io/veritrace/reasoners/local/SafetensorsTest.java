package io.veritrace.reasoners.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

  @TempDir Path tmp;

  private static Map<String, HostTensor> sample() {
    Map<String, HostTensor> t = new LinkedHashMap<>();
    t.put("a.weight", new HostTensor(new long[] {2, 3}, new float[] {1, -2, 0.5f, 3.25f, -0f, 1e-3f}));
    t.put("b", new HostTensor(new long[] {4}, new float[] {65504, -1, 0.099975586f, 7}));
    t.put("scalar", new HostTensor(new long[] {}, new float[] {42}));
    return t;
  }

  @Test
  void writesAndReadsBackEachDtype() throws Exception {
    for (Safetensors.DType dtype : Safetensors.DType.values()) {
      Path f = tmp.resolve(dtype + ".safetensors");
      Safetensors.write(f, sample(), dtype);
      try (Safetensors s = Safetensors.open(f)) {
        assertEquals(Set.of("a.weight", "b", "scalar"), s.names());
        assertEquals(dtype, s.entry("b").dtype());
        for (Map.Entry<String, HostTensor> e : sample().entrySet()) {
          HostTensor back = s.read(e.getKey());
          assertArrayEquals(e.getValue().shape(), back.shape());
          for (int i = 0; i < back.values().length; i++) {
            float want = e.getValue().values()[i];
            float tolerance = dtype == Safetensors.DType.F32 ? 0 : dtype == Safetensors.DType.F16 ? 1e-3f : 8e-3f;
            assertEquals(want, back.values()[i], tolerance * Math.abs(want), dtype + " " + e.getKey() + "[" + i + "]");
          }
        }
      }
      // the layout the format prescribes: header length, then a header padded to 8 bytes
      ByteBuffer head = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
      long n = head.getLong();
      assertEquals(0, n % 8);
      assertTrue(new String(Files.readAllBytes(f), 8, (int) n, StandardCharsets.UTF_8).contains("\"dtype\":\"" + dtype + "\""));
    }
  }

  @Test
  void halfPrecisionConversionsRoundTripEveryValueAndRoundToNearestEven() {
    for (int bits = 0; bits < 0x10000; bits++) {
      short h = (short) bits;
      float f = Safetensors.halfToFloat(h);
      if (Float.isNaN(f)) continue;
      assertEquals(h, Safetensors.floatToHalf(f), "f16 " + Integer.toHexString(bits));
      float b = Safetensors.bfloat16ToFloat(h);
      if (!Float.isNaN(b)) assertEquals(h, Safetensors.floatToBfloat16(b), "bf16 " + Integer.toHexString(bits));
    }
    assertEquals(1f, Safetensors.halfToFloat(Safetensors.floatToHalf(1.0004882f))); // exactly halfway: to even
    assertEquals(1.0019531f, Safetensors.halfToFloat(Safetensors.floatToHalf(1.0014648f))); // halfway above an odd: up to the even
    assertEquals(Float.POSITIVE_INFINITY, Safetensors.halfToFloat(Safetensors.floatToHalf(1e6f)));
    assertEquals(0x1p-24f, Safetensors.halfToFloat(Safetensors.floatToHalf(0x1p-24f))); // smallest subnormal
    assertEquals(1f, Safetensors.bfloat16ToFloat(Safetensors.floatToBfloat16(1.00390625f))); // halfway: to even
  }

  private Path raw(String header, int dataBytes) throws Exception {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    Path f = Files.createTempFile(tmp, "bad", ".safetensors");
    Files.write(f, b.array());
    return f;
  }

  private static String failure(Path f) {
    return assertThrows(CheckpointException.class, () -> Safetensors.open(f).close()).getMessage();
  }

  @Test
  void malformedFilesFailWithTheReason() throws Exception {
    Path tiny = tmp.resolve("tiny.safetensors");
    Files.write(tiny, new byte[] {1, 2, 3});
    assertTrue(failure(tiny).contains("not a safetensors file"));

    Path huge = tmp.resolve("huge.safetensors");
    Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE).array());
    assertTrue(failure(huge).contains("header length"), failure(huge));

    assertTrue(failure(raw("{not json", 0)).contains("malformed header"));
    assertTrue(failure(raw("[1,2]", 0)).contains("not a JSON object"));
    assertTrue(failure(raw("{\"w\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8)).contains("tensor 'w' has dtype 'I64'"));
    assertTrue(failure(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4)).contains("tensor 'w' has data_offsets [0, 8] outside the 4 data bytes"));
    assertTrue(failure(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8)).contains("tensor 'w' has 8 bytes for 3 F32 values"));
    assertTrue(failure(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,8]}}", 8)).contains("tensor 'w' has a bad dimension"));
    assertTrue(failure(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4294967296],\"data_offsets\":[0,8]}}", 8))
        .contains("too large"));
  }

  @Test
  void shardedCheckpointsAreReadThroughTheirIndex() throws Exception {
    Map<String, HostTensor> t = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) t.put("layer" + i, new HostTensor(new long[] {2, 2}, new float[] {i, i + 1, i + 2, i + 3}));
    Checkpoint.writeSharded(tmp, t, Safetensors.DType.F32, 40); // two tensors of 16 bytes per shard
    assertTrue(Files.exists(tmp.resolve("model-00003-of-00003.safetensors")));
    try (Checkpoint c = Checkpoint.open(tmp)) {
      assertEquals(t.keySet(), c.names());
      assertArrayEquals(new float[] {4, 5, 6, 7}, c.load("layer4", 2, 2).values());
      CheckpointException missing = assertThrows(CheckpointException.class, () -> c.load("layer9", 2, 2));
      assertTrue(missing.getMessage().contains("missing tensor 'layer9' [2, 2]"), missing.getMessage());
      CheckpointException shape = assertThrows(CheckpointException.class, () -> c.load("layer1", 4));
      assertTrue(shape.getMessage().contains("tensor 'layer1' has shape [2, 2] but the configuration needs [4]"), shape.getMessage());
    }
  }

  @Test
  void anIndexMayNotPointOutsideItsFolderOrAtTensorsItsShardLacks() throws Exception {
    Safetensors.write(tmp.resolve("model-1.safetensors"), sample(), Safetensors.DType.F32);
    Files.writeString(tmp.resolve(Checkpoint.INDEX), "{\"weight_map\":{\"b\":\"../../etc/model.safetensors\"}}");
    assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.open(tmp)).getMessage().contains("bad shard name '../../etc/model.safetensors'"));
    Files.writeString(tmp.resolve(Checkpoint.INDEX), "{\"weight_map\":{\"nope\":\"model-1.safetensors\"}}");
    assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.open(tmp)).getMessage().contains("tensor 'nope' is not in its shard"));
    Files.writeString(tmp.resolve(Checkpoint.INDEX), "{\"weights\":{}}");
    assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.open(tmp)).getMessage().contains("no \"weight_map\""));
    Files.delete(tmp.resolve(Checkpoint.INDEX));
    Files.delete(tmp.resolve("model-1.safetensors"));
    assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.open(tmp)).getMessage().contains("no model.safetensors"));
  }
}
