/**
 * The embedder calls the tokenizer and the ONNX model directly (not the feature-extraction
 * pipeline) and batches texts by length: its vectors must still be the pipeline's, in input order.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { lengthSortedBatches } from '../../src/embed/batching.js';
import { meanPoolNormalized } from '../../src/embed/pooling.js';
import { loadTransformersEmbedder } from '../../src/embed/transformers-embedder.js';
import type { Embedder } from '../../src/embed/types.js';
import { generateTinyModel } from '../../src/tools/onnx/index.js';

const TEXTS = [
  'General Luong Tam Quang holdt avslutningstalen ved signeringsseremonien i Hanoi.',
  'Kort.',
  'An der Unterzeichnungszeremonie nahmen Delegierte aus 110 Ländern teil, darunter Vertreter von Regierungen, Organisationen und der Zivilgesellschaft.',
  'Під час церемонії підписання',
  "La cérémonie de signature s'est conclue.",
];

let dir: string;
let embedder: Embedder;
let modelDir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedder-'));
  modelDir = generateTinyModel(path.join(dir, 'tiny-bert')).dir;
  // Batches of 2 over texts of different lengths: sorting by length reorders them. fp32, because q8's
  // dynamic quantisation scales activations over the whole batch: any batching (the pipeline's too)
  // moves q8 vectors by ~1e-4.
  const config = loadConfig({ MODEL_DIR: modelDir, MODEL_ID: 'tiny-bert', MODEL_DTYPE: 'fp32', EMBED_BATCH_SIZE: '2', MODEL_CACHE_DIR: path.join(dir, 'cache') });
  embedder = await loadTransformersEmbedder(config.model);
});

afterAll(async () => {
  await embedder.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (x, i) => Math.abs(x - b[i]!)));

describe('transformers embedder', () => {
  it('makes the feature-extraction pipeline’s vectors (mean-pooled, normalised), in input order', async () => {
    const progress: number[] = [];
    const vectors = await embedder.embedPassages(TEXTS, (done) => progress.push(done));
    const extractor = await pipeline('feature-extraction', path.basename(modelDir), { dtype: 'fp32' });
    const expected = (await extractor(TEXTS, { pooling: 'mean', normalize: true })).tolist() as number[][];
    await extractor.dispose();
    vectors.forEach((v, i) => expect(maxDifference(v, expected[i]!)).toBeLessThan(1e-5));
    expect(progress).toEqual([2, 4, 5]);
    const query = await embedder.embedQuery(TEXTS[0]!);
    expect(maxDifference(query, vectors[0]!)).toBeLessThan(1e-5); // no prefixes for this model
  });

  it('counts passage tokens as the model sees them, and embeds a counted text the same as an uncounted one', async () => {
    expect(env.localModelPath).toBe(path.dirname(modelDir));
    const counted = embedder.countPassageTokens(TEXTS[2]!);
    expect(counted).toBeGreaterThan(10);
    const [after] = await embedder.embedPassages([TEXTS[2]!]);
    const [again] = await embedder.embedPassages([TEXTS[2]!]);
    expect(maxDifference(after!, again!)).toBe(0);
  });
});

describe('embedding helpers', () => {
  it('groups indices by length, shortest first, stable among equals', () => {
    expect(lengthSortedBatches([5, 1, 3, 1, 9], 2)).toEqual([[1, 3], [2, 0], [4]]);
    expect(lengthSortedBatches([], 4)).toEqual([]);
  });

  it('mean-pools only a row’s real tokens and normalises', () => {
    // 2 rows × width 3 × 2 dims; row 1 has 2 real tokens, its third is padding.
    const hidden = Float32Array.from([1, 0, 0, 0, 0, 0, 3, 4, 1, 0, 100, 100]);
    expect(Array.from(meanPoolNormalized(hidden, 0, 1, 3, 2))).toEqual([1, 0]);
    const pooled = meanPoolNormalized(hidden, 1, 2, 3, 2);
    expect(pooled[0]).toBeCloseTo(4 / Math.hypot(4, 4), 6);
    expect(pooled[1]).toBeCloseTo(4 / Math.hypot(4, 4), 6);
  });
});
