/**
 * The vector index: vectra's index.json beside a binary vectors file, searched by brute force
 * (WebAssembly SIMD for dimensions that are a multiple of 8, a plain loop otherwise).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalIndex } from 'vectra';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VectorIndex } from '../../src/store/vector-index.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vector-index-'));
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
    nb += b[i]! * b[i]! ;
  });
  return dot / Math.sqrt(na * nb);
};

const items = (vs: Float32Array[]) => vs.map((vector, i) => ({ passageId: `p${i}`, articleId: `a${i % 3}`, vector }));

describe.each([
  ['WebAssembly SIMD', 384],
  ['plain loop', 5],
])('VectorIndex (%s, %i dimensions)', (_, dims) => {
  it('returns the top k by cosine, best first, as a full sort would', async () => {
    const stored = vectors(300, dims);
    await VectorIndex.create(dir, items(stored));
    const index = await VectorIndex.open(dir);
    for (const query of vectors(5, dims, 99)) {
      const expected = stored
        .map((v, i) => ({ passageId: `p${i}`, score: cosine(query, v) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10);
      const hits = await index.query(query, 10);
      expect(hits.map((h) => h.passageId)).toEqual(expected.map((e) => e.passageId));
      hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]!.score, 5));
    }
  });

  it('gives back every vector as stored', async () => {
    const stored = vectors(20, dims);
    await VectorIndex.create(dir, items(stored));
    const back = await (await VectorIndex.open(dir)).vectors();
    expect([...back.keys()]).toEqual(stored.map((_, i) => `p${i}`));
    stored.forEach((v, i) => expect(back.get(`p${i}`)).toEqual(v));
  });
});

describe('VectorIndex files', () => {
  it('writes an index.json that vectra itself lists, with the passage ids and article metadata', async () => {
    await VectorIndex.create(dir, items(vectors(4, 8)));
    const listed = await new LocalIndex(dir).listItems();
    expect(listed.map((i) => [i.id, i.metadata])).toEqual([
      ['p0', { articleId: 'a0' }],
      ['p1', { articleId: 'a1' }],
      ['p2', { articleId: 'a2' }],
      ['p3', { articleId: 'a0' }],
    ]);
    expect(fs.statSync(path.join(dir, 'vectors.f32')).size).toBe(4 * 8 * 4);
  });

  it('still reads a folder vectra wrote with the vectors inside index.json (indexes built before)', async () => {
    const stored = vectors(12, 16);
    const legacy = new LocalIndex<{ articleId: string }>(dir);
    await legacy.createIndex({ version: 1 });
    await legacy.beginUpdate();
    for (const item of items(stored)) await legacy.insertItem({ id: item.passageId, vector: Array.from(item.vector), metadata: { articleId: item.articleId } });
    await legacy.endUpdate();

    const index = await VectorIndex.open(dir);
    const expected = await legacy.queryItems(Array.from(stored[3]!), '', 5);
    const hits = await index.query(stored[3]!, 5);
    expect(hits.map((h) => h.passageId)).toEqual(expected.map((e) => e.item.id));
    hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]!.score, 5));
  });

  it('refuses a vectors file of the wrong size, and a folder with no index', async () => {
    await VectorIndex.create(dir, items(vectors(3, 8)));
    fs.truncateSync(path.join(dir, 'vectors.f32'), 3 * 8 * 4 - 4);
    await expect(VectorIndex.open(dir)).rejects.toThrow(/not 3 float32 vectors/);
    await expect(VectorIndex.open(path.join(dir, 'absent'))).rejects.toThrow(/no vector index/);
  });

  it('opens an empty index and finds nothing', async () => {
    await VectorIndex.create(dir, []);
    const index = await VectorIndex.open(dir);
    expect(await index.query(new Float32Array(8), 5)).toEqual([]);
  });
});
