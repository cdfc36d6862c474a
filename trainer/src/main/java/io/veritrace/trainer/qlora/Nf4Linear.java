package io.veritrace.trainer.qlora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import io.veritrace.reasoners.local.HostTensor;
import io.veritrace.reasoners.local.Llama;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A frozen linear layer whose weight lives on the engine as NF4 ({@link Nf4Tensor}) and is
 * dequantised on every call: the packed bytes index a 256 × 2 table of code pairs (the engine
 * has no bitwise operations, and one lookup unpacks both nibbles), the scale codes index the
 * 8-bit dynamic map. Only the dequantised copy of the layer being computed exists in full
 * precision, and only for the duration of the call.
 */
public final class Nf4Linear implements Llama.Projection {

  /** Quantises each block's linear layers to NF4; biases stay dense. */
  public static final Llama.Projections PROJECTIONS = (module, weight, bias, manager, dtype) ->
      new Nf4Linear(Nf4Tensor.quantize(weight), bias, manager, dtype);

  private final long[] shape; // [out, in]
  private final long size;
  private final NDArray packed; // [blocks * 32] uint8, zero-padded to whole blocks
  private final NDArray scaleCodes; // [scaleBlocks * 256] uint8, zero-padded
  private final NDArray scaleAbsmax; // [scaleBlocks, 1] float32
  private final float offset;
  private final NDArray pairs; // [256, 2] float32: NF4 of the high and the low nibble of each byte
  private final NDArray dynamic; // [256, 1] float32
  private final NDArray bias; // [out] or null
  private final DataType dtype;
  private final long bytes;

  Nf4Linear(Nf4Tensor w, HostTensor bias, NDManager manager, DataType dtype) {
    this.shape = w.shape();
    this.size = w.size();
    long blocks = w.scaleCodes().length;
    long scaleBlocks = w.scaleAbsmax().length;
    this.packed = manager.create(ByteBuffer.wrap(Arrays.copyOf(w.packed(), (int) blocks * Nf4Tensor.BLOCK / 2)),
        new Shape(blocks * Nf4Tensor.BLOCK / 2), DataType.UINT8);
    this.scaleCodes = manager.create(ByteBuffer.wrap(Arrays.copyOf(w.scaleCodes(), (int) scaleBlocks * Nf4Tensor.SCALE_BLOCK)),
        new Shape(scaleBlocks * Nf4Tensor.SCALE_BLOCK), DataType.UINT8);
    this.scaleAbsmax = manager.create(w.scaleAbsmax(), new Shape(scaleBlocks, 1));
    this.offset = w.offset();
    float[] table = new float[512];
    for (int b = 0; b < 256; b++) {
      table[2 * b] = Nf4Tensor.NF4[b >>> 4];
      table[2 * b + 1] = Nf4Tensor.NF4[b & 0x0F];
    }
    this.pairs = manager.create(table, new Shape(256, 2));
    this.dynamic = manager.create(Nf4Tensor.DYNAMIC, new Shape(256, 1));
    this.bias = bias == null ? null : manager.create(bias.values(), new Shape(bias.shape())).toType(dtype, false);
    this.dtype = dtype;
    this.bytes = w.bytes();
  }

  /** The weight [out, in] in the model's dtype, dequantised now. */
  public NDArray weight() {
    long blocks = packed.getShape().get(0) * 2 / Nf4Tensor.BLOCK;
    NDArray absmax = lookup(scaleCodes, dynamic) // [scaleBlocks * 256]
        .reshape(-1, Nf4Tensor.SCALE_BLOCK).mul(scaleAbsmax).reshape(-1).add(offset) // DYNAMIC[code] · absmax2 + offset
        .get(new NDIndex(":{}", blocks)); // [blocks]
    NDArray values = lookup(packed, pairs) // [blocks * 32, 2]: both nibbles of each byte, high first
        .reshape(blocks, Nf4Tensor.BLOCK).mul(absmax.reshape(blocks, 1)).reshape(-1); // [blocks * 64]
    if (values.getShape().get(0) != size) values = values.get(new NDIndex(":{}", size));
    return values.reshape(new Shape(shape)).toType(dtype, false);
  }

  @Override
  public NDArray apply(NDArray x) {
    NDArray w = weight();
    return (bias == null ? Linear.linear(x, w) : Linear.linear(x, w, bias)).singletonOrThrow();
  }

  /** Bytes the quantised weight takes, scales included ({@link Nf4Tensor#bytes}). */
  public long bytes() {
    return bytes;
  }

  /** The number of weights quantised. */
  public long size() {
    return size;
  }

  // table rows picked by the bytes of codes: [n] uint8 → [n, columns]
  private static NDArray lookup(NDArray codes, NDArray table) {
    return Embedding.embedding(codes.toType(DataType.INT64, false), table, SparseFormat.DENSE).singletonOrThrow();
  }
}
