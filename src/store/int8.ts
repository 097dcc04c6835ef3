/** Vectors as int8 with a scale each: a quarter of float32's size, close enough to rank by. */

export const INT8_MAX = 127;
/** 1.5 × 2^52: adding and subtracting it rounds a float64 of magnitude below 2^51 to the nearest integer. */
const ROUNDING = 6755399441055744;

/**
 * Quantises one vector into `into` (int8, the same length): its scale (values ≈ int8 × scale,
 * within scale / 2) and Σ|int8|. The one rule for every int8 vector the stores keep: the embedded
 * store's rows (in memory and in the file beside the index) and passages' sentence vectors.
 */
export function quantiseRow(vector: Float32Array, into: Int8Array): { scale: number; l1: number } {
  let max = 0;
  for (let j = 0; j < vector.length; j++) {
    const x = Math.abs(vector[j]!);
    if (x > max) max = x;
  }
  const scale = max / INT8_MAX || 1;
  // Multiplying by the inverse may round a value at a half-step the other way: far below the search's slack.
  const inverse = 1 / scale;
  let l1 = 0;
  for (let j = 0; j < vector.length; j++) {
    // Round to nearest by float64 arithmetic (half the time of Math.round over 40M values).
    const q = vector[j]! * inverse + ROUNDING - ROUNDING;
    into[j] = q;
    l1 += q < 0 ? -q : q;
  }
  return { scale, l1 };
}
