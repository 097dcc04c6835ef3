/**
 * The concept-lexicon test model, loaded for real by transformers.js (onnxruntime-node underneath):
 * a question and a statement of the same fact in another language must come out close, unrelated
 * sentences apart, through the library's pipeline, through the product's embedder (MODEL_DIR), and
 * into a hybrid index.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { AutoTokenizer, env, pipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIndexer } from '../../src/app/indexer.js';
import { loadConfig } from '../../src/config.js';
import { loadTransformersEmbedder } from '../../src/embed/transformers-embedder.js';
import { EmbeddedBackend } from '../../src/store/embedded/backend.js';
import { readManifest } from '../../src/store/index-store.js';
import { generateConceptModel, parseLexicon, type ConceptModel } from '../../src/tools/onnx/index.js';
import { makeWorkspace, TEST_LEXICON } from '../support/workspace.js';

const QUESTION = 'How many countries signed the convention?';
const STATEMENTS = {
  norwegian: 'Representanter fra 72 land signerte konvensjonen under seremonien.',
  german: 'Vertreter aus 72 Ländern haben das Übereinkommen unterzeichnet.',
  french: 'La convention a été signée par des représentants de 72 pays.',
};
const UNRELATED = {
  english: 'The weather in Oslo was cold and rainy on Tuesday.',
  german: 'Der Gipfel umfasste Diskussionsrunden und Nebenveranstaltungen.',
  french: 'Le général a accordé une interview à la presse.',
};

let scratch: string;
let model: ConceptModel;
const saved = { localModelPath: env.localModelPath, allowRemoteModels: env.allowRemoteModels, allowLocalModels: env.allowLocalModels };

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'concept-model-'));
  model = generateConceptModel(TEST_LEXICON, join(scratch, 'concept-model'));
  Object.assign(env, { localModelPath: dirname(model.dir), allowLocalModels: true, allowRemoteModels: false });
});

afterAll(() => {
  Object.assign(env, saved);
  rmSync(scratch, { recursive: true, force: true });
});

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((sum, x, i) => sum + x * b[i]!, 0);

/** Cosines of the question with each sentence, printed so a run shows the margin, not only pass or fail. */
function report(label: string, question: ArrayLike<number>, vectors: Record<string, ArrayLike<number>>): Record<string, number> {
  const cosines = Object.fromEntries(Object.entries(vectors).map(([name, v]) => [name, Number(dot(question, v).toFixed(3))]));
  console.log(`${label}: cosine with "${QUESTION}"`, cosines);
  return cosines;
}

describe('concept lexicon', () => {
  it('reads one concept a line, lower-cased, comments and blank lines skipped, a multi-word entry giving each word', () => {
    const concepts = parseLexicon('# countries\ncountry | Land | Länder | країна\n\nmany | how many | wie viele  # counting\n');
    expect(concepts).toEqual([
      { name: 'country', words: ['country', 'land', 'länder', 'країна'], line: 2 },
      { name: 'many', words: ['many', 'how', 'wie', 'viele'], line: 4 },
    ]);
  });

  it('refuses a concept defined twice and a line without a word, naming the line', () => {
    expect(() => parseLexicon('country | land\ncountry | pays', 'lex.txt')).toThrow(/lex\.txt:2: concept "country" is already defined on line 1/);
    expect(() => parseLexicon('country | land\n| - |', 'lex.txt')).toThrow(/lex\.txt:2: no word/);
    expect(() => parseLexicon('# nothing\n', 'lex.txt')).toThrow(/no concepts/);
  });
});

describe('concept model through transformers.js', () => {
  it('tokenises lexicon words whole, compounds by their lexicon parts, figures literally', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(basename(model.dir));
    expect(tokenizer.tokenize('Signeringsseremonien: 72 Ländern')).toEqual(['signering', '##s', '##seremonien', ':', '7', '##2', 'ländern']);
    expect(tokenizer.tokenize('Zyxw')).toEqual(['z', '##y', '##x', '##w']);
  });

  it('puts a question near its answer in other languages and far from unrelated sentences, fp32 and q8', async () => {
    for (const dtype of ['fp32', 'q8'] as const) {
      const extractor = await pipeline('feature-extraction', basename(model.dir), { dtype });
      try {
        const texts = [QUESTION, ...Object.values(STATEMENTS), ...Object.values(UNRELATED)];
        const [question, ...rest] = (await extractor(texts, { pooling: 'mean', normalize: true })).tolist() as number[][];
        const names = [...Object.keys(STATEMENTS).map((k) => `statement.${k}`), ...Object.keys(UNRELATED).map((k) => `unrelated.${k}`)];
        const cosines = Object.values(report(`pipeline ${dtype}`, question!, Object.fromEntries(names.map((n, i) => [n, rest[i]!]))));
        const statements = cosines.slice(0, 3);
        const unrelated = cosines.slice(3);
        expect(Math.min(...statements)).toBeGreaterThan(0.35);
        expect(Math.max(...unrelated)).toBeLessThan(0.15);
      } finally {
        await extractor.dispose();
      }
    }
  }, 30_000);

  it('loads through the product’s embedder with MODEL_DIR, which ranks the statements above the unrelated sentences', async () => {
    const config = loadConfig({ MODEL_DIR: model.dir, MODEL_ID: 'concept-model', MODEL_CACHE_DIR: join(scratch, 'cache') });
    const embedder = await loadTransformersEmbedder(config.model);
    try {
      expect(embedder.signature).toEqual({ id: 'concept-model', dimensions: 128, dtype: 'q8', prefixScheme: 'none' });
      const passages = [...Object.values(UNRELATED), ...Object.values(STATEMENTS)];
      const vectors = await embedder.embedPassages(passages);
      const question = await embedder.embedQuery(QUESTION);
      report('embedder q8', question, Object.fromEntries(passages.map((p, i) => [p.slice(0, 24), vectors[i]!])));
      const ranked = passages.map((p, i) => ({ p, score: dot(question, vectors[i]!) })).sort((a, b) => b.score - a.score);
      expect(new Set(ranked.slice(0, 3).map((r) => r.p))).toEqual(new Set(Object.values(STATEMENTS)));
    } finally {
      await embedder.dispose();
    }
  }, 30_000);

  it('builds a hybrid index of the seed articles, whose nearest passage to the English question states the count in another language', async () => {
    const workspace = makeWorkspace({ model: 'concepts' });
    const embedder = await loadTransformersEmbedder(workspace.config.model);
    try {
      const report = await runIndexer(workspace.config, { embedder });
      expect(report).toMatchObject({ mode: 'hybrid', model: 'concept-model', warnings: [] });
      expect((await readManifest(workspace.indexDir))?.model).toEqual({ id: 'concept-model', dimensions: 128, dtype: 'q8', prefixScheme: 'none' });
      const stored = await new EmbeddedBackend(workspace.indexDir).open();
      const [nearest] = await stored.vectors!.query(await embedder.embedQuery(QUESTION), 1);
      const [passage] = await stored.documents.passages([nearest!.passageId]);
      await stored.close();
      console.log(`nearest seed passage (cosine ${nearest!.score.toFixed(3)}): ${passage!.text.slice(0, 100)}…`);
      expect(passage!.text).toMatch(/72 (land|Länder|pays)/);
    } finally {
      await embedder.dispose();
      workspace.cleanup();
    }
  }, 60_000);

  it('writes byte-identical models for the same lexicon and seed', () => {
    const again = generateConceptModel(TEST_LEXICON, join(scratch, 'again', 'concept-model'));
    const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    for (const file of ['fp32', 'q8', 'tokenizer'] as const) expect(digest(again.files[file])).toBe(digest(model.files[file]));
  });
});
