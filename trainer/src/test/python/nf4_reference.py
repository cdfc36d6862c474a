"""NF4 quantisation with double-quantised scales, re-implemented in NumPy after bitsandbytes.

Follows bitsandbytes' reference ("default") backend of quantize_4bit(quant_type="nf4",
blocksize=64, compress_statistics=True): per block of 64 the absmax, values times the float32
reciprocal clamped to [-1, 1], torch.argmin distance to the 16 NF4 values (first index on ties),
packed two per byte with the first value in the high nibble (an odd count padded with a zero
code); then offset = mean(absmax) and quantize_blockwise(absmax - offset, blocksize=256) on the
create_dynamic_map(signed=True) code. Blocks whose absmax is 0 get code 7 (the value 0.0);
bitsandbytes would divide by zero there.

Usage: nf4_reference.py IN_DIR OUT_DIR. IN_DIR holds values.f32 (little-endian float32); OUT_DIR
receives packed.u8, scale_codes.u8, scale_absmax.f32, offset.f32 and dynamic.f32.
"""
import sys
from pathlib import Path

import numpy as np

NF4 = np.array([
    -1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453,
    -0.28444138169288635, -0.18477343022823334, -0.09105003625154495, 0.0,
    0.07958029955625534, 0.16093020141124725, 0.24611230194568634, 0.33791524171829224,
    0.44070982933044434, 0.5626170039176941, 0.7229568362236023, 1.0], dtype=np.float32)


def linspace32(start, end, steps):
    """torch.linspace on the CPU in float32: from the start for the first half, from the end after."""
    start, end = np.float32(start), np.float32(end)
    step = np.float32((end - start) / np.float32(steps - 1))
    out = np.empty(steps, dtype=np.float32)
    for i in range(steps):
        out[i] = start + step * np.float32(i) if i < steps // 2 else end - step * np.float32(steps - i - 1)
    return out


def dynamic_map():
    data = []
    for i in range(7):
        bounds = linspace32(0.1, 1.0, 2 ** i + 1)
        means = (bounds[:-1] + bounds[1:]) / np.float32(2.0)
        scale = np.float32(10.0 ** (i - 6))
        data += list(scale * means)
        data += list(-scale * means)
    data += [np.float32(0.0), np.float32(1.0)]
    assert len(data) == 256
    return np.sort(np.array(data, dtype=np.float32))


def blockwise(values, code, blocksize):
    """Per block: absmax, then the nearest code of each value scaled into [-1, 1]."""
    n = values.size
    blocks = -(-n // blocksize)
    absmax = np.zeros(blocks, dtype=np.float32)
    codes = np.zeros(n, dtype=np.uint8)
    zero = int(np.argmin(np.abs(code)))
    for b in range(blocks):
        part = values[b * blocksize:(b + 1) * blocksize]
        m = np.float32(np.abs(part).max())
        absmax[b] = m
        if m == 0:
            codes[b * blocksize:b * blocksize + part.size] = zero
            continue
        scaled = np.clip(part * (np.float32(1.0) / m), np.float32(-1), np.float32(1))
        codes[b * blocksize:b * blocksize + part.size] = np.argmin(np.abs(scaled[:, None] - code[None, :]), axis=1)
    return codes, absmax


def quantize(values):
    codes, absmax = blockwise(values, NF4, 64)
    if codes.size % 2:
        codes = np.append(codes, np.uint8(0))
    packed = (codes[0::2] << 4) | codes[1::2]
    offset = np.float32(np.mean(absmax, dtype=np.float64))
    scale_codes, scale_absmax = blockwise((absmax - offset).astype(np.float32), dynamic_map(), 256)
    return packed.astype(np.uint8), scale_codes, scale_absmax, offset


def main():
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    values = np.fromfile(src / "values.f32", dtype="<f4")
    packed, scale_codes, scale_absmax, offset = quantize(values)
    dst.mkdir(parents=True, exist_ok=True)
    packed.tofile(dst / "packed.u8")
    scale_codes.tofile(dst / "scale_codes.u8")
    scale_absmax.astype("<f4").tofile(dst / "scale_absmax.f32")
    np.array([offset], dtype="<f4").tofile(dst / "offset.f32")
    dynamic_map().astype("<f4").tofile(dst / "dynamic.f32")


if __name__ == "__main__":
    main()
