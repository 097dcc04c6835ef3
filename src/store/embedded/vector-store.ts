/**
 * The embedded vector store: a vectra LocalIndex folder (binary codec, see vectra-file.ts). At
 * open its vectors are streamed into int8 rows (int8-rows.ts: 100k passages of 384 dimensions
 * are 39 MB instead of 154 MB of float32), which a query scans in one SIMD pass; the rows whose
 * error bound lets them reach the top k are then read back from the file as float32 and scored
 * exactly, by the same float32 kernel a full scan used, so hits and scores equal a full scan's.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { VectorHit, VectorStore } from '../seam.js';
import { Int8Rows, Int8RowsWriter, quantiseQuery } from './int8-rows.js';
import { kthLargest } from '../top-k.js';
import { readVectraFile, VECTRA_INDEX_FILE, VectraFileWriter } from './vectra-file.js';
import { VectorMatrix } from './vector-matrix.js';

/** Reads passages' sentence vectors from wherever the backend keeps them (the SQLite file). */
export type SentenceVectorReader = (passageIds: readonly string[]) => Map<string, Float32Array[]>;

/** Beside `index.pb`: its vectors as int8 rows (int8-rows.ts), so opening reads them instead of quantising them. */
export const INT8_ROWS_FILE = 'int8-rows.bin';

/** Relative slack on the float32 scores themselves (their rounding), far above it. */
const FLOAT32_SLACK = 1e-4;

export class EmbeddedVectorStore implements VectorStore {
  private readonly rowOf: Map<string, number>;

  private constructor(
    private readonly ids: string[],
    private readonly norms: Float64Array,
    private readonly offsets: Float64Array,
    private readonly rows: Int8Rows,
    /** The vectra file, open for the snapshot's life (a writer may delete its name meanwhile). */
    private readonly fd: number,
    private readonly sentenceReader: SentenceVectorReader,
  ) {
    this.rowOf = new Map(ids.map((id, row) => [id, row]));
    this.low = new Float64Array(ids.length);
    this.high = new Float64Array(ids.length);
  }

  get dimensions(): number {
    return this.rows.dims;
  }

  /** Reads the folder's `count` vectors of `dimensions` (from the manifest) into int8 rows; the file stays open for exact scores; sentence vectors stay on disk. */
  static async open(
    folder: string,
    count: number,
    dimensions: number,
    sentenceReader: SentenceVectorReader = () => new Map(),
    /** Whether to read the int8 rows file (when it is there); false: quantise at open. */
    int8Rows = true,
  ): Promise<EmbeddedVectorStore> {
    const file = path.join(folder, VECTRA_INDEX_FILE);
    const rows = new Int8Rows(count, dimensions);
    // The rows as the writer quantised them, when it wrote them (an index from before has none: quantised here).
    const quantised = int8Rows && (await rows.readFile(path.join(folder, INT8_ROWS_FILE)));
    const ids: string[] = [];
    const norms = new Float64Array(count);
    const offsets = new Float64Array(count);
    for await (const record of readVectraFile(file)) {
      if (ids.length === count) throw new Error(`more than the ${count} vectors the manifest records`);
      if (!quantised) rows.setRowBytes(ids.length, record.vector);
      norms[ids.length] = record.norm;
      offsets[ids.length] = record.vectorOffset;
      ids.push(record.id);
    }
    if (ids.length !== count) throw new Error(`${ids.length} vectors, not the ${count} the manifest records`);
    return new EmbeddedVectorStore(ids, norms, offsets, rows, fs.openSync(file, 'r'), sentenceReader);
  }

  /** Rows read back as float32 for exact scores, in a buffer grown on demand (one WebAssembly memory, not one per query). */
  private exact = new VectorMatrix(0, 0);
  /** Each row's cosine bounds for the query being answered (queries run one at a time: synchronous inside). */
  private readonly low: Float64Array;
  private readonly high: Float64Array;

  async close(): Promise<void> {
    fs.closeSync(this.fd);
  }

  async count(): Promise<number> {
    return this.ids.length;
  }

  async query(vector: Float32Array, topK: number): Promise<VectorHit[]> {
    const k = Math.min(topK, this.ids.length);
    if (k <= 0) return [];
    const queryNorm = Math.hypot(...vector);
    // Each row's cosine within [low, high]; the k-th best low is a floor no row below it in high can reach.
    const { low, high } = this;
    this.rows.cosineBounds(quantiseQuery(vector), queryNorm, this.norms, FLOAT32_SLACK, low, high);
    const floor = kthLargest(low, k);
    const candidates: number[] = [];
    for (let row = 0; row < high.length; row++) if (high[row]! >= floor) candidates.push(row);
    // Exact scores of the candidates, by the kernel a full float32 scan runs, in row order (ties: the earlier row first, as a scan keeps them).
    if (this.exact.rowCount < candidates.length || this.exact.dims !== this.rows.dims) this.exact = new VectorMatrix(Math.max(64, candidates.length * 2), this.rows.dims);
    candidates.forEach((row, i) => this.readRow(row, this.exact.data.subarray(i * this.rows.dims, (i + 1) * this.rows.dims)));
    const exact = this.exact.dots(vector, candidates.length);
    const best: number[] = [];
    const rows: number[] = [];
    candidates.forEach((row, i) => {
      const n = this.norms[row]! * queryNorm;
      const score = n > 0 ? exact[i]! / n : 0;
      if (best.length === k && !(score > best[k - 1]!)) return;
      // Insertion into the short sorted list of the best so far; the last one drops out when full.
      let at = best.length === k ? k - 1 : best.length;
      for (; at > 0 && best[at - 1]! < score; at--) {
        best[at] = best[at - 1]!;
        rows[at] = rows[at - 1]!;
      }
      best[at] = score;
      rows[at] = row;
    });
    return rows.map((row, i) => ({ passageId: this.ids[row]!, score: best[i]! }));
  }

  /** Row `row`'s float32 vector, read from the file into `into`. */
  private readRow(row: number, into: Float32Array): Float32Array {
    const bytes = this.rows.dims * 4;
    if (fs.readSync(this.fd, new Uint8Array(into.buffer, into.byteOffset, bytes), 0, bytes, this.offsets[row]!) !== bytes) throw new Error(`the vector file ended inside vector ${row}`);
    return into;
  }

  private readRows(rows: number[]): Float32Array[] {
    return rows.map((row) => this.readRow(row, new Float32Array(this.rows.dims)));
  }

  async vectorsOf(passageIds: readonly string[]): Promise<Map<string, Float32Array>> {
    const found = passageIds.filter((id) => this.rowOf.has(id));
    const vectors = this.readRows(found.map((id) => this.rowOf.get(id)!));
    return new Map(found.map((id, i) => [id, vectors[i]!]));
  }

  async sample(n: number): Promise<Float32Array[]> {
    const step = Math.max(1, this.ids.length / n);
    return this.readRows(Array.from({ length: Math.min(n, this.ids.length) }, (_, i) => Math.floor(i * step)));
  }

  async sentenceVectorsOf(passageIds: readonly string[]): Promise<Map<string, Float32Array[]>> {
    return this.sentenceReader(passageIds);
  }
}

/**
 * Writes a new vector folder: the items of `previous` (another generation's folder) that `keep`
 * accepts, streamed through, then `added`, into `index.pb` and the int8 rows file beside it.
 * Memory holds one buffer and 12 bytes a vector, never the index.
 */
export async function writeVectorFolder(
  file: string,
  previous: string | null,
  keep: (passageId: string, articleId: string) => boolean,
  added: Iterable<{ passageId: string; articleId: string; vector: Float32Array }>,
): Promise<number> {
  const writer = await VectraFileWriter.create(file);
  const rows = await Int8RowsWriter.create(path.join(path.dirname(file), INT8_ROWS_FILE));
  try {
    if (previous) {
      for await (const record of readVectraFile(path.join(previous, VECTRA_INDEX_FILE))) {
        if (!keep(record.id, record.articleId)) continue;
        await writer.copy(record);
        const vector = new Float32Array(record.vector.byteLength / 4);
        new Uint8Array(vector.buffer).set(record.vector);
        await rows.add(vector);
      }
    }
    for (const item of added) {
      await writer.add(item.passageId, item.articleId, item.vector);
      await rows.add(item.vector);
    }
  } finally {
    try {
      await writer.close();
    } finally {
      await rows.close();
    }
  }
  return writer.count;
}
