/**
 * The vector stores measured at scale, behind one shape: build a folder from vectors, open it,
 * query it. `vectra` is vectra's LocalIndex used the way the product used it before its own
 * vectors file (one update of insertItem calls, queryItems), kept here to show why it changed.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { EmbeddedVectorStore, writeVectorFolder } from '../store/embedded/vector-store.js';
import { VECTRA_INDEX_FILE } from '../store/embedded/vectra-file.js';

export type StoreName = 'vectra' | 'product' | 'typed-array';
export const STORE_NAMES: StoreName[] = ['vectra', 'product', 'typed-array'];

export interface OpenStore {
  /** The nearest `topK` items (however each store describes them). */
  query(vector: Float32Array, topK: number): Promise<readonly unknown[]>;
}

interface Store {
  build(folder: string, ids: string[], vectors: Float32Array[]): Promise<void>;
  open(folder: string): Promise<OpenStore>;
}

/**
 * Past this many vectors the vectra build skips insertItem: each insert checks the id is new with a
 * linear find over the items, so N inserts cost N²/2 comparisons (100k took over 3 minutes here).
 * Bigger indexes go straight to what endUpdate does with them: the JSON codec's serializeIndex.
 */
export const VECTRA_INSERT_LIMIT = 10_000;

const vectra: Store = {
  async build(folder, ids, vectors) {
    const { JsonCodec, LocalIndex } = await import('vectra');
    const index = new LocalIndex<{ articleId: string }>(folder);
    await index.createIndex({ version: 1, deleteIfExists: true });
    const metadata = (i: number) => ({ articleId: `a${i % 50}` });
    if (vectors.length > VECTRA_INSERT_LIMIT) {
      const items = vectors.map((v, i) => ({ id: ids[i]!, metadata: metadata(i), vector: Array.from(v), norm: Math.hypot(...v) }));
      await fs.writeFile(path.join(folder, 'index.json'), new JsonCodec().serializeIndex({ version: 1, metadata_config: {}, items }));
      return;
    }
    await index.beginUpdate();
    for (const [i, vector] of vectors.entries()) await index.insertItem({ id: ids[i]!, vector: Array.from(vector), metadata: metadata(i) });
    await index.endUpdate();
  },
  async open(folder) {
    const { LocalIndex } = await import('vectra');
    const index = new LocalIndex<{ articleId: string }>(folder);
    await index.getIndexStats();
    return { query: (vector, topK) => index.queryItems(Array.from(vector), '', topK) };
  },
};

/** The product's embedded store: vectra's binary codec (index.pb), streamed into one SIMD search buffer. */
const product: Store = {
  async build(folder, ids, vectors) {
    await fs.mkdir(folder, { recursive: true });
    const items = vectors.map((vector, i) => ({ passageId: ids[i]!, articleId: `a${i % 50}`, vector }));
    await writeVectorFolder(path.join(folder, VECTRA_INDEX_FILE), null, () => true, items);
    await fs.writeFile(path.join(folder, SHAPE_FILE), JSON.stringify({ count: vectors.length, dims: vectors[0]?.length ?? 0 }));
  },
  async open(folder) {
    const { count, dims } = JSON.parse(await fs.readFile(path.join(folder, SHAPE_FILE), 'utf8')) as { count: number; dims: number };
    return EmbeddedVectorStore.open(folder, count, dims);
  },
};
/** What the product's manifest records (count and dimensions), here beside the bench's folder. */
const SHAPE_FILE = 'shape.json';

const TYPED_FILE = 'vectors.f32';

/** The baseline: one Float32Array read in one go, scored by a plain JavaScript loop. */
const typedArray: Store = {
  async build(folder, _ids, vectors) {
    const dims = vectors[0]?.length ?? 0;
    const all = new Float32Array(vectors.length * dims);
    vectors.forEach((v, i) => all.set(v, i * dims));
    await fs.mkdir(folder, { recursive: true });
    await fs.writeFile(path.join(folder, TYPED_FILE), new Uint8Array(all.buffer));
  },
  async open(folder) {
    const bytes = await fs.readFile(path.join(folder, TYPED_FILE));
    const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    return {
      async query(vector, topK) {
        const dims = vector.length;
        const rows = all.length / dims;
        const scores = new Float32Array(rows);
        for (let r = 0, o = 0; r < rows; r++, o += dims) {
          let sum = 0;
          for (let j = 0; j < dims; j++) sum += vector[j]! * all[o + j]!;
          scores[r] = sum;
        }
        // Top k: candidates above the running floor, trimmed back to k whenever they reach 2k.
        const byScore = (a: number, b: number) => scores[b]! - scores[a]!;
        let top: number[] = [];
        let floor = -Infinity;
        for (let r = 0; r < rows; r++) {
          if (scores[r]! <= floor) continue;
          top.push(r);
          if (top.length >= 2 * topK) {
            top = top.sort(byScore).slice(0, topK);
            floor = scores[top[topK - 1]!]!;
          }
        }
        return top.sort(byScore).slice(0, topK);
      },
    };
  },
};

export const STORES: Record<StoreName, Store> = { vectra, product, 'typed-array': typedArray };
