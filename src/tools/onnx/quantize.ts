/**
 * Weight quantization arithmetic as onnxruntime's `quantize_dynamic` does it for transformers.js q8
 * models (Xenova's BERT-family exports: weight type QInt8, per_channel and reduce_range on):
 *  - MatMul weights: int8, symmetric, one scale per output column, 7-bit range [-64, 64];
 *  - Gather tables (embeddings): int8, symmetric, one scale for the whole tensor, range [-127, 127];
 *  - zero points are 0; values are round-half-to-even(x / scale), as numpy rounds.
 */
import type { LazyBytes } from './protobuf.js';
import { bytesOf, type FloatSource } from './weights.js';

const FLOAT32_TINY = 1.1754943508222875e-38;

/** Per-column MatMul weights in onnxruntime's reduced range; per-tensor tables in the full symmetric one. */
export const ReducedRange = { qmin: -64, qmax: 64 } as const;
export const SymmetricRange = { qmin: -127, qmax: 127 } as const;
type QuantRange = typeof ReducedRange | typeof SymmetricRange;

/** numpy's rounding. Math.round rounds halves up, so a half that landed on an odd number steps back down. */
export function roundHalfToEven(x: number): number {
  const rounded = Math.round(x);
  return rounded - x === 0.5 && (rounded & 1) !== 0 ? rounded - 1 : rounded;
}

/** compute_scale_zp with symmetric=True: scale = 2·absmax / (qmax − qmin), stored as float32. */
export function symmetricScale(absMax: number, range: QuantRange): number {
  const scale = Math.fround((Math.fround(absMax) * 2) / (range.qmax - range.qmin));
  return scale < FLOAT32_TINY ? 1 : scale;
}

export function quantizeValue(x: number, scale: number): number {
  const q = roundHalfToEven(Math.fround(x / scale));
  return q < -128 ? -128 : q > 127 ? 127 : q;
}

export interface ColumnQuantized {
  data: Int8Array;
  scales: Float32Array;
  zeroPoints: Int8Array;
}

/** A [rows, cols] MatMul B quantized per output column (axis -1), as MatMulInteger consumes it. */
export function quantizeColumns(weights: Float32Array, rows: number, cols: number): ColumnQuantized {
  const absMax = new Float32Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) absMax[c] = Math.max(absMax[c]!, Math.abs(weights[r * cols + c]!));
  }
  const scales = absMax.map((m) => symmetricScale(m, ReducedRange));
  const data = new Int8Array(weights.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) data[r * cols + c] = quantizeValue(weights[r * cols + c]!, scales[c]!);
  }
  return { data, scales, zeroPoints: new Int8Array(cols) };
}

export interface TensorQuantized {
  data: LazyBytes;
  scale: number;
  zeroPoint: number;
}

/** A whole table quantized with one scale; streamed so the 96M-value word embedding never sits in memory. */
export function quantizeTensor(source: FloatSource): TensorQuantized {
  let absMax = 0;
  for (const chunk of source.chunks()) {
    for (let i = 0; i < chunk.length; i++) absMax = Math.max(absMax, Math.abs(chunk[i]!));
  }
  const scale = symmetricScale(absMax, SymmetricRange);
  const data: LazyBytes = {
    byteLength: source.length,
    *chunks() {
      for (const chunk of source.chunks()) {
        const q = new Int8Array(chunk.length);
        for (let i = 0; i < chunk.length; i++) q[i] = quantizeValue(chunk[i]!, scale);
        yield bytesOf(q);
      }
    },
  };
  return { data, scale, zeroPoint: 0 };
}
