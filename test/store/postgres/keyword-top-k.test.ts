/**
 * PostgreSQL keyword search reads postings best first and stops once the top k is settled
 * (impact-order.ts), and still answers exactly as the exhaustive in-memory store does: the same
 * passages, the same scores to the last bit, the same order (ties by corpus order), for any k.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../../src/seeded-random.js';
import type { Article } from '../../../src/corpus/index.js';
import type { Manifest } from '../../../src/store/manifest.js';
import { MemoryKeywordStore } from '../../../src/store/memory/memory-store.js';
import { PostgresBackend } from '../../../src/store/postgres/backend.js';
import { ImpactOrderedSearch } from '../../../src/store/postgres/read/impact-order.js';
import type { IndexChange } from '../../../src/store/seam.js';
import type { PostgresSnapshot } from '../../../src/store/postgres/read/snapshot.js';
import { zipfQuestions, zipfWord } from './zipf-terms.js';

const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn('PostgreSQL keyword top-k tests skipped: TEST_DATABASE_URL is not set (bash .ci/postgres.sh starts a server and sets it).');

const ARTICLES = 150;
const PASSAGES_PER_ARTICLE = 20;
const VOCABULARY = 3_000;
/** Questions of 2–5 terms over the same vocabulary. */
const QUESTIONS = { seed: 13, vocabulary: VOCABULARY, minTerms: 2, maxTerms: 5 };

/** Passages of Zipf-distributed words (a few very common, most rare) and varied lengths. */
function corpus(): Array<{ article: Article; passages: Array<{ id: string; terms: string[] }> }> {
  const random = seededRandom(7);
  const word = () => zipfWord(random, VOCABULARY);
  return Array.from({ length: ARTICLES }, (_, a) => {
    const id = `article-${String(a).padStart(4, '0')}`;
    const passages = Array.from({ length: PASSAGES_PER_ARTICLE }, (_, p) => ({
      id: `${id}#${p}`,
      terms: Array.from({ length: 5 + Math.floor(random() * 120) }, word),
    }));
    const paragraphs = passages.map((p, i) => ({ number: i + 1, text: p.terms.join(' '), start: i * 1000 }));
    const article: Article = { id, language: 'nb', sourceUrl: null, title: id, lead: paragraphs[0]!.text, paragraphs, raw: paragraphs.map((p) => p.text).join('\n\n') };
    return { article, passages };
  });
}

function indexChange(articles: ReturnType<typeof corpus>): IndexChange {
  const manifest: Omit<Manifest, 'generation' | 'passageCount' | 'files'> = {
    format: 1,
    builtAt: new Date().toISOString(),
    mode: 'lexical',
    lexicalReason: 'test',
    settingsFingerprint: 'top-k',
    chunkerVersion: 1,
    maxPassageTokens: 256,
    tokenCounter: 'estimate',
    model: null,
    articles: Object.fromEntries(articles.map((a) => [a.article.id, { hash: a.article.id, passages: PASSAGES_PER_ARTICLE }])),
  };
  return {
    manifest,
    upsert: articles.map(({ article, passages }) => ({
      article,
      passages: passages.map((p, i) => ({
        passage: { id: p.id, articleId: article.id, paragraph: i + 1, text: p.terms.join(' '), start: i * 1000 },
        terms: p.terms,
        valueKeys: [],
        vector: null,
        sentenceVectors: null,
      })),
    })),
    remove: [],
    rebuild: true,
  };
}

describe.skipIf(!url)('PostgreSQL keyword search, top k without reading every posting', () => {
  const schema = `top_k_${process.pid}_${Date.now().toString(36)}`;
  let backend: PostgresBackend;
  let snapshot: PostgresSnapshot;
  let exhaustive: MemoryKeywordStore;

  beforeAll(async () => {
    const articles = corpus();
    exhaustive = new MemoryKeywordStore(articles.flatMap((a) => a.passages.map((p) => ({ passageId: p.id, terms: p.terms }))));
    // Every question searched best first, in small rounds, so this small corpus stops early as a large one does.
    backend = await PostgresBackend.connect({ url: url!, schema, settings: { keyword: { firstDepth: 40, lookUpsAtMost: 60, postingsAtMost: Number.POSITIVE_INFINITY, settleLookUps: 60, splitRoundFrom: 200 } } });
    await backend.apply(indexChange(articles));
    snapshot = await backend.open();
  }, 60_000);

  afterAll(async () => {
    await snapshot?.close();
    await backend?.close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it('returns the exhaustive ranking for every question and k, while reading a fraction of the postings', async () => {
    const read = vi.spyOn(ImpactOrderedSearch.prototype, 'addRead');
    try {
      let postings = 0;
      for (const [i, query] of zipfQuestions(120, QUESTIONS).entries()) {
        const k = [1, 5, 30][i % 3]!;
        expect(await snapshot.keyword.search(query, k)).toEqual(await exhaustive.search(query, k));
        const frequencies = await exhaustive.documentFrequencies(query.flatMap((forms) => [...forms.keys()]));
        postings += [...frequencies.values()].reduce((sum, df) => sum + df, 0);
      }
      const readPostings = read.mock.calls.reduce((sum, [, rows]) => sum + rows.passages.length, 0);
      expect(readPostings).toBeGreaterThan(0);
      expect(readPostings).toBeLessThan(postings / 2);
    } finally {
      read.mockRestore();
    }
  });

  it('has a reference search, every posting scored in SQL, that gives the in-memory store\'s scores to the last bit', async () => {
    for (const [i, query] of zipfQuestions(40, QUESTIONS).entries()) {
      const k = [1, 5, 30][i % 3]!;
      expect(await snapshot.keyword.searchEveryPosting(query, k)).toEqual(await exhaustive.search(query, k));
    }
  });

  it('keeps bounds that hold after an incremental run removes and adds passages', async () => {
    const articles = corpus();
    const change = indexChange(articles.slice(0, 10).map(({ article, passages }) => ({ article, passages: passages.map((p) => ({ ...p, terms: p.terms.slice(0, 3) })) })));
    await backend.apply({ ...change, manifest: indexChange(articles).manifest, remove: [articles[11]!.article.id], rebuild: false });
    // Corpus order as the store keeps it: the rewritten articles after the ones it kept.
    const after = [articles[10]!, ...articles.slice(12), ...articles.slice(0, 10).map((a) => ({ ...a, passages: a.passages.map((p) => ({ ...p, terms: p.terms.slice(0, 3) })) }))];
    const reference = new MemoryKeywordStore(after.flatMap((a) => a.passages.map((p) => ({ passageId: p.id, terms: p.terms }))));
    const fresh = await backend.open();
    try {
      for (const [i, query] of zipfQuestions(60, QUESTIONS).entries()) {
        const k = [1, 10, 30][i % 3]!;
        expect(await fresh.keyword.search(query, k)).toEqual(await reference.search(query, k));
      }
    } finally {
      await fresh.close();
    }
  });

  it('gives an index written before migration 7 its impact index when the program upgrades', async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const old = `${schema}_old`;
    const before = await PostgresBackend.connect({ url: url!, schema: old });
    try {
      await before.apply(indexChange(corpus().slice(0, 30)));
      // As migration 7 found it: no impact index, no length recorded, and migration 9 not applied.
      const { rows } = await admin.query<{ name: string }>(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = $1 AND indexname LIKE 'postings_by_impact_%'`, [old]);
      for (const { name } of rows) await admin.query(`DROP INDEX "${old}"."${name}"`);
      await admin.query(`UPDATE "${old}".index_state SET impact_order_length = NULL`);
      await admin.query(`DELETE FROM "${old}".schema_migrations WHERE version = 9`);
      const upgraded = await PostgresBackend.connect({ url: url!, schema: old });
      const opened = await upgraded.open();
      try {
        for (const query of zipfQuestions(10, QUESTIONS)) expect(await opened.keyword.search(query, 10)).toEqual(await opened.keyword.searchEveryPosting(query, 10));
      } finally {
        await opened.close();
        await upgraded.close();
      }
    } finally {
      await before.close();
      await admin.query(`DROP SCHEMA IF EXISTS "${old}" CASCADE`);
      await admin.end();
    }
  });
});
