/**
 * The storage seam's contract: what every store behind `IndexBackend` must do alike, checked
 * against a brute-force oracle over the seed articles. Each store runs it with one line:
 *
 *   storeContract('embedded', async () => ({ backend, cleanup, damage }));
 *
 * `damage` breaks the stored index behind the backend's back (a truncated file, a deleted
 * row), for the findDamage check; a store that cannot be damaged that way leaves it out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexMissingError } from '../../../src/store/index-store.js';
import type { IndexBackend, IndexSnapshot, KeywordHit } from '../../../src/store/seam.js';
import { analyse, changeOf, cosineOf, DIMENSIONS, edited, Oracle, queriesFrom, seedArticles, vectorFor, type CorpusArticle } from './corpus.js';

export interface ContractStore {
  backend: IndexBackend;
  cleanup(): Promise<void>;
  /** Damages what the last `apply` wrote, so that `findDamage` must report it. */
  damage?(): Promise<void>;
}

export type StoreFactory = () => Promise<ContractStore>;

const TOP_K = 25;

/** Hits equal the oracle's: the same scores in the same order, the same passages at each score (ties may come in any order). */
function expectSameRanking(hits: KeywordHit[], expected: Map<string, number>, topK: number) {
  const sorted = [...expected].sort((a, b) => b[1] - a[1]);
  expect(hits.length).toBe(Math.min(topK, sorted.length));
  hits.forEach((hit, i) => {
    expect(hit.score).toBeCloseTo(sorted[i]![1], 9);
    expect(expected.get(hit.passageId)).toBeCloseTo(hit.score, 9);
  });
}

async function expectAnswersLike(snapshot: IndexSnapshot, oracle: Oracle, hybrid: boolean) {
  const stats = await snapshot.keyword.stats();
  expect(stats.documents).toBe(oracle.passages.length);
  expect(stats.averageLength).toBeCloseTo(oracle.averageLength, 9);

  const terms = [...oracle.df.keys()].filter((_, i) => i % 7 === 0);
  const df = await snapshot.keyword.documentFrequencies([...terms, 'no-such-term-anywhere']);
  for (const t of terms) expect(df.get(t)).toBe(oracle.df.get(t));
  expect(df.get('no-such-term-anywhere')).toBe(0);

  for (const query of queriesFrom(oracle)) expectSameRanking(await snapshot.keyword.search(query, TOP_K), oracle.scores(query), TOP_K);

  const articles = await snapshot.documents.articles();
  expect(articles.map((a) => a.id).sort()).toEqual(oracle.corpus.map((a) => a.article.id).sort());
  for (const { article, passages } of oracle.corpus) {
    const record = articles.find((a) => a.id === article.id)!;
    expect(record).toMatchObject({ language: article.language, sourceUrl: article.sourceUrl, title: article.title, paragraphCount: article.paragraphs.length, passageCount: passages.length });
  }

  if (hybrid) {
    const vectors = snapshot.vectors!;
    expect(vectors.dimensions).toBe(DIMENSIONS);
    expect(await vectors.count()).toBe(oracle.passages.length);
    for (const seed of ['q1', 'q2', 'q3']) {
      const query = vectorFor(seed);
      const hits = await vectors.query(query, 10);
      const expected = oracle.cosineTop(query, 10);
      expect(hits.map((h) => h.passageId)).toEqual(expected.map((e) => e.passageId));
      hits.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]!.score, 5));
    }
  } else {
    expect(snapshot.vectors).toBeNull();
  }
}

export function storeContract(name: string, factory: StoreFactory): void {
  describe(`the storage seam's contract: ${name}`, () => {
    let store: ContractStore;
    const snapshots: IndexSnapshot[] = [];
    const open = async () => {
      const snapshot = await store.backend.open();
      snapshots.push(snapshot);
      return snapshot;
    };
    beforeEach(async () => {
      store = await factory();
    });
    afterEach(async () => {
      for (const s of snapshots.splice(0)) await s.close();
      await store.cleanup();
    });

    it('has no manifest and opens nothing before the first write', async () => {
      expect(await store.backend.readManifest()).toBeNull();
      await expect(store.backend.open()).rejects.toBeInstanceOf(IndexMissingError);
    });

    for (const hybrid of [false, true]) {
      const mode = hybrid ? 'hybrid' : 'keyword-only';
      it(`answers a ${mode} index like the oracle: BM25 scores, document frequencies, articles, vectors`, async () => {
        const corpus = seedArticles().map((a) => analyse(a, hybrid));
        await store.backend.apply(changeOf(corpus, { hybrid, rebuild: true }));
        const manifest = await store.backend.readManifest();
        expect(manifest).toMatchObject({ mode: hybrid ? 'hybrid' : 'lexical', passageCount: corpus.flatMap((a) => a.passages).length });
        const snapshot = await open();
        expect(snapshot.manifest.generation).toBe(manifest!.generation);
        await expectAnswersLike(snapshot, new Oracle(corpus), hybrid);
        expect(await store.backend.findDamage()).toBeNull();
      });
    }

    it('gives passages by id with their article, in the order asked, leaving out unknown ids', async () => {
      const corpus = seedArticles().map((a) => analyse(a, false));
      await store.backend.apply(changeOf(corpus, { hybrid: false, rebuild: true }));
      const snapshot = await open();
      const wanted = [corpus[3]!.passages[1]!, corpus[0]!.passages[0]!, corpus[4]!.passages.at(-1)!];
      const records = await snapshot.documents.passages([wanted[0]!.passage.id, 'unknown', wanted[1]!.passage.id, wanted[2]!.passage.id]);
      expect(records.map((r) => r.id)).toEqual(wanted.map((w) => w.passage.id));
      records.forEach((record, i) => {
        const { passage } = wanted[i]!;
        expect(record).toMatchObject({ text: passage.text, paragraph: passage.paragraph, start: passage.start, articleId: passage.articleId });
        expect(record.article.id).toBe(passage.articleId);
      });
    });

    it("gives every passage of the articles asked for, article by article as asked, each in text order", async () => {
      const corpus = seedArticles().map((a) => analyse(a, false));
      await store.backend.apply(changeOf(corpus, { hybrid: false, rebuild: true }));
      const snapshot = await open();
      const [second, first] = [corpus[2]!, corpus[0]!];
      const records = await snapshot.documents.passagesOf([second.article.id, 'unknown', first.article.id]);
      const expected = [second, first].flatMap((c) => [...c.passages].sort((a, b) => a.passage.start - b.passage.start).map((p) => p.passage.id));
      expect(records.map((r) => r.id)).toEqual(expected);
      expect(records.every((r) => r.article.id === r.articleId)).toBe(true);
    });

    it("keeps each article's metadata (outlet, dates, byline, pages) with its passages; plain articles have none", async () => {
      const [plain, ...rest] = seedArticles();
      const metadata = { outlet: 'vtv.vn', published: '2025-10-25', fetched: '2026-12-06T04:00:00.000Z', byline: 'VNA', pages: [[1, 1], [3, 4]] as Array<[number, number]> };
      const corpus = [plain!, ...rest.map((a) => ({ ...a, metadata }))].map((a) => analyse(a, false));
      await store.backend.apply(changeOf(corpus, { hybrid: false, rebuild: true }));
      const snapshot = await open();
      const articles = await snapshot.documents.articles();
      expect(articles.find((a) => a.id === plain!.id)!.metadata).toEqual({});
      for (const a of rest) expect(articles.find((r) => r.id === a.id)!.metadata).toEqual(metadata);
      const [record] = await snapshot.documents.passages([corpus[1]!.passages[0]!.passage.id]);
      expect(record!.article.metadata).toEqual(metadata);
    });

    it('finds index terms by prefix and by suffix, most frequent first, as a vocabulary scan would', async () => {
      const corpus = seedArticles().map((a) => analyse(a, false));
      await store.backend.apply(changeOf(corpus, { hybrid: false, rebuild: true }));
      const oracle = new Oracle(corpus);
      const snapshot = await open();
      const long = [...oracle.df.keys()].filter((t) => t.length >= 7).slice(0, 30);
      for (const term of long) {
        const head = term.slice(0, 4);
        const tail = term.slice(-4);
        expect(await snapshot.keyword.termsWithPrefix(head, 5)).toEqual(oracle.termsWith((t) => t.startsWith(head), 5));
        expect(await snapshot.keyword.termsWithSuffix(tail, 5)).toEqual(oracle.termsWith((t) => t.endsWith(tail), 5));
      }
      expect(await snapshot.keyword.termsWithPrefix('zzzzqqq', 5)).toEqual([]);
    });

    it('lists the statements of a value, at most perKey, one per article before any article twice', async () => {
      const corpus = seedArticles().map((a) => analyse(a, false));
      await store.backend.apply(changeOf(corpus, { hybrid: false, rebuild: true }));
      const oracle = new Oracle(corpus);
      const snapshot = await open();
      const keys = [...new Set(oracle.passages.flatMap((p) => p.valueKeys))];
      const multi = keys.filter((k) => new Set(oracle.statementsOf(k).map((p) => p.passage.articleId)).size > 1);
      expect(multi.length).toBeGreaterThan(0);
      for (const perKey of [1, 2, 50]) {
        const statements = await snapshot.documents.statements([...keys, 'no-such-value'], perKey);
        for (const key of keys) {
          const stated = oracle.statementsOf(key);
          const got = statements.filter((s) => s.key === key);
          expect(got.length).toBe(Math.min(perKey, stated.length));
          for (const s of got) expect(stated.find((p) => p.passage.id === s.passageId)?.passage.articleId).toBe(s.articleId);
          const articles = new Set(stated.map((p) => p.passage.articleId)).size;
          const firsts = got.slice(0, Math.min(perKey, articles)).map((s) => s.articleId);
          expect(new Set(firsts).size).toBe(firsts.length);
        }
        expect(statements.some((s) => s.key === 'no-such-value')).toBe(false);
      }
    });

    it('samples the same vectors every time, from the stored ones', async () => {
      const corpus = seedArticles().map((a) => analyse(a, true));
      await store.backend.apply(changeOf(corpus, { hybrid: true, rebuild: true }));
      const first = await (await open()).vectors!.sample(8);
      const again = await (await open()).vectors!.sample(8);
      expect(first).toHaveLength(8);
      expect(again).toEqual(first);
      const stored = corpus.flatMap((a) => a.passages.map((p) => p.vector!));
      for (const v of first) expect(stored.some((s) => s.every((x, i) => Math.abs(x - v[i]!) < 1e-6))).toBe(true);
      const all = await (await open()).vectors!.sample(10_000);
      expect(all).toHaveLength(stored.length);
      const some = [corpus[1]!.passages[0]!, corpus[2]!.passages[1]!];
      const byId = await (await open()).vectors!.vectorsOf([...some.map((p) => p.passage.id), 'unknown']);
      expect([...byId.keys()].sort()).toEqual(some.map((p) => p.passage.id).sort());
      for (const p of some) byId.get(p.passage.id)!.forEach((x, i) => expect(x).toBeCloseTo(p.vector![i]!, 5));
    });

    it("keeps each passage's sentence vectors in sentence order, close to what was written", async () => {
      const corpus = seedArticles().map((a) => analyse(a, true));
      await store.backend.apply(changeOf(corpus, { hybrid: true, rebuild: true }));
      const passages = corpus.flatMap((a) => a.passages);
      const some = [passages[0]!, passages[7]!, passages.find((p) => p.sentenceVectors!.length > 2)!];
      const got = await (await open()).vectors!.sentenceVectorsOf([...some.map((p) => p.passage.id), 'unknown']);
      expect([...got.keys()].sort()).toEqual([...new Set(some.map((p) => p.passage.id))].sort());
      for (const p of some) {
        const stored = got.get(p.passage.id)!;
        expect(stored).toHaveLength(p.sentenceVectors!.length);
        // Each sentence's vector is closest to its own (stores may quantise; order must hold).
        stored.forEach((v, i) => {
          const sims = p.sentenceVectors!.map((w) => cosineOf(v, w));
          expect(sims[i]).toBeGreaterThan(0.999);
          expect(sims.indexOf(Math.max(...sims))).toBe(i);
        });
      }
      const keywordOnly = seedArticles().map((a) => analyse(a, false));
      await store.backend.apply(changeOf(keywordOnly, { hybrid: false, rebuild: true }));
      expect((await open()).vectors).toBeNull();
    });

    for (const hybrid of [false, true]) {
      it(`applies an incremental change (${hybrid ? 'hybrid' : 'keyword-only'}): an article removed, one changed, one added; the rest as before`, async () => {
        const articles = seedArticles();
        const initial = articles.slice(0, 4).map((a) => analyse(a, hybrid));
        await store.backend.apply(changeOf(initial, { hybrid, rebuild: true }));
        const changed = analyse(edited(articles[2]!, 'eins'), hybrid);
        const added = analyse(articles[4]!, hybrid);
        const after = [initial[0]!, changed, initial[3]!, added];
        await store.backend.apply(changeOf([changed, added], { hybrid, remove: [articles[1]!.id], all: after }));
        const snapshot = await open();
        await expectAnswersLike(snapshot, new Oracle(after), hybrid);
        const gone = initial[1]!.passages.map((p) => p.passage.id);
        expect(await snapshot.documents.passages(gone)).toEqual([]);
        const keys = initial[1]!.passages.flatMap((p) => p.valueKeys);
        const statements = await snapshot.documents.statements(keys, 100);
        expect(statements.filter((s) => gone.includes(s.passageId))).toEqual([]);
        expect((await snapshot.documents.statements(['4711'], 10)).map((s) => s.articleId)).toEqual([articles[2]!.id]);
        if (hybrid) expect(await snapshot.vectors!.vectorsOf(gone)).toEqual(new Map());
        expect(await store.backend.findDamage()).toBeNull();
      });
    }

    it('rebuilds from nothing when asked, dropping what the index held', async () => {
      const articles = seedArticles();
      await store.backend.apply(changeOf(articles.map((a) => analyse(a, false)), { hybrid: false, rebuild: true }));
      const subset = articles.slice(1, 3).map((a) => analyse(a, false));
      await store.backend.apply(changeOf(subset, { hybrid: false, rebuild: true }));
      await expectAnswersLike(await open(), new Oracle(subset), false);
    });

    it('a reader keeps its snapshot while a write switches the index; a new reader sees the write', async () => {
      const articles = seedArticles();
      const before = articles.slice(0, 3).map((a) => analyse(a, true));
      await store.backend.apply(changeOf(before, { hybrid: true, rebuild: true }));
      const reader = await open();
      const after = [before[0]!, analyse(articles[3]!, true)];
      await store.backend.apply(changeOf([after[1]!], { hybrid: true, remove: [articles[1]!.id, articles[2]!.id], all: after }));
      await expectAnswersLike(reader, new Oracle(before), true);
      expect((await reader.documents.passages([before[1]!.passages[0]!.passage.id])).length).toBe(1);
      await expectAnswersLike(await open(), new Oracle(after), true);
    });

    it('one writer at a time: a second lockWriter waits for the first to release, or fails', async () => {
      const first = await store.backend.lockWriter();
      const events: string[] = [];
      const second = store.backend.lockWriter().then(
        (lock) => {
          events.push('second acquired');
          return lock;
        },
        (error: Error) => {
          events.push('second refused');
          expect(error.message.length).toBeGreaterThan(0);
          return null;
        },
      );
      await Promise.resolve();
      events.push('first released');
      await first.release();
      const lock = await second;
      await lock?.release();
      expect(events.at(-1)).toMatch(/second (acquired|refused)/);
      if (events.includes('second acquired')) expect(events.indexOf('first released')).toBeLessThan(events.indexOf('second acquired'));
      // And the lock is free again afterwards.
      await (await store.backend.lockWriter()).release();
    });

    it('finds damage done to the stored index behind its back', async (context) => {
      if (!store.damage) context.skip();
      await store.backend.apply(changeOf(seedArticles().map((a) => analyse(a, true)), { hybrid: true, rebuild: true }));
      expect(await store.backend.findDamage()).toBeNull();
      await store.damage!();
      expect(await store.backend.findDamage()).toEqual(expect.any(String));
    });
  });
}

export type { CorpusArticle };
