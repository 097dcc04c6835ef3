import fs from 'node:fs/promises';
import path from 'node:path';
import type { IndexData, IndexItem } from 'vectra';
import { VectorMatrix } from './embedded/vector-matrix.js';
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
