/**
 * The embedded vector store: a vectra LocalIndex folder (binary codec, see vectra-file.ts),
 * streamed at open into one contiguous buffer and searched by brute-force dot products (SIMD).
 * 100k passages of 384 dimensions are 154 MB of float32 and a query scans them in tens of ms.
 */
import path from 'node:path';
import type { VectorHit, VectorStore } from '../seam.js';
import { readVectraFile, VECTRA_INDEX_FILE, VectraFileWriter } from './vectra-file.js';
import { VectorMatrix } from './vector-matrix.js';

/** Reads passages' sentence vectors from wherever the backend keeps them (the SQLite file). */
export type SentenceVectorReader = (passageIds: readonly string[]) => Map<string, Float32Array[]>;

export class EmbeddedVectorStore implements VectorStore {
  private readonly rowOf: Map<string, number>;

  private constructor(
    private readonly ids: string[],
    private readonly norms: Float64Array,
    private readonly matrix: VectorMatrix,
    private readonly sentenceReader: SentenceVectorReader,
  ) {
    this.rowOf = new Map(ids.map((id, row) => [id, row]));
  }

  get dimensions(): number {
    return this.matrix.dims;
  }

  /** Reads the folder's `count` vectors of `dimensions` (from the manifest) into memory; sentence vectors stay on disk. */
  static async open(folder: string, count: number, dimensions: number, sentenceReader: SentenceVectorReader = () => new Map()): Promise<EmbeddedVectorStore> {
    const matrix = new VectorMatrix(count, dimensions);
    const ids: string[] = [];
    const norms = new Float64Array(count);
    for await (const record of readVectraFile(path.join(folder, VECTRA_INDEX_FILE))) {
      if (ids.length === count) throw new Error(`more than the ${count} vectors the manifest records`);
      matrix.setRowBytes(ids.length, record.vector);
      norms[ids.length] = record.norm;
      ids.push(record.id);
    }
    if (ids.length !== count) throw new Error(`${ids.length} vectors, not the ${count} the manifest records`);
    return new EmbeddedVectorStore(ids, norms, matrix, sentenceReader);
  }

  async count(): Promise<number> {
    return this.ids.length;
  }

  async query(vector: Float32Array, topK: number): Promise<VectorHit[]> {
    const queryNorm = Math.hypot(...vector);
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

  async vectorsOf(passageIds: readonly string[]): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const id of passageIds) {
      const row = this.rowOf.get(id);
      if (row !== undefined) out.set(id, this.matrix.row(row).slice());
    }
    return out;
  }

  async sample(n: number): Promise<Float32Array[]> {
    const step = Math.max(1, this.ids.length / n);
    return Array.from({ length: Math.min(n, this.ids.length) }, (_, i) => this.matrix.row(Math.floor(i * step)).slice());
  }

  async sentenceVectorsOf(passageIds: readonly string[]): Promise<Map<string, Float32Array[]>> {
    return this.sentenceReader(passageIds);
  }
}

/**
 * Writes a new vector folder: the items of `previous` (another generation's folder) that `keep`
 * accepts, streamed through, then `added`. Memory holds one buffer, never the index.
 */
export async function writeVectorFolder(
  file: string,
  previous: string | null,
  keep: (passageId: string, articleId: string) => boolean,
  added: Iterable<{ passageId: string; articleId: string; vector: Float32Array }>,
): Promise<number> {
  const writer = await VectraFileWriter.create(file);
  try {
    if (previous) {
      for await (const record of readVectraFile(path.join(previous, VECTRA_INDEX_FILE))) {
        if (keep(record.id, record.articleId)) await writer.copy(record);
      }
    }
    for (const item of added) await writer.add(item.passageId, item.articleId, item.vector);
  } finally {
    await writer.close();
  }
  return writer.count;
}
