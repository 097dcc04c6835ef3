/**
 * The PostgreSQL store against a real server (TEST_DATABASE_URL, which `.ci/postgres.sh` sets
 * up): what is specific to it — transactions, snapshots, the advisory lock, migrations,
 * notifications. What every store must answer alike is the contract suite's job.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryKeywordStore } from '../../../src/store/memory/memory-store.js';
import { parseArticle, splitIntoPassages, type Article } from '../../../src/corpus/index.js';
import { tokenize } from '../../../src/corpus/text/analyzer.js';
import { estimateTokens } from '../../../src/embed/token-counter.js';
import type { Manifest } from '../../../src/store/manifest.js';
import { PostgresBackend } from '../../../src/store/postgres/backend.js';
import { MIGRATIONS } from '../../../src/store/postgres/write/migrations.js';
import type { IndexChange, IndexedPassage } from '../../../src/store/seam.js';
import { REPO_SEEDS } from '../../support/workspace.js';

const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn('PostgreSQL store tests skipped: TEST_DATABASE_URL is not set (bash .ci/postgres.sh starts a server and sets it).');

const DIMENSIONS = 8;

/** Deterministic unit vectors from a passage id. */
function vectorFor(id: string): Float32Array {
  let seed = [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  const v = Float32Array.from({ length: DIMENSIONS }, () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32 - 0.5;
  });
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

function indexArticle(article: Article, hybrid: boolean): { article: Article; passages: IndexedPassage[] } {
  const passages = splitIntoPassages(article, { countTokens: estimateTokens, maxTokens: 256 });
  return {
    article,
    passages: passages.map((passage) => ({
      passage,
      terms: tokenize(passage.text, article.language).map((t) => t.term),
      valueKeys: tokenize(passage.text, article.language).filter((t) => t.isNumber).map((t) => t.term),
      vector: hybrid ? vectorFor(passage.id) : null,
      sentenceVectors: null,
    })),
  };
}

const seedArticles = fs
  .readdirSync(REPO_SEEDS)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => parseArticle(f, fs.readFileSync(path.join(REPO_SEEDS, f), 'utf8')));

function manifestFor(upserted: Array<{ article: Article; passages: IndexedPassage[] }>, hybrid: boolean, articleOrder: string[]): Manifest {
  const counts = new Map(upserted.map((u) => [u.article.id, u.passages.length]));
  return {
    format: 1,
    generation: 'gen-test',
    builtAt: new Date().toISOString(),
    mode: hybrid ? 'hybrid' : 'lexical',
    lexicalReason: hybrid ? null : 'test',
    settingsFingerprint: 'test',
    chunkerVersion: 2,
    maxPassageTokens: 256,
    tokenCounter: 'estimate',
    model: hybrid ? { id: 'test/model', dimensions: DIMENSIONS, dtype: 'fp32', prefixScheme: 'none' } : null,
    passageCount: 0,
    files: {},
    articles: Object.fromEntries(articleOrder.map((id) => [id, { hash: id, passages: counts.get(id) ?? 0 }])),
  };
}

function fullBuild(articles: Article[], hybrid: boolean): IndexChange {
  const upsert = articles.map((a) => indexArticle(a, hybrid));
  return { manifest: manifestFor(upsert, hybrid, articles.map((a) => a.id)), upsert, remove: [], rebuild: true };
}

describe.skipIf(!url)('PostgreSQL store', () => {
  const schema = `test_${process.pid}_${Date.now().toString(36)}`;
  let backend: PostgresBackend;
  const admin = new pg.Client({ connectionString: url });

  beforeAll(async () => {
    await admin.connect();
    backend = await PostgresBackend.connect({ url: url!, schema, settings: { lockWaitMs: 300, exactVectorSearchBelow: 0 } });
  });
  afterAll(async () => {
    await backend?.close();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  afterEach(async () => {
    await backend.apply({ ...fullBuild([], false), rebuild: true });
  });

  it('has no index before the first run, and migrates a schema only once', async () => {
    await backend.apply({ ...fullBuild([], false) });
    const fresh = await PostgresBackend.connect({ url: url!, schema: `${schema}_empty` });
    try {
      expect(await fresh.readManifest()).toBeNull();
      await expect(fresh.open()).rejects.toThrow(/no index/);
      const again = await PostgresBackend.connect({ url: url!, schema: `${schema}_empty` });
      await again.close();
      const versions = await admin.query(`SELECT version FROM "${schema}_empty".schema_migrations ORDER BY version`);
      expect(versions.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version).sort((a, b) => a - b));
    } finally {
      await fresh.close();
      await admin.query(`DROP SCHEMA "${schema}_empty" CASCADE`);
    }
  });

  it('scores keyword search exactly as the in-memory BM25 does', async () => {
    const change = fullBuild(seedArticles, false);
    await backend.apply(change);
    const documents = change.upsert.flatMap((u) => u.passages.map((p) => ({ passageId: p.passage.id, terms: p.terms })));
    const reference = new MemoryKeywordStore(documents);
    const snapshot = await backend.open();
    try {
      expect(await snapshot.keyword.stats()).toEqual({
        documents: documents.length,
        averageLength: documents.reduce((s, d) => s + d.terms.length, 0) / documents.length,
      });
      const query = [new Map([['delegat', 1]]), new Map([['119', 1], ['110', 0.5]]), new Map([['konvensjon', 1], ['konvention', 0.8]])];
      const expected = await reference.search(query, 10);
      expect(expected.length).toBeGreaterThan(2);
      expect(await snapshot.keyword.search(query, 10)).toEqual(expected);
      const frequencies = await snapshot.keyword.documentFrequencies(['119', 'absent-term']);
      expect(frequencies).toEqual(await reference.documentFrequencies(['119', 'absent-term']));
    } finally {
      await snapshot.close();
    }
  });

  it('finds compound heads and tails, most frequent first', async () => {
    await backend.apply(fullBuild(seedArticles, false));
    const snapshot = await backend.open();
    try {
      const all = new Map<string, number>();
      for (const a of seedArticles) for (const p of indexArticle(a, false).passages) for (const t of new Set(p.terms)) all.set(t, (all.get(t) ?? 0) + 1);
      const byFrequency = (terms: string[]) => terms.sort((a, b) => all.get(b)! - all.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
      const heads = byFrequency([...all.keys()].filter((t) => t.startsWith('konv')));
      expect(heads.length).toBeGreaterThan(0);
      expect(await snapshot.keyword.termsWithPrefix('konv', 50)).toEqual(heads);
      const tails = byFrequency([...all.keys()].filter((t) => t.endsWith('ion')));
      expect(await snapshot.keyword.termsWithSuffix('ion', 3)).toEqual(tails.slice(0, 3));
      expect(await snapshot.keyword.termsWithPrefix('50%_', 5)).toEqual([]);
    } finally {
      await snapshot.close();
    }
  });

  it('reads articles in corpus order and passages with their attribution', async () => {
    const order = [...seedArticles].reverse();
    const change = fullBuild(order, false);
    await backend.apply(change);
    const snapshot = await backend.open();
    try {
      const articles = await snapshot.documents.articles();
      expect(articles.map((a) => a.id)).toEqual(order.map((a) => a.id));
      expect(articles[0]).toMatchObject({ title: order[0]!.title, language: order[0]!.language, sourceUrl: order[0]!.sourceUrl, paragraphCount: order[0]!.paragraphs.length });
      const wanted = [change.upsert[1]!.passages[0]!.passage, change.upsert[0]!.passages[1]!.passage];
      const read = await snapshot.documents.passages([wanted[0]!.id, 'missing', wanted[1]!.id]);
      expect(read.map(({ article, ...passage }) => [passage, article.id])).toEqual(wanted.map((p) => [p, p.articleId]));
      const ofArticles = await snapshot.documents.passagesOf([order[1]!.id, order[0]!.id]);
      expect(ofArticles.map((p) => p.id)).toEqual([...change.upsert[1]!.passages, ...change.upsert[0]!.passages].map((p) => p.passage.id));
    } finally {
      await snapshot.close();
    }
  });

  it('lists a value’s statements one per article first', async () => {
    await backend.apply(fullBuild(seedArticles, false));
    const snapshot = await backend.open();
    try {
      const statements = await snapshot.documents.statements(['2500'], 10);
      expect(statements.length).toBeGreaterThan(1);
      const articles = statements.map((s) => s.articleId);
      const firstRepeat = articles.findIndex((id, i) => articles.indexOf(id) !== i);
      const distinct = new Set(articles).size;
      if (firstRepeat >= 0) expect(firstRepeat).toBe(distinct);
      expect(await snapshot.documents.statements(['2500'], 1)).toEqual(statements.slice(0, 1));
    } finally {
      await snapshot.close();
    }
  });

  it('answers vector queries with HNSW as exact search does, and returns vectors bit for bit', async () => {
    const change = fullBuild(seedArticles, true);
    await backend.apply(change);
    const all = change.upsert.flatMap((u) => u.passages);
    const query = vectorFor('question');
    const exact = all
      .map((p) => ({ passageId: p.passage.id, score: p.vector!.reduce((s, x, i) => s + x * query[i]!, 0) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 5);
    const snapshot = await backend.open();
    try {
      expect(snapshot.vectors!.dimensions).toBe(DIMENSIONS);
      expect(await snapshot.vectors!.count()).toBe(all.length);
      const hits = await snapshot.vectors!.query(query, 5);
      expect(hits.map((h) => h.passageId)).toEqual(exact.map((h) => h.passageId));
      hits.forEach((h, i) => expect(h.score).toBeCloseTo(exact[i]!.score, 5));
      const stored = await snapshot.vectors!.vectorsOf([all[3]!.passage.id, 'missing']);
      expect([...stored.keys()]).toEqual([all[3]!.passage.id]);
      expect(Array.from(stored.get(all[3]!.passage.id)!)).toEqual(Array.from(all[3]!.vector!));
      const sample = await snapshot.vectors!.sample(4);
      const step = all.length / 4;
      expect(sample.map((v) => Array.from(v))).toEqual([0, 1, 2, 3].map((i) => Array.from(all[Math.floor(i * step)]!.vector!)));
    } finally {
      await snapshot.close();
    }
  });

  it('updates incrementally: changed and removed articles leave no terms or passages behind', async () => {
    await backend.apply(fullBuild(seedArticles, true));
    const [first, second, ...rest] = seedArticles;
    const changedRaw = first!.raw.replace(/\n\n/, '\n\nZyxwvutword appears only here.\n\n');
    const changed = parseArticle(first!.id, changedRaw);
    const upsert = [indexArticle(changed, true)];
    const order = [changed.id, ...rest.map((a) => a.id)];
    const counts = [upsert[0]!.passages.length, ...rest.map((a) => indexArticle(a, true).passages.length)];
    const manifest = manifestFor([...upsert, ...rest.map((a) => indexArticle(a, true))], true, order);
    await backend.apply({ manifest, upsert, remove: [second!.id], rebuild: false });
    const reference = new MemoryKeywordStore([changed, ...rest].flatMap((a) => indexArticle(a, true).passages.map((p) => ({ passageId: p.passage.id, terms: p.terms }))));
    const referenceDf = await reference.documentFrequencies([...new Set([second!, ...rest].flatMap((a) => indexArticle(a, false).passages.flatMap((p) => p.terms)))]);
    const snapshot = await backend.open();
    try {
      expect(snapshot.manifest.passageCount).toBe(counts.reduce((a, b) => a + b, 0));
      expect((await snapshot.documents.articles()).map((a) => a.id)).toEqual(order);
      const secondTerms = indexArticle(second!, false).passages.flatMap((p) => p.terms);
      const frequencies = await snapshot.keyword.documentFrequencies(secondTerms);
      for (const term of new Set(secondTerms)) expect(frequencies.get(term)).toBe(referenceDf.get(term));
      expect(await snapshot.keyword.termsWithPrefix('zyxwvut', 5)).toEqual(['zyxwvutword']);
      expect(await snapshot.vectors!.count()).toBe(snapshot.manifest.passageCount);
      expect(await backend.findDamage()).toBeNull();
    } finally {
      await snapshot.close();
    }
  });

  it('keeps a snapshot on the state it opened while an index run commits, and notifies watchers', async () => {
    await backend.apply(fullBuild(seedArticles.slice(0, 2), false));
    const before = await backend.open();
    const generations: string[] = [];
    let notify = () => {};
    const notified = new Promise<void>((resolve) => (notify = resolve));
    const stopWatching = await backend.watch((generation) => {
      generations.push(generation);
      notify();
    });
    try {
      await backend.apply(fullBuild(seedArticles, false));
      await notified;
      const after = await backend.open();
      expect((await before.documents.articles()).length).toBe(2);
      expect((await after.documents.articles()).length).toBe(seedArticles.length);
      expect(generations).toEqual([after.manifest.generation]);
      expect(before.manifest.generation).not.toBe(after.manifest.generation);
      await after.close();
    } finally {
      await stopWatching();
      await before.close();
    }
  });

  it('searches keywords and vectors at once, on two connections of one snapshot that both stay on the state it opened', async () => {
    await backend.apply(fullBuild(seedArticles.slice(0, 2), true));
    const snapshot = await backend.open();
    try {
      const kept = new Set((await snapshot.documents.passagesOf(seedArticles.slice(0, 2).map((a) => a.id))).map((p) => p.id));
      const open = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'idle in transaction' AND application_name = $1`, [
        `newsdesk ${os.hostname()} pid ${process.pid}`,
      ]);
      expect(open.rows[0].n).toBe(2);
      await backend.apply(fullBuild(seedArticles, true));
      const question = vectorFor(`${seedArticles[3]!.id}#0`);
      const [words, nearest] = await Promise.all([snapshot.keyword.search([new Map([['cybercrime', 1]])], 50), snapshot.vectors!.query(question, 50)]);
      expect(nearest.length).toBe(kept.size);
      for (const hit of [...words, ...nearest]) expect(kept.has(hit.passageId)).toBe(true);
    } finally {
      await snapshot.close();
    }
  });

  it('rolls back an index run that fails half-way: the previous state keeps answering', async () => {
    await backend.apply(fullBuild(seedArticles, true));
    const previous = await backend.readManifest();
    const broken = fullBuild(seedArticles, true);
    broken.upsert.at(-1)!.passages.at(-1)!.vector = null;
    await expect(backend.apply(broken)).rejects.toThrow(/vector for every passage/);
    expect(await backend.readManifest()).toEqual(previous);
    expect(await backend.findDamage()).toBeNull();
    const snapshot = await backend.open();
    expect(await snapshot.vectors!.count()).toBe(previous!.passageCount);
    await snapshot.close();
  });

  it('writes a big run into a new vector table and drops the old one once no snapshot holds it', async () => {
    const tables = async () =>
      (await admin.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename LIKE 'vectors%' ORDER BY tablename`, [schema])).rows.map((r) => r.tablename);
    await backend.apply(fullBuild(seedArticles, true));
    const [first] = await tables();
    const reader = await backend.open();
    await backend.apply(fullBuild(seedArticles, true));
    expect(await tables()).toHaveLength(2);
    expect(await reader.vectors!.count()).toBeGreaterThan(0);
    expect((await reader.vectors!.query(vectorFor('x'), 3)).length).toBe(3);
    await reader.close();
    const all = seedArticles.map((a) => a.id);
    const change = fullBuild(seedArticles.slice(1), true);
    await backend.apply({ ...change, upsert: [], remove: [all[0]!], rebuild: false });
    const left = await tables();
    expect(left).toHaveLength(1);
    expect(left[0]).not.toBe(first);
    const snapshot = await backend.open();
    expect(await snapshot.vectors!.count()).toBe(change.upsert.reduce((n, u) => n + u.passages.length, 0));
    await snapshot.close();
  });

  it('names a damaged table', async () => {
    await backend.apply(fullBuild(seedArticles, true));
    const { rows } = await admin.query(`SELECT vector_table FROM "${schema}".index_state`);
    const table = rows[0].vector_table as string;
    await admin.query(`DELETE FROM "${schema}".${table} WHERE passage_num = (SELECT min(passage_num) FROM "${schema}".${table})`);
    expect(await backend.findDamage()).toBe(`${schema}.${table} (${(await backend.readManifest())!.passageCount - 1} rows, the manifest says ${(await backend.readManifest())!.passageCount})`);
  });

  it('lets one writer in at a time: a second waits for the first, or fails naming it; a dead writer’s lock is freed', async () => {
    const lock = await backend.lockWriter();
    await expect(backend.lockWriter()).rejects.toThrow(/Another index run is writing .*newsdesk .* \(index writer\) \(server pid \d+/);
    const patient = await PostgresBackend.connect({ url: url!, schema, settings: { lockWaitMs: 60_000 } });
    const waiting = patient.lockWriter();
    await lock.release();
    const next = await waiting;
    // A crashed writer: its connection ends without a release.
    await admin.query(`SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name LIKE '%(index writer)' AND pid <> pg_backend_pid()`);
    const taken = await backend.lockWriter();
    await taken.release();
    await next.release();
    await patient.close();
  });
});
