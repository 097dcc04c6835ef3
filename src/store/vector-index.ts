import fs from 'node:fs/promises';
import path from 'node:path';
import type { IndexData, IndexItem } from 'vectra';
import { writeFileAtomic } from './files.js';

export interface VectorHit {
  passageId: string;
  score: number;
}

type PassageMetadata = { articleId: string };

/** vectra's LocalIndex file: item ids, metadata and norms (vectors stay empty: they are in VECTORS_FILE). */
const INDEX_FILE = 'index.json';
/** Every vector, float32 little-endian, one row per index.json item in the same order. */
const VECTORS_FILE = 'vectors.f32';
/** Every file of a vector folder: a hybrid index needs them all. */
export const VECTOR_FOLDER_FILES = [INDEX_FILE, VECTORS_FILE] as const;

/**
 * The dense half of the index: one folder in vectra's LocalIndex format (index.json, which vectra
 * lists and reads) beside a binary file of all vectors.
 *
 * Why not vectra's own vectors: its index.json holds each vector as a JSON number array, about
 * 20 characters a float. At 10k passages of 384 dimensions that is ~80 MB to parse and keeps
 * 10k boxed-number arrays alive; at 100k, JSON.stringify exceeds V8's largest string and the
 * save fails. Here the vectors load in one read into one contiguous buffer, and a query is a
 * brute-force dot product over it (WebAssembly SIMD where it can run). Reading needs no vectra
 * code at all, which also spares start-up the second its dependencies take to import.
 */
export class VectorIndex {
  private constructor(
    private readonly ids: string[],
    private readonly norms: Float32Array,
    private readonly matrix: VectorMatrix,
  ) {}

  static async open(folder: string): Promise<VectorIndex> {
    const indexFile = path.join(folder, INDEX_FILE);
    const data = JSON.parse(await fs.readFile(indexFile, 'utf8').catch(() => Promise.reject(new Error(`no vector index in ${folder}`)))) as IndexData;
    const items = data.items as Array<IndexItem<PassageMetadata>>;
    const ids = items.map((item) => item.id);
    const vectorsFile = path.join(folder, VECTORS_FILE);
    // Indexes written before the binary file kept their vectors in index.json: still readable.
    const matrix = (await fileSize(vectorsFile)) === null ? VectorMatrix.fromRows(items.map((i) => i.vector)) : await VectorMatrix.read(vectorsFile, items.length);
    return new VectorIndex(ids, Float32Array.from(items, (item) => item.norm), matrix);
  }

  /** Writes the folder anew; a crash leaves a folder the manifest does not point to yet. */
  static async create(folder: string, items: Iterable<{ passageId: string; articleId: string; vector: Float32Array }>): Promise<void> {
    const list = [...items];
    const matrix = VectorMatrix.fromRows(list.map((item) => item.vector));
    const indexItems: Array<IndexItem<PassageMetadata>> = list.map((item) => ({
      id: item.passageId,
      metadata: { articleId: item.articleId },
      vector: [],
      norm: norm(item.vector),
    }));
    const index: IndexData = { version: 1, metadata_config: {}, items: indexItems };
    await fs.rm(folder, { recursive: true, force: true });
    await fs.mkdir(folder, { recursive: true });
    await writeFileAtomic(path.join(folder, VECTORS_FILE), matrix.bytes());
    await writeFileAtomic(path.join(folder, INDEX_FILE), JSON.stringify(index));
  }

  /** The `topK` items most similar to `vector` by cosine, best first. */
  async query(vector: Float32Array, topK: number): Promise<VectorHit[]> {
    const queryNorm = norm(vector);
    const scores = this.matrix.dots(vector);
    const best: number[] = [];
    const rows: number[] = [];
    const k = Math.min(topK, scores.length);
    for (let row = 0; row < scores.length; row++) {
      const n = this.norms[row]! * queryNorm;
      const score = n > 0 ? scores[row]! / n : 0;
      if (best.length === k && !(score > best[k - 1]!)) continue;
      // Insertion into the short sorted list of the best so far; the last one drops out when full.
      let at = best.length === k ? k - 1 : best.length;
      for (; at > 0 && best[at - 1]! < score; at--) {
        best[at] = best[at - 1]!;
        rows[at] = rows[at - 1]!;
      }
      best[at] = score;
      rows[at] = row;
    }
    return rows.map((row, i) => ({ passageId: this.ids[row]!, score: best[i]! }));
  }

  /** Every stored vector by passage id (views, not copies), so an incremental build can keep the unchanged ones. */
  async vectors(): Promise<Map<string, Float32Array>> {
    return new Map(this.ids.map((id, row) => [id, this.matrix.row(row)]));
  }
}

function norm(vector: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  return Math.sqrt(sum);
}

const fileSize = (file: string) => fs.stat(file).then((s) => s.size, () => null);

/**
 * out[r] = Σ q[j]·rows[r][j], four lanes at a time, two accumulators; offsets in bytes, dims a
 * multiple of 8. Source (WAT, assembled with wabt's wat2wasm 1.0.32):
 *   (func (export "dots") (param $q i32) (param $row i32) (param $rows i32) (param $dims i32) (param $out i32)
 *     per row: a = b = 0; for each 8 floats: a += load(row)·load(q); b += load(row+16)·load(q+16);
 *     store f32 out = (a+b) lanes summed; row and out advance)
 * with its memory imported as env.memory. A test checks it against the plain loop.
 */
const DOTS_WASM =
  'AGFzbQEAAAABCQFgBX9/f39/AAIPAQNlbnYGbWVtb3J5AgABAwIBAAcIAQRkb3RzAAAK0QEBzgECBH8CeyADQQJ0IQcgBCACQQJ0aiEIAkADQCAEIAhPDQH9DAAAAAAAAAAAAAAAAAAAAAAhCf0MAAAAAAAAAAAAAAAAAAAAACEKIAAhBSABIAdqIQYCQANAIAEgBk8NASAJIAH9AAQAIAX9AAQA/eYB/eQBIQkgCiAB/QAEECAF/QAEEP3mAf3kASEKIAFBIGohASAFQSBqIQUMAAsLIAkgCv3kASEJIAQgCf0fACAJ/R8BkiAJ/R8CIAn9HwOSkjgCACAEQQRqIQQMAAsLCw==';
/** The part of the WebAssembly API used here (@types/node declares its types but not the global). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
const dotsModule = (() => {
  const bytes = Buffer.from(DOTS_WASM, 'base64');
  return wasm.validate(bytes) ? new wasm.Module(bytes) : null; // null: no SIMD here
})();
const WASM_PAGE = 65536;
const WASM_MAX_BYTES = 65536 * WASM_PAGE;

/**
 * Row vectors of one length in one contiguous buffer, with room after them for a query and the
 * scores: in WebAssembly memory when the SIMD kernel can run on it, else a plain ArrayBuffer.
 */
class VectorMatrix {
  readonly data: Float32Array;
  private readonly query: Float32Array;
  private readonly scores: Float32Array;
  private readonly kernel: ((q: number, row: number, rows: number, dims: number, out: number) => void) | null;

  private constructor(
    readonly rowCount: number,
    readonly dims: number,
  ) {
    const floats = rowCount * dims + dims + rowCount;
    const useWasm = dotsModule !== null && dims > 0 && dims % 8 === 0 && floats * 4 <= WASM_MAX_BYTES;
    let buffer: ArrayBuffer;
    if (useWasm) {
      const memory = new wasm.Memory({ initial: Math.ceil((floats * 4) / WASM_PAGE) });
      const instance = new wasm.Instance(dotsModule, { env: { memory } });
      this.kernel = instance.exports.dots as NonNullable<VectorMatrix['kernel']>;
      buffer = memory.buffer;
    } else {
      this.kernel = null;
      buffer = new ArrayBuffer(floats * 4);
    }
    this.data = new Float32Array(buffer, 0, rowCount * dims);
    this.query = new Float32Array(buffer, this.data.byteLength, dims);
    this.scores = new Float32Array(buffer, this.query.byteOffset + this.query.byteLength, rowCount);
  }

  static fromRows(rows: ArrayLike<number>[]): VectorMatrix {
    const dims = rows[0]?.length ?? 0;
    const matrix = new VectorMatrix(rows.length, dims);
    rows.forEach((row, r) => {
      if (row.length !== dims) throw new Error(`vector ${r} has ${row.length} dimensions, not ${dims}`);
      matrix.data.set(row, r * dims);
    });
    return matrix;
  }

  /** Reads the vectors file straight into the buffer: no intermediate copy. */
  static async read(file: string, rowCount: number): Promise<VectorMatrix> {
    const size = (await fileSize(file)) ?? 0;
    const dims = rowCount === 0 ? 0 : size / 4 / rowCount;
    if (!Number.isInteger(dims)) throw new Error(`${file} holds ${size} bytes, not ${rowCount} float32 vectors`);
    const matrix = new VectorMatrix(rowCount, dims);
    const target = new Uint8Array(matrix.data.buffer, 0, size);
    const handle = await fs.open(file, 'r');
    try {
      for (let at = 0; at < size; ) {
        const { bytesRead } = await handle.read(target, at, size - at, at);
        if (bytesRead === 0) throw new Error(`${file} ended early`);
        at += bytesRead;
      }
    } finally {
      await handle.close();
    }
    return matrix;
  }

  row(r: number): Float32Array {
    return this.data.subarray(r * this.dims, (r + 1) * this.dims);
  }

  bytes(): Uint8Array {
    return new Uint8Array(this.data.buffer, this.data.byteOffset, this.data.byteLength);
  }

  /** Dot products of `vector` with every row (a view, overwritten by the next call). */
  dots(vector: Float32Array): Float32Array {
    if (this.rowCount > 0 && vector.length !== this.dims) throw new Error(`query has ${vector.length} dimensions, the index ${this.dims}`);
    if (this.kernel) {
      this.query.set(vector);
      this.kernel(this.query.byteOffset, 0, this.rowCount, this.dims, this.scores.byteOffset);
      return this.scores;
    }
    for (let r = 0, offset = 0; r < this.rowCount; r++, offset += this.dims) {
      let sum = 0;
      for (let j = 0; j < this.dims; j++) sum += vector[j]! * this.data[offset + j]!;
      this.scores[r] = sum;
    }
    return this.scores;
  }
}
