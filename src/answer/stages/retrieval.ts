import type { KeywordStore, VectorStore } from '../../store/seam.js';
import type { Tuning } from '../tuning.js';
import type { MatchableTerm } from './term-forms.js';

/** A passage found by retrieval, with every retriever's score by name (`scores.bm25`, `scores.dense`, `scores.fused`). */
export interface PassageCandidate {
  passageId: string;
  scores: Record<string, number>;
}

/** A ranked list from one retriever. */
export interface RankedList {
  /** The score's name in the candidates' records. */
  name: string;
  hits: Array<{ passageId: string; score: number }>;
}

/** Turns a question into the query vector; null when no model is loaded. */
export interface QueryEmbedding {
  vector: Float32Array;
  /** How similar the question is to passages in general: the yardstick for "similar enough". */
  background: { mean: number; std: number };
  embedMs: number;
}

/**
 * A retriever: one file each, listed in the engine. Another store or a reranker is added by
 * writing one and registering it.
 */
export interface Retriever {
  name: string;
  retrieve(input: { terms: MatchableTerm[]; query: QueryEmbedding | null; tuning: Tuning }): Promise<RankedList | null>;
}

export function keywordRetriever(keyword: KeywordStore): Retriever {
  return {
    name: 'bm25',
    async retrieve({ terms, tuning }) {
      if (terms.length === 0) return { name: 'bm25', hits: [] };
      return { name: 'bm25', hits: await keyword.search(terms.map((t) => t.forms), tuning.retrievalDepth) };
    },
  };
}

/**
 * Models differ in how similar unrelated texts look (e5 puts most pairs above 0.7; a random
 * model near 1), so a cosine means nothing alone: relevance is how far a passage stands above
 * the question's similarity to passages in general, in standard deviations, mapped to [0, 1].
 */
export function denseRelevance(cosine: number, background: QueryEmbedding['background'], tuning: Tuning): number {
  if (background.std < 1e-6) return 0;
  const z = (cosine - background.mean) / background.std;
  return Math.max(0, Math.min(1, (z - tuning.denseUnrelatedZ) / (tuning.denseRelevantZ - tuning.denseUnrelatedZ)));
}

export function denseRetriever(vectors: VectorStore): Retriever {
  return {
    name: 'dense',
    async retrieve({ query, tuning }) {
      if (!query) return null;
      const hits = await vectors.query(query.vector, tuning.retrievalDepth);
      return { name: 'dense', hits: hits.map((h) => ({ passageId: h.passageId, score: denseRelevance(h.score, query.background, tuning) })) };
    },
  };
}

/**
 * Reciprocal rank fusion of every list; each candidate keeps every list's own score. Each list's
 * best few come first whatever the fusion says: a passage that one retriever finds best and the
 * other misses (keyword evidence a model cannot see, or a translation keywords cannot) is read.
 */
export function fuse(lists: RankedList[], tuning: Tuning): PassageCandidate[] {
  const fused = fuseByRank(lists, tuning);
  const leaders = new Set(lists.flatMap((l) => l.hits.slice(0, tuning.leadersPerRetriever).map((h) => h.passageId)));
  return [...fused.filter((c) => leaders.has(c.passageId)), ...fused.filter((c) => !leaders.has(c.passageId))];
}

function fuseByRank(lists: RankedList[], tuning: Tuning): PassageCandidate[] {
  const candidates = new Map<string, PassageCandidate>();
  for (const list of lists) {
    list.hits.forEach((hit, rank) => {
      let candidate = candidates.get(hit.passageId);
      if (!candidate) candidates.set(hit.passageId, (candidate = { passageId: hit.passageId, scores: { fused: 0 } }));
      candidate.scores[list.name] = hit.score;
      candidate.scores.fused! += 1 / (tuning.rrfK + rank + 1);
    });
  }
  return [...candidates.values()].sort((a, b) => b.scores.fused! - a.scores.fused!);
}
