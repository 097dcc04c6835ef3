/**
 * Deterministic random weights. Every tensor gets its own seed derived from its name, and its values
 * are produced in chunks that can be replayed, so a 96-million-value embedding never has to sit in
 * memory: it is generated once to find its range and again to write it.
 */
import { endianness } from 'node:os';
import type { LazyBytes } from './protobuf.js';

const CHUNK_VALUES = 1 << 16;

/** A replayable sequence of float32 values (row-major tensor data). */
export interface FloatSource {
  readonly length: number;
  chunks(): Iterable<Float32Array>;
}

/** FNV-1a over the name, mixed with the model seed: stable per tensor, independent of build order. */
export function seedFor(modelSeed: number, name: string): number {
  let hash = 0x811c9dc5 ^ modelSeed;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Uniform values in [-bound, bound): BERT initialises with std 0.02, i.e. bound 0.02·√3.
 * The generator is sfc32 (small, fast, good enough for weights that only need to look random),
 * inlined in the loop: as a closure call per value it took three times as long.
 */
export function uniformSource(seed: number, length: number, bound: number): FloatSource {
  return {
    length,
    *chunks() {
      let a = 0x9e3779b9 | 0;
      let b = seed | 0;
      let c = 0x243f6a88 | 0;
      let d = (seed ^ 0x85a308d3) | 0;
      const toUnit = 2 / 0x100000000;
      let warmUp = 12; // sfc32's authors advise discarding the first outputs
      for (let start = 0; start < length; start += CHUNK_VALUES) {
        const chunk = new Float32Array(Math.min(CHUNK_VALUES, length - start));
        for (let i = 0; i < chunk.length; i++) {
          const t = (((a + b) | 0) + d) | 0;
          d = (d + 1) | 0;
          a = b ^ (b >>> 9);
          b = (c + (c << 3)) | 0;
          c = (c << 21) | (c >>> 11);
          c = (c + t) | 0;
          if (warmUp > 0) {
            warmUp--;
            i--;
            continue;
          }
          chunk[i] = ((t >>> 0) * toUnit - 1) * bound;
        }
        yield chunk;
      }
    },
  };
}

/** The whole source in one array: only for tensors small enough to hold (all but the word embedding). */
export function materialize(source: FloatSource): Float32Array {
  const out = new Float32Array(source.length);
  let offset = 0;
  for (const chunk of source.chunks()) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** ONNX raw_data is little-endian; typed arrays use the machine's order, so insist they agree. */
export function assertLittleEndian(): void {
  if (endianness() !== 'LE') throw new Error('writing ONNX raw tensor data needs a little-endian machine');
}

export function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** A float source as streamed raw_data for a TensorProto. */
export function lazyFloatBytes(source: FloatSource): LazyBytes {
  return {
    byteLength: source.length * 4,
    *chunks() {
      for (const chunk of source.chunks()) yield bytesOf(chunk);
    },
  };
}
