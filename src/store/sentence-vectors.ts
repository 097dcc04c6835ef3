/**
 * A passage's sentence vectors (or any short list of vectors) as one compact blob, for the
 * stores that keep them on disk or in another process (the embedded SQLite file, PostgreSQL):
 * each vector as int8 (`int8.ts`, the rule the embedded store's rows follow) with its scale as
 * float32. Sentence scoring needs closeness, not exact floats: the cosine of a vector and
 * its decoded form stays above 0.999, at a quarter of float32's size (100k passages of ~3
 * sentences at 384 dimensions: ~115 MB instead of ~460 MB).
 */
import { quantiseRow } from './int8.js';

const SCALE_BYTES = 4;

/** Packs vectors of `dimensions` each (in order) into one buffer. */
export function packSentenceVectors(vectors: readonly Float32Array[], dimensions: number): Buffer {
  const stride = SCALE_BYTES + dimensions;
  const blob = Buffer.alloc(vectors.length * stride);
  vectors.forEach((vector, v) => {
    if (vector.length !== dimensions) throw new Error(`a sentence vector of ${vector.length} dimensions, not ${dimensions}`);
    const at = v * stride;
    const { scale } = quantiseRow(vector, new Int8Array(blob.buffer, blob.byteOffset + at + SCALE_BYTES, dimensions));
    blob.writeFloatLE(scale, at);
  });
  return blob;
}

/** The vectors a blob of `packSentenceVectors` holds. */
export function unpackSentenceVectors(blob: Uint8Array, dimensions: number): Float32Array[] {
  const stride = SCALE_BYTES + dimensions;
  if (blob.byteLength % stride !== 0) throw new Error(`a sentence-vector blob of ${blob.byteLength} bytes is not a whole number of ${dimensions}-dimension vectors`);
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const bytes = new Int8Array(blob.buffer, blob.byteOffset, blob.byteLength);
  return Array.from({ length: blob.byteLength / stride }, (_, v) => {
    const at = v * stride;
    const scale = view.getFloat32(at, true);
    const vector = new Float32Array(dimensions);
    for (let i = 0; i < dimensions; i++) vector[i] = bytes[at + SCALE_BYTES + i]! * scale;
    return vector;
  });
}
