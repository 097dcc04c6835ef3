/**
 * The generated tiny model, loaded for real by transformers.js (onnxruntime-node underneath):
 * no mocks. The weights are random, so only the mechanics are checked, not meaning.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { AutoTokenizer, env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTinyModel, type GeneratedModel } from '../../src/tools/onnx/index.js';
import { encodeVarint, ProtoMessage } from '../../src/tools/onnx/protobuf.js';
import { quantizeColumns, quantizeTensor, roundHalfToEven } from '../../src/tools/onnx/quantize.js';
import { materialize, uniformSource } from '../../src/tools/onnx/weights.js';

const SENTENCES = {
  norwegian: 'General Luong Tam Quang holdt avslutningstalen ved signeringsseremonien.',
  swedish: 'Premiärminister Pham Minh Chinh håller öppningsanförandet på hög nivå.',
  ukrainian: 'Під час церемонії підписання міністр Луонг Там Куанг наголосив на трьох консенсусних результатах.',
  german: 'An der Unterzeichnungszeremonie nahmen Delegierte aus 110 Ländern teil.',
  french: "La cérémonie de signature de la Convention des Nations Unies s'est conclue avec succès.",
};
const TEXTS = Object.values(SENTENCES);

let scratch: string;
let model: GeneratedModel;
let modelId: string;
const saved = { localModelPath: env.localModelPath, allowRemoteModels: env.allowRemoteModels, allowLocalModels: env.allowLocalModels };

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'make-model-'));
  model = generateTinyModel(join(scratch, 'tiny-bert'));
  env.localModelPath = dirname(model.dir);
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  modelId = basename(model.dir);
});

afterAll(() => {
  Object.assign(env, saved);
  rmSync(scratch, { recursive: true, force: true });
});

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

async function embed(extractor: FeatureExtractionPipeline, texts: string[]): Promise<number[][]> {
  const output = await extractor(texts, { pooling: 'mean', normalize: true });
  return output.tolist() as number[][];
}

describe('generateTinyModel', () => {
  it('writes the files transformers.js looks for, small', () => {
    expect(model.files.fp32.endsWith(join('onnx', 'model.onnx'))).toBe(true);
    expect(model.files.q8.endsWith(join('onnx', 'model_quantized.onnx'))).toBe(true);
    expect(model.sizes.fp32).toBeLessThan(2_000_000);
    expect(model.sizes.q8).toBeLessThan(model.sizes.fp32);
  });

  it('tokenises seed words in Ukrainian and German without [UNK], accents kept', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(modelId);
    for (const text of [SENTENCES.ukrainian, SENTENCES.german]) {
      const tokens = tokenizer.tokenize(text);
      expect(tokens).not.toContain('[UNK]');
      expect(tokens.some((t) => t.startsWith('##'))).toBe(false); // every seed word is a whole token
    }
    expect(tokenizer.tokenize('Ländern')).toEqual(['ländern']);
    const { input_ids } = tokenizer('Церемонії');
    const ids = Array.from(input_ids.data as BigInt64Array, Number);
    expect(ids).toEqual(tokenizer.convert_tokens_to_ids(['[CLS]', 'церемонії', '[SEP]']));
  });

  it('spells unseen words with character pieces instead of [UNK]', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(modelId);
    const tokens = tokenizer.tokenize('Zyxwvø квітень');
    expect(tokens).not.toContain('[UNK]');
    expect(tokens).toContain('##ø');
  });

  it('embeds with dtype fp32 and q8: normalised, distinct per text, stable per text, q8 close to fp32', async () => {
    const fp32 = await pipeline('feature-extraction', modelId, { dtype: 'fp32' });
    const q8 = await pipeline('feature-extraction', modelId, { dtype: 'q8' });
    try {
      const vectors = await embed(fp32, TEXTS);
      const single = await embed(fp32, [SENTENCES.german]);
      const singleAgain = await embed(fp32, [SENTENCES.german]);
      const quantized = await embed(q8, TEXTS);

      for (const v of vectors) {
        expect(v).toHaveLength(model.shape.hiddenSize);
        expect(Math.hypot(...v)).toBeCloseTo(1, 5);
      }
      for (let i = 0; i < vectors.length; i++) {
        for (let j = i + 1; j < vectors.length; j++) expect(cosine(vectors[i]!, vectors[j]!)).toBeLessThan(0.999);
      }
      expect(singleAgain).toEqual(single);
      // Alone or padded in a batch, the same text gives the same vector (masking works).
      expect(cosine(single[0]!, vectors[TEXTS.indexOf(SENTENCES.german)]!)).toBeGreaterThan(0.99999);
      quantized.forEach((v, i) => expect(cosine(v, vectors[i]!)).toBeGreaterThan(0.9));
    } finally {
      await Promise.all([fp32.dispose(), q8.dispose()]);
    }
  }, 30_000);
});

describe('protobuf encoder', () => {
  it('writes varints as the wire format says, negatives as ten-byte two\'s complement', () => {
    expect([...encodeVarint(1)]).toEqual([1]);
    expect([...encodeVarint(300)]).toEqual([0xac, 0x02]);
    expect([...encodeVarint(-1)]).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it('prefixes nested messages and lazy bytes with their exact lengths', () => {
    const inner = new ProtoMessage().string(1, 'ab');
    const lazy = { byteLength: 3, *chunks() { yield Uint8Array.of(7, 8); yield Uint8Array.of(9); } };
    const outer = new ProtoMessage().int(1, 150).message(2, inner).lazyBytes(3, lazy).float(4, 1);
    expect([...outer.toBytes()]).toEqual([0x08, 0x96, 0x01, 0x12, 4, 0x0a, 2, 97, 98, 0x1a, 3, 7, 8, 9, 0x25, 0, 0, 0x80, 0x3f]);
    expect(outer.byteLength).toBe(outer.toBytes().length);
  });

  it('refuses a lazy field that yields a different length than it promised', () => {
    const liar = { byteLength: 4, *chunks() { yield Uint8Array.of(1); } };
    expect(() => new ProtoMessage().lazyBytes(1, liar).toBytes()).toThrow(/promised 4 bytes/);
  });
});

describe('quantization as onnxruntime quantize_dynamic does it', () => {
  it('rounds halves to even, like numpy', () => {
    expect([2.5, 3.5, -2.5, -3.5, 1.4, -1.6].map(roundHalfToEven)).toEqual([2, 4, -2, -4, 1, -2]);
  });

  it('quantizes MatMul weights per output column into the reduced range [-64, 64], zero point 0', () => {
    const weights = Float32Array.of(0.5, -0.02, -0.25, 0.01); // [2 rows, 2 cols]
    const q = quantizeColumns(weights, 2, 2);
    expect([...q.data]).toEqual([64, -64, -32, 32]);
    expect([...q.scales]).toEqual([Math.fround(0.5 / 64), Math.fround(0.02 / 64)]);
    expect([...q.zeroPoints]).toEqual([0, 0]);
  });

  it('quantizes an embedding table with one scale over [-127, 127]', () => {
    const source = uniformSource(1, 10_000, 0.5);
    const values = materialize(source);
    const q = quantizeTensor(source);
    const bytes = Int8Array.from(Buffer.concat([...q.data.chunks()]), (byte) => (byte << 24) >> 24);
    const largest = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(q.scale).toBe(Math.fround((largest * 2) / 254));
    expect(Math.max(...bytes.map(Math.abs))).toBe(127);
    expect(bytes[0]).toBe(roundHalfToEven(Math.fround(values[0]! / q.scale)));
  });
});

describe('determinism', () => {
  it('writes byte-identical models for the same seed', () => {
    const again = generateTinyModel(join(scratch, 'tiny-bert-again'));
    const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(digest(again.files.fp32)).toBe(digest(model.files.fp32));
    expect(digest(again.files.q8)).toBe(digest(model.files.q8));
  });
});
