/**
 * The impact-ordered top k (the PostgreSQL store's keyword search) without a server: postings held
 * here in the order the store's index keeps them, read as the search asks. Whatever the reference
 * length the index was built for, the answer is the exhaustive store's, bit for bit, and the search
 * stops before reading everything.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/seeded-random.js';
import { BM25_B, BM25_K1, bm25Idf } from '../../../src/corpus/text/bm25.js';
import { MemoryKeywordStore } from '../../../src/store/memory/memory-store.js';
import { ImpactOrderedSearch, type BoundedForm, type PostingColumns } from '../../../src/store/postgres/read/impact-order.js';
import { DEFAULT_POSTGRES_SETTINGS, type KeywordSettings } from '../../../src/store/postgres/settings.js';
import type { TermForms } from '../../../src/store/seam.js';
import { zipfQuestions, zipfWord } from './zipf-terms.js';

const VOCABULARY = 2_000;

function corpus(passages: number, seed: number): string[][] {
  const random = seededRandom(seed);
  const word = () => zipfWord(random, VOCABULARY);
  return Array.from({ length: passages }, () => Array.from({ length: 5 + Math.floor(random() * 150) }, word));
}

interface Posting {
  passage: number;
  tf: number;
  length: number;
  key: number;
}

const columns = (postings: Posting[]): PostingColumns => ({
  passages: Float64Array.from(postings, (p) => p.passage),
  tf: Int32Array.from(postings, (p) => p.tf),
  length: Int32Array.from(postings, (p) => p.length),
});

/** What the store's index holds: per term, postings by key (tf part at the reference length) descending. */
function impactLists(texts: string[][], referenceLength: number): Map<string, Posting[]> {
  const lists = new Map<string, Posting[]>();
  texts.forEach((terms, passage) => {
    const counts = new Map<string, number>();
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [term, tf] of counts) {
      const key = tf / (tf + BM25_K1 * (1 - BM25_B) + (BM25_K1 * BM25_B * terms.length) / referenceLength);
      const list = lists.get(term) ?? [];
      list.push({ passage, tf, length: terms.length, key });
      lists.set(term, list);
    }
  });
  for (const list of lists.values()) list.sort((a, b) => b.key - a.key);
  return lists;
}

const EXACT: KeywordSettings = { ...DEFAULT_POSTGRES_SETTINGS.keyword, firstDepth: 20, lookUpsAtMost: 40, postingsAtMost: Number.POSITIVE_INFINITY, settleLookUps: 60, splitRoundFrom: Number.POSITIVE_INFINITY };

function search(texts: string[][], lists: ReturnType<typeof impactLists>, query: TermForms[], topK: number, referenceLength: number, settings = EXACT) {
  const averageLength = texts.reduce((sum, t) => sum + t.length, 0) / texts.length;
  const forms: BoundedForm[] = query.flatMap((termForms, index) =>
    [...termForms].flatMap(([form, strength]) => {
      const list = lists.get(form);
      if (!list) return [];
      const idf = bm25Idf(texts.length, list.length);
      // The store's bound from the terms table: the largest key there is, as keyBound would give it.
      return [{ index, form, strength, idf, df: list.length, bound: Number.POSITIVE_INFINITY }];
    }),
  );
  const engine = new ImpactOrderedSearch(forms, topK, averageLength, referenceLength, settings);
  for (let step = engine.next(); ; step = engine.next()) {
    if (step.kind === 'done') return { hits: step.hits, rounds: engine.rounds, postings: forms.reduce((sum, f) => sum + f.df, 0) };
    if (step.kind === 'read') {
      for (const { form, skip, take } of step.forms) {
        const rows = lists.get(forms[form]!.form)!.slice(skip, skip + take);
        engine.addRead(form, columns(rows), rows.length < take ? null : rows[rows.length - 1]!.key);
      }
    } else {
      const wanted = new Set(step.passages);
      for (const form of step.forms) engine.addLookedUp(form, columns(lists.get(forms[form]!.form)!.filter((p) => wanted.has(p.passage))));
      engine.resolved(step.passages);
    }
  }
}

describe('impact-ordered keyword search', () => {
  const texts = corpus(3_000, 5);
  const exhaustive = new MemoryKeywordStore(texts.map((terms, i) => ({ passageId: `p${String(i).padStart(5, '0')}`, terms })));
  const average = texts.reduce((sum, t) => sum + t.length, 0) / texts.length;

  // The index built for this average, for one that has since grown by half, and for one twice as long.
  it.each([
    ['the current average length', 1],
    ['an average that has grown since (a longer corpus now)', 0.66],
    ['an average that has shrunk since', 2],
  ])('ranks exactly as scoring every posting, with an index built for %s', async (_, ratio) => {
    let read = 0;
    let postings = 0;
    const lists = impactLists(texts, average * ratio);
    for (const [i, query] of zipfQuestions(80, { seed: 17, vocabulary: VOCABULARY, minTerms: 1, maxTerms: 5 }).entries()) {
      const k = [1, 10, 50][i % 3]!;
      const result = search(texts, lists, query, k, average * ratio);
      const expected = await exhaustive.search(query, k);
      expect(result.hits.map((h) => ({ passageId: `p${String(h.passage).padStart(5, '0')}`, score: h.score }))).toEqual(expected);
      read += result.rounds.postingsRead;
      postings += result.postings;
    }
    expect(read).toBeLessThan(postings * 0.6);
  });

  it('with a postings budget, reads no more than it, scores what it returns exactly, and ranks as the exact search whenever that fits in it', async () => {
    const budget = 1_500;
    const lists = impactLists(texts, average);
    let found = 0;
    let wanted = 0;
    let cut = 0;
    for (const query of zipfQuestions(80, { seed: 23, vocabulary: VOCABULARY, minTerms: 2, maxTerms: 5 })) {
      const exact = search(texts, lists, query, 20, average);
      const budgeted = search(texts, lists, query, 20, average, { ...EXACT, postingsAtMost: budget });
      // A round may end a few postings past it: each form read that round takes at least one.
      expect(budgeted.rounds.postingsRead).toBeLessThanOrEqual(budget + query.reduce((n, forms) => n + forms.size, 0));
      const scores = new Map((await exhaustive.search(query, texts.length)).map((h) => [h.passageId, h.score]));
      for (const hit of budgeted.hits) expect(hit.score).toBe(scores.get(`p${String(hit.passage).padStart(5, '0')}`));
      if (exact.rounds.postingsRead <= budget) expect(budgeted.hits).toEqual(exact.hits);
      else cut += 1;
      const got = new Set(budgeted.hits.map((h) => h.passage));
      found += exact.hits.filter((h) => got.has(h.passage)).length;
      wanted += exact.hits.length;
    }
    expect(cut).toBeGreaterThan(10);
    expect(found / wanted).toBeGreaterThan(0.9);
  });
});
