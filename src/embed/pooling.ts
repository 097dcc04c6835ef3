/**
 * Mean pooling over a row's real tokens, then L2 normalisation, in one pass over the model's
 * output ([rows, width, dims], row-major; padding after `length` tokens is skipped).
 */
export function meanPoolNormalized(hidden: Float32Array, row: number, length: number, width: number, dims: number): Float32Array {
  const vector = new Float32Array(dims);
  const start = row * width * dims;
  for (let t = 0; t < length; t++) {
    const offset = start + t * dims;
    for (let d = 0; d < dims; d++) vector[d]! += hidden[offset + d]!;
  }
  let norm = 0;
  for (let d = 0; d < dims; d++) norm += vector[d]! * vector[d]!;
  // The mean's 1/length cancels in the normalisation.
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let d = 0; d < dims; d++) vector[d]! *= scale;
  return vector;
}
