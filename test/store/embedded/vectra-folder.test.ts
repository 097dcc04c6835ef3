/**
 * The embedded vector folder is a vectra LocalIndex (binary codec): vectra's own API lists and
 * queries what the product writes, and the product reads back what vectra writes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalIndex, ProtobufCodec } from 'vectra';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedBackend } from '../../../src/store/embedded/backend.js';
import { readVectraFile, VECTRA_INDEX_FILE } from '../../../src/store/embedded/vectra-file.js';
import { analyse, changeOf, Oracle, seedArticles, vectorFor } from '../contract/corpus.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vectra-folder-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const vectorsFolder = () => path.join(dir, JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).generation, 'vectors');

describe('the vector folder the product writes', () => {
  it("is read by vectra's LocalIndex: queryItems returns the nearest passages by cosine, with their article", async () => {
    const corpus = seedArticles().map((a) => analyse(a, true));
    await new EmbeddedBackend(dir).apply(changeOf(corpus, { hybrid: true, rebuild: true }));
    const index = new LocalIndex<{ articleId: string }>(vectorsFolder(), undefined, undefined, new ProtobufCodec());
    expect(await index.isIndexCreated()).toBe(true);
    const oracle = new Oracle(corpus);
    expect((await index.listItems()).length).toBe(oracle.passages.length);
    for (const seed of ['a', 'b', 'c']) {
      const query = vectorFor(seed);
      const results = await index.queryItems(Array.from(query), '', 5);
      const expected = oracle.cosineTop(query, 5);
      expect(results.map((r) => r.item.id)).toEqual(expected.map((e) => e.passageId));
      results.forEach((r, i) => expect(r.score).toBeCloseTo(expected[i]!.score, 5));
      for (const r of results) expect(r.item.metadata.articleId).toBe(oracle.passages.find((p) => p.passage.id === r.item.id)!.passage.articleId);
    }
  });

  it('reads a file vectra wrote, item by item, across read-buffer boundaries', async () => {
    const index = new LocalIndex<{ articleId: string }>(dir, undefined, undefined, new ProtobufCodec());
    await index.createIndex({ version: 1, deleteIfExists: true });
    const items = Array.from({ length: 40 }, (_, i) => ({ id: `p${i}`, vector: Array.from(vectorFor(`p${i}`)), metadata: { articleId: `a${i % 3}` } }));
    await index.beginUpdate();
    for (const item of items) await index.insertItem(item);
    await index.endUpdate();
    const read = [];
    for await (const record of readVectraFile(path.join(dir, VECTRA_INDEX_FILE), 100)) {
      read.push({ id: record.id, articleId: record.articleId, vector: Array.from(new Float32Array(record.vector.slice().buffer)), norm: record.norm });
    }
    expect(read.map((r) => r.id)).toEqual(items.map((i) => i.id));
    read.forEach((r, i) => {
      expect(r.articleId).toBe(items[i]!.metadata.articleId);
      r.vector.forEach((x, j) => expect(x).toBeCloseTo(items[i]!.vector[j]!, 6));
      expect(r.norm).toBeCloseTo(Math.hypot(...items[i]!.vector), 5);
    });
  });
});
