/**
 * The embedded vector store: top k by cosine as a full sort would give (WebAssembly SIMD for
 * dimensions that are a multiple of 8, a plain loop otherwise), and what it refuses.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VECTRA_INDEX_FILE } from '../../../src/store/embedded/vectra-file.js';
import { EmbeddedVectorStore, INT8_ROWS_FILE, writeVectorFolder } from '../../../src/store/embedded/vector-store.js';
import { normOf } from '../../../src/store/embedded/vectra-file.js';
import { VectorMatrix } from '../../../src/store/embedded/vector-matrix.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vector-store-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Deterministic vectors, not unit length, so cosine and dot product differ. */
function vectors(count: number, dims: number, seed = 1): Float32Array[] {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  return Array.from({ length: count }, () => Float32Array.from({ length: dims }, next));
}

const cosine = (a: Float32Array, b: Float32Array) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    dot += x * b[i]!;
    na += x * x;
    nb += b[i]! * b[i]!;
  });
  return dot / Math.sqrt(na * nb);
};

const items = (vs: Float32Array[]) => vs.map((vector, i) => ({ passageId: `p${i}`, articleId: `a${i % 3}`, vector }));
const write = (vs: Float32Array[], previous: string | null = null, keep = () => true) => writeVectorFolder(path.join(dir, VECTRA_INDEX_FILE), previous, keep, items(vs));

describe.each([
  ['WebAssembly SIMD', 384],
  ['plain loop', 5],
])('EmbeddedVectorStore (%s, %i dimensions)', (_, dims) => {
  it('returns the top k by cosine, best first, as a full sort would', async () => {
    const stored = vectors(300, dims);
    await write(stored);
    const store = await EmbeddedVectorStore.open(dir, stored.length, dims);
    for (const query of vectors(5, dims, 99)) {
      const expected = stored
        .map((v, i) => ({ passageId: `p${i}`, score: cosine(query, v) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10);
      const hits = await store.query(query, 10);
      expect(hits.map((h) => h.passageId)).toEqual(expected.map((e) => e.passageId));
      hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]!.score, 5));
    }
  });
});

describe.each([
  ['WebAssembly SIMD', 384],
  ['plain loop', 24],
])('EmbeddedVectorStore int8 first pass (%s, %i dimensions)', (_, dims) => {
  it('changes nothing: the same hits and scores, in the same order, as a full float32 scan', async () => {
    // Crowded vectors (one direction plus noise) make near-ties, where a quantised score alone would misorder.
    const base = vectors(1, dims, 7)[0]!;
    const stored = vectors(2000, dims, 3).map((noise) => base.map((x, j) => x + 0.05 * noise[j]!));
    stored.push(Float32Array.from(stored[10]!), new Float32Array(dims));
    await write(stored);
    const store = await EmbeddedVectorStore.open(dir, stored.length, dims);
    const full = VectorMatrix.fromRows(stored);
    try {
      for (const [q, query] of [...vectors(8, dims, 42).map((noise) => base.map((x, j) => x + 0.1 * noise[j]!)), ...vectors(4, dims, 43)].entries()) {
        const k = [1, 10, 30][q % 3]!;
        const queryNorm = Math.hypot(...query);
        const dots = Float32Array.from(full.dots(query));
        const expected = stored
          .map((v, row) => ({ row, score: normOf(v) * queryNorm > 0 ? dots[row]! / (normOf(v) * queryNorm) : 0 }))
          .sort((a, b) => b.score - a.score || a.row - b.row)
          .slice(0, k)
          .map((e) => ({ passageId: `p${e.row}`, score: e.score }));
        expect(await store.query(query, k)).toEqual(expected);
      }
    } finally {
      await store.close();
    }
  });

  it('answers the same from the int8 rows written at index time as from quantising at open (an index written before them)', async () => {
    const stored = vectors(500, dims, 11);
    await write(stored);
    const fromFile = await EmbeddedVectorStore.open(dir, stored.length, dims);
    const queries = vectors(6, dims, 12);
    const expected = await Promise.all(queries.map((q) => fromFile.query(q, 10)));
    await fromFile.close();
    fs.rmSync(path.join(dir, INT8_ROWS_FILE));
    const quantisedAtOpen = await EmbeddedVectorStore.open(dir, stored.length, dims);
    for (const [i, q] of queries.entries()) expect(await quantisedAtOpen.query(q, 10)).toEqual(expected[i]);
    await quantisedAtOpen.close();
  });

  it('reads vectors back as written', async () => {
    const stored = vectors(50, dims, 5);
    await write(stored);
    const store = await EmbeddedVectorStore.open(dir, stored.length, dims);
    const read = await store.vectorsOf(['p3', 'p49', 'absent']);
    expect([...read.keys()]).toEqual(['p3', 'p49']);
    expect(read.get('p49')).toEqual(stored[49]);
    expect((await store.sample(5)).map((v) => stored.findIndex((s) => s.every((x, j) => x === v[j])))).toEqual([0, 10, 20, 30, 40]);
    await store.close();
  });
});

describe('the vector folder', () => {
  it('refuses a file holding fewer or more vectors than the manifest records', async () => {
    await write(vectors(3, 8));
    await expect(EmbeddedVectorStore.open(dir, 4, 8)).rejects.toThrow(/3 vectors, not the 4/);
    await expect(EmbeddedVectorStore.open(dir, 2, 8)).rejects.toThrow(/more than the 2 vectors/);
    fs.truncateSync(path.join(dir, VECTRA_INDEX_FILE), 100);
    await expect(EmbeddedVectorStore.open(dir, 3, 8)).rejects.toThrow(/ends inside an item|truncated/);
  });

  it('opens an empty index and finds nothing', async () => {
    await write([]);
    const store = await EmbeddedVectorStore.open(dir, 0, 8);
    expect(await store.query(new Float32Array(8), 5)).toEqual([]);
  });
});
