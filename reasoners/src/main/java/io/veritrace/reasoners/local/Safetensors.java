package io.veritrace.reasoners.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One safetensors file: an 8-byte little-endian header length, a JSON header mapping each tensor
 * name to its dtype, shape and byte range, then the raw little-endian data. Tensors are read one
 * at a time with positional reads (shards are often larger than one memory map may be), and
 * widened to float32 in Java.
 */
public final class Safetensors implements AutoCloseable {

  /** Stored element types this reader understands. */
  public enum DType {
    F32(4),
    F16(2),
    BF16(2);

    final int bytes;

    DType(int bytes) {
      this.bytes = bytes;
    }
  }

  /** Where one tensor lies in the file; offsets are relative to the start of the data. */
  public record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    @Override
    public long[] shape() {
      return shape.clone();
    }
  }

  /** The format's own limit on the header; it also bounds what a malformed file can make us allocate. */
  static final long MAX_HEADER = 100L << 20;

  private static final int CHUNK = 1 << 24;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, Entry> entries;

  private Safetensors(Path file, FileChannel channel, long dataStart, Map<String, Entry> entries) {
    this.file = file;
    this.channel = channel;
    this.dataStart = dataStart;
    this.entries = entries;
  }

  /** Opens {@code file} and reads its header; the data is read by {@link #read}. */
  public static Safetensors open(Path file) {
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
      long size = channel.size();
      if (size < 8) throw new CheckpointException(file + ": not a safetensors file (" + size + " bytes)");
      long headerLength = readFully(channel, 0, 8).getLong();
      if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > size - 8) {
        throw new CheckpointException(file + ": header length " + headerLength + " does not fit a file of " + size + " bytes");
      }
      ByteBuffer header = readFully(channel, 8, (int) headerLength);
      String json = StandardCharsets.UTF_8.decode(header).toString();
      Map<String, Entry> entries = parseHeader(file, json, size - 8 - headerLength);
      return new Safetensors(file, channel, 8 + headerLength, entries);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new CheckpointException(file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static Map<String, Entry> parseHeader(Path file, String json, long dataLength) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new CheckpointException(file + ": malformed header: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) throw new CheckpointException(file + ": header is not a JSON object");
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      if (name.equals("__metadata__")) continue;
      JsonNode node = field.getValue();
      String where = file + ": tensor '" + name + "'";
      DType dtype;
      try {
        dtype = DType.valueOf(node.path("dtype").asText(""));
      } catch (IllegalArgumentException e) {
        throw new CheckpointException(where + " has dtype '" + node.path("dtype").asText("") + "'; supported: F32, F16, BF16");
      }
      JsonNode shapeNode = node.path("shape");
      JsonNode offsets = node.path("data_offsets");
      if (!shapeNode.isArray() || shapeNode.size() > 8 || !offsets.isArray() || offsets.size() != 2) {
        throw new CheckpointException(where + " needs a shape (at most 8 dimensions) and two data_offsets");
      }
      long[] shape = new long[shapeNode.size()];
      for (int i = 0; i < shape.length; i++) {
        if (!shapeNode.get(i).canConvertToLong() || shapeNode.get(i).asLong() < 0) {
          throw new CheckpointException(where + " has a bad dimension " + shapeNode.get(i));
        }
        shape[i] = shapeNode.get(i).asLong();
      }
      long begin = offsets.get(0).asLong(-1);
      long end = offsets.get(1).asLong(-1);
      long elements;
      try {
        elements = HostTensor.elements(shape);
      } catch (ArithmeticException e) {
        throw new CheckpointException(where + " has a shape too large to address");
      }
      if (begin < 0 || end < begin || end > dataLength) {
        throw new CheckpointException(where + " has data_offsets [" + begin + ", " + end + "] outside the " + dataLength + " data bytes");
      }
      if (end - begin != elements * dtype.bytes) {
        throw new CheckpointException(where + " has " + (end - begin) + " bytes for " + elements + " " + dtype + " values");
      }
      entries.put(name, new Entry(name, dtype, shape, begin, end));
    }
    return Collections.unmodifiableMap(entries);
  }

  public Set<String> names() {
    return entries.keySet();
  }

  /** The tensor's header entry, or null when the file has no such tensor. */
  public Entry entry(String name) {
    return entries.get(name);
  }

  /** Reads a tensor and widens it to float32. */
  public HostTensor read(String name) {
    Entry e = entries.get(name);
    if (e == null) throw new CheckpointException(file + ": no tensor '" + name + "'");
    long count = (e.end - e.begin) / e.dtype.bytes;
    if (count > Integer.MAX_VALUE - 8) throw new CheckpointException(file + ": tensor '" + name + "' has more values than one Java array holds");
    float[] values = new float[(int) count];
    int done = 0;
    try {
      while (done < values.length) {
        int n = Math.min(values.length - done, CHUNK / e.dtype.bytes);
        ByteBuffer buf = readFully(channel, dataStart + e.begin + (long) done * e.dtype.bytes, n * e.dtype.bytes);
        switch (e.dtype) {
          case F32 -> buf.asFloatBuffer().get(values, done, n);
          case F16 -> {
            for (int i = 0; i < n; i++) values[done + i] = halfToFloat(buf.getShort());
          }
          case BF16 -> {
            for (int i = 0; i < n; i++) values[done + i] = bfloat16ToFloat(buf.getShort());
          }
        }
        done += n;
      }
    } catch (IOException ex) {
      throw new CheckpointException(file + ": reading tensor '" + name + "': " + ex.getMessage(), ex);
    }
    return new HostTensor(e.shape, values);
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }

  /** Writes {@code tensors}, in iteration order, stored as {@code dtype}. */
  public static void write(Path file, Map<String, HostTensor> tensors, DType dtype) throws IOException {
    ObjectNode header = JSON.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Map.Entry<String, HostTensor> t : tensors.entrySet()) {
      ObjectNode node = header.putObject(t.getKey());
      node.put("dtype", dtype.name());
      var shape = node.putArray("shape");
      for (long d : t.getValue().shape()) shape.add(d);
      long length = (long) t.getValue().values().length * dtype.bytes;
      node.putArray("data_offsets").add(offset).add(offset + length);
      offset += length;
    }
    byte[] json = JSON.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8; // the format pads the header with spaces to 8 bytes
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
      head.putLong(padded).put(json);
      while (head.hasRemaining()) head.put((byte) ' ');
      writeFully(out, head.flip());
      ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
      for (HostTensor t : tensors.values()) {
        for (float v : t.values()) {
          if (buf.remaining() < 4) writeFully(out, buf.flip()).clear();
          switch (dtype) {
            case F32 -> buf.putFloat(v);
            case F16 -> buf.putShort(floatToHalf(v));
            case BF16 -> buf.putShort(floatToBfloat16(v));
          }
        }
      }
      writeFully(out, buf.flip());
    }
  }

  static float bfloat16ToFloat(short b) {
    return Float.intBitsToFloat((b & 0xffff) << 16);
  }

  /** Rounds to nearest, ties to even, as PyTorch does. */
  static short floatToBfloat16(float f) {
    if (Float.isNaN(f)) return (short) 0x7fc0;
    int bits = Float.floatToRawIntBits(f);
    bits += 0x7fff + ((bits >>> 16) & 1);
    return (short) (bits >>> 16);
  }

  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    if (exp == 0) {
      float v = mantissa * 0x1p-24f; // zero or subnormal
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mantissa << 13));
  }

  /** Rounds to nearest, ties to even; beyond the half range gives infinity. */
  static short floatToHalf(float f) {
    int sign = (Float.floatToRawIntBits(f) >>> 16) & 0x8000;
    if (Float.isNaN(f)) return (short) (sign | 0x7e00);
    float a = Math.abs(f);
    if (a >= 65520f) return (short) (sign | 0x7c00);
    if (a < 0x1p-14f) return (short) (sign | (int) Math.rint(a * 0x1p24)); // subnormal; 1024 rolls into the smallest normal
    int bits = Float.floatToRawIntBits(a);
    int half = ((((bits >>> 23) - 112) << 10) | ((bits & 0x7fffff) >>> 13));
    int rest = bits & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) half++; // a carry rolls into the exponent, as it should
    return (short) (sign | half);
  }

  private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buf.hasRemaining()) {
      int n = channel.read(buf, position + buf.position());
      if (n < 0) throw new IOException("unexpected end of file at byte " + (position + buf.position()));
    }
    return buf.flip();
  }

  private static ByteBuffer writeFully(FileChannel out, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) out.write(buf);
    return buf;
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) return;
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing was written through it
    }
  }
}
