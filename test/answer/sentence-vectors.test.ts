import { DEFAULT_STAGES } from '../../src/answer/default-stages.js';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/answer/engine.js';
import { embedForIndex } from '../../src/app/embed-passages.js';
import { runIndexer } from '../../src/app/indexer.js';
import { storedReferenceVectors } from '../../src/app/reference-vectors.js';
import { analyzePassage } from '../../src/corpus/analyze-passage.js';
import { parseArticle, splitIntoPassages } from '../../src/corpus/index.js';
import { loadTransformersEmbedder } from '../../src/embed/transformers-embedder.js';
import type { Embedder } from '../../src/embed/types.js';
import { openBackend } from '../../src/store/backend.js';
import { memorySnapshotStores } from '../../src/store/memory/memory-store.js';
import type { IndexSnapshot } from '../../src/store/seam.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { COUNCIL_DIR, councilFiles } from './fixtures.js';

/**
 * Sentence vectors (and the yardstick's vectors) are made at index time, so an answer in another language than the articles'
 * runs the model on the question alone; an index written before they were kept still answers,
 * embedding a bounded number of sentences instead. Real transformers.js on the generated model
 * that knows translations; the embedder is only counted, not replaced.
 */
const seeds = councilFiles((name) => !name.endsWith('_en.txt'));
const QUESTIONS = ['How many votes were in favour?', 'Quanti voti a favore ha ricevuto il bilancio?'];

function counted(embedder: Embedder) {
  const calls = { queries: 0, passages: 0 };
  return {
    calls,
    embedder: {
      embedQuery: (text: string) => (calls.queries++, embedder.embedQuery(text)),
      embedPassages: (texts: string[]) => ((calls.passages += texts.length), embedder.embedPassages(texts)),
    },
  };
}

describe('sentence vectors from the index', () => {
  let workspace: Workspace;
  let model: Embedder;
  let snapshot: IndexSnapshot;
  beforeAll(async () => {
    workspace = makeWorkspace({ seeds, model: 'concepts', lexicon: path.join(COUNCIL_DIR, 'lexicon.txt') });
    await runIndexer(workspace.config);
    snapshot = await openBackend(workspace.config).open();
    model = await loadTransformersEmbedder(workspace.config.model);
  }, 60_000);
  afterAll(async () => {
    await snapshot?.close();
    await model?.dispose();
    workspace?.cleanup();
  });

  it('answers questions in another language, the first one included, while the model embeds only the question', async () => {
    const { calls, embedder } = counted(model);
    // The index also keeps the model's vectors of the relevance yardstick (made at index time).
    const engine = await createAnswerEngine({ ...snapshot, embedder, referenceVectors: storedReferenceVectors(snapshot.manifest), maxQuotes: 3, stages: DEFAULT_STAGES });
    for (const question of QUESTIONS) expect((await engine.ask(question)).answerLine, question).toBe('31 — stated by 3 of 4 articles');
    expect(calls).toEqual({ queries: QUESTIONS.length, passages: 0 });
  });

  it('still answers from an index without them, embedding sentences at answer time', async () => {
    const articles = Object.entries(seeds).map(([name, raw]) => parseArticle(name, raw));
    const passages = articles.flatMap((a) => splitIntoPassages(a, { countTokens: (t) => model.countPassageTokens(t), maxTokens: 256 }).map((passage) => ({ passage, article: a })));
    const embedded = await embedForIndex(model, passages.map((p) => ({ passage: p.passage, language: p.article.language })));
    const withoutSentences = passages.map(({ passage, article }) => ({ passage, ...analyzePassage(passage, article.language), vector: embedded.get(passage.id)!.vector, sentenceVectors: null }));
    const { calls, embedder } = counted(model);
    const engine = await createAnswerEngine({ ...memorySnapshotStores(articles, withoutSentences), embedder, maxQuotes: 3, stages: DEFAULT_STAGES });
    await engine.ask('Who is the mayor?');
    calls.passages = 0;
    expect((await engine.ask(QUESTIONS[0]!)).answerLine).toBe('31 — stated by 3 of 4 articles');
    expect(calls.passages).toBeGreaterThan(0);
  });
});
