import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runIndexer } from '../../src/app/indexer.js';
import { openResearchService } from '../../src/app/service.js';
import { cosine } from '../../src/embed/similarity.js';
import { describeError } from '../../src/errors.js';
import { generateTinyModel } from '../../src/tools/onnx/index.js';
import { readStoredIndex } from '../support/stored-index.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

let workspace: Workspace;
afterEach(() => workspace?.cleanup());

const readStored = async (w: Workspace) => {
  const { manifest, passages, vectors } = await readStoredIndex(w.indexDir);
  return { manifest, passages, vectors: vectors! };
};

const readManifestFile = (w: Workspace) => JSON.parse(fs.readFileSync(path.join(w.indexDir, 'manifest.json'), 'utf8'));

describe('indexing with the generated tiny model (transformers.js for real)', () => {
  it('builds a hybrid index whose vectors have the model dimension and a manifest describing it', async () => {
    workspace = makeWorkspace({ model: 'tiny' });
    const report = await runIndexer(workspace.config);
    expect(report).toMatchObject({ articles: 5, mode: 'hybrid', model: 'tiny-bert', changed: [], removed: [] });
    expect(report.added).toHaveLength(5);
    const manifest = readManifestFile(workspace);
    expect(manifest).toMatchObject({ mode: 'hybrid', tokenCounter: 'model', model: { id: 'tiny-bert', dimensions: 32, dtype: 'q8', prefixScheme: 'none' } });
    for (const [id, entry] of Object.entries<{ hash: string; passages: number }>(manifest.articles)) {
      expect(id).toMatch(/\.txt$/);
      expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(entry.passages).toBeGreaterThan(0);
    }
    const stored = await readStored(workspace);
    const { vectors } = stored;
    expect(vectors.size).toBe(stored.passages.length);
    for (const v of vectors.values()) {
      expect(v).toHaveLength(32);
      expect(Math.hypot(...v)).toBeCloseTo(1, 4);
    }
  }, 60_000);

  it('re-embeds only the edited article, drops a deleted one, and loads no model when nothing changed', async () => {
    workspace = makeWorkspace({ model: 'tiny' });
    await runIndexer(workspace.config);
    const { vectors: beforeVectors } = await readStored(workspace);

    // With the model's weights gone, any attempt to load it would fall back to keyword-only.
    const onnxDir = path.join(workspace.env.MODEL_DIR!, 'onnx');
    const hidden = `${onnxDir}.hidden`;
    fs.renameSync(onnxDir, hidden);
    const unchanged = await runIndexer(workspace.config);
    expect(unchanged).toMatchObject({ added: [], changed: [], removed: [], unchanged: 5, mode: 'hybrid' });
    expect(unchanged.seconds).toBeLessThan(1);
    fs.renameSync(hidden, onnxDir);

    const edited = path.join(workspace.seedsDir, '003_e08478164ab21d36.txt');
    fs.writeFileSync(edited, fs.readFileSync(edited, 'utf8').replace('mehr als 2.500 Delegierte', 'mehr als 2.600 Delegierte'));
    fs.rmSync(path.join(workspace.seedsDir, '001_2bbfcbddf29d72c1.txt'));
    const report = await runIndexer(workspace.config);
    expect(report).toMatchObject({ added: [], changed: ['003_e08478164ab21d36.txt'], removed: ['001_2bbfcbddf29d72c1.txt'], unchanged: 3, articles: 4 });

    const after = await readStored(workspace);
    const afterVectors = after.vectors;
    expect(after.passages.some((p) => p.articleId === '001_2bbfcbddf29d72c1.txt')).toBe(false);
    expect(after.passages.some((p) => p.text.includes('2.600 Delegierte'))).toBe(true);
    // Unchanged articles keep their passages and the very same vectors.
    for (const p of after.passages.filter((p) => p.articleId === '000_dea65f15ca7fd346.txt')) {
      expect(afterVectors.get(p.id)).toEqual(beforeVectors.get(p.id));
    }
  }, 60_000);

  it('re-embeds every article when the model files changed under the same MODEL_ID and MODEL_DIR: no index mixes two models', async () => {
    workspace = makeWorkspace({ model: 'tiny' });
    await runIndexer(workspace.config);
    const before = await readStored(workspace);
    // Other weights in the same folder, under the same id (as a copied-over model would be).
    generateTinyModel(workspace.env.MODEL_DIR!, { seed: 4242 });
    fs.writeFileSync(path.join(workspace.seedsDir, 'new.txt'), 'Der Rat tagte 2019 in Genf.\n\nhttps://example.org/new\n');
    const report = await runIndexer(workspace.config);
    expect(report.added).toEqual(['new.txt']);
    const after = await readStored(workspace);
    // Every passage that was there before has a new vector, from the new model.
    for (const [id, vector] of before.vectors) expect(cosine(after.vectors.get(id)!, vector)).toBeLessThan(0.99);
    expect(after.manifest.modelFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(after.manifest.modelFingerprint).not.toBe(before.manifest.modelFingerprint);
  }, 60_000);

  it('refuses to answer from an index built with another model, saying to re-index', async () => {
    workspace = makeWorkspace({ model: 'tiny' });
    await runIndexer(workspace.config);
    workspace.env.MODEL_ID = 'another-model';
    const error = await openResearchService(workspace.reload()).catch((e: unknown) => e);
    expect(describeError(error)).toMatch(/built with the model tiny-bert.*configured model is another-model.*npm run index/);
  }, 60_000);

  it('answers through the dense + keyword path with the tiny model', async () => {
    workspace = makeWorkspace({ model: 'tiny' });
    const service = await openResearchService(workspace.config, { buildIfMissing: true });
    const answer = await service.ask('Wie viele Länder müssen das Übereinkommen ratifizieren?');
    await service.close();
    expect(answer.mode).toBe('hybrid');
    expect(answer.timings.embedMs).toBeGreaterThan(0);
    expect(answer.answerLine).toMatch(/^mindestens 40 — stated by/);
    expect(answer.notices).toEqual([]);
  }, 60_000);
});

describe('re-indexing a running service', () => {
  it('embeds the changes with the serving model and keeps answering through it', async () => {
    workspace = makeWorkspace({ model: 'tiny' });
    const service = await openResearchService(workspace.config, { buildIfMissing: true });
    const edited = path.join(workspace.seedsDir, '003_e08478164ab21d36.txt');
    fs.writeFileSync(edited, fs.readFileSync(edited, 'utf8').replace('mindestens 40 Länder', 'mindestens 45 Länder'));
    const report = await service.reindex();
    expect(report).toMatchObject({ changed: ['003_e08478164ab21d36.txt'], mode: 'hybrid', model: 'tiny-bert' });
    const answer = await service.ask('Wie viele Länder müssen das Übereinkommen ratifizieren?');
    await service.close();
    expect(answer.mode).toBe('hybrid');
    expect(answer.answerLine).toMatch(/^mindestens 45 — stated by/);
  });
});

describe('keyword-only fallback', () => {
  it('builds a keyword-only index with one warning line when the model cannot be loaded, and says so in every answer', async () => {
    workspace = makeWorkspace({ model: 'missing' });
    const report = await runIndexer(workspace.config);
    expect(report.mode).toBe('lexical');
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toMatch(/^Keyword-only index: Could not load the embedding model .*absent.*MODEL_DIR/);
    expect(report.warnings[0]).not.toMatch(/\n|    at /);
    const manifest = readManifestFile(workspace);
    expect(manifest).toMatchObject({ mode: 'lexical', model: null, tokenCounter: 'estimate' });
    expect(manifest.lexicalReason).toMatch(/Could not load the embedding model/);

    const service = await openResearchService(workspace.config);
    const answer = await service.ask('Hvor mange land signerte konvensjonen?');
    expect(answer.mode).toBe('lexical');
    expect(answer.notices.join(' ')).toMatch(/Keyword search only/);
    expect(answer.answerLine).toMatch(/^The articles disagree: 72 \(4 of 5 articles\) · nästan 70 /);
  }, 60_000);

  it('skips unreadable and binary seed files with a warning naming them', async () => {
    workspace = makeWorkspace({ seeds: { 'good.txt': 'A paragraph about the harbour opening with 12 ships.\nSource: https://example.org/h', 'blob.txt': 'bin\u0000ary' } });
    const report = await runIndexer(workspace.config);
    expect(report.articles).toBe(1);
    expect(report.warnings).toEqual(['Skipped blob.txt: not UTF-8 text.']);
  });

  it('indexes UTF-8 text that contains U+FFFD, and skips bytes that are not UTF-8 (issue 22, item 17)', async () => {
    workspace = makeWorkspace({
      seeds: { 'replacement.txt': 'The signal read \uFFFD\uFFFD after the relay at Vardø failed with 14 errors.\nSource: https://example.org/r' },
    });
    // Latin-1 "Vardø": 0xF8 is not UTF-8.
    fs.writeFileSync(path.join(workspace.seedsDir, 'latin1.txt'), Buffer.from('The relay at Vard\xf8 failed.\n', 'latin1'));
    const report = await runIndexer(workspace.config);
    expect(report.warnings).toEqual(['Skipped latin1.txt: not UTF-8 text.']);
    expect(report.added).toEqual(['replacement.txt']);
    const { passages } = await readStored(workspace);
    expect(passages.map((p) => p.text).join('\n')).toContain('read \uFFFD\uFFFD after the relay at Vardø');
  });

  it('says what to do when the seeds folder is empty', async () => {
    workspace = makeWorkspace({ seeds: {} });
    await expect(runIndexer(workspace.config)).rejects.toThrow(/no readable articles in .*seeds/);
  });
});
