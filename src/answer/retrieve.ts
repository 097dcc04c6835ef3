import type { RetrievalMode } from './types.js';
import type { KnowledgeBase } from './knowledge.js';
import type { MatchableTerm } from './term-match.js';

/** How similar the question is to passages in general: the yardstick for "similar enough". */
export interface SimilarityBackground {
  mean: number;
  std: number;
}

/** Dense search, when the index has vectors: the question's nearest passages by cosine. */
export type DenseSearch = (
  question: string,
  topK: number,
) => Promise<{ hits: Array<{ passageId: string; score: number }>; embedMs: number; background: SimilarityBackground }>;

/**
 * Models differ in how similar unrelated texts look (e5 puts most pairs above 0.7; a random
 * model near 1), so a cosine means nothing alone: relevance is how far a passage stands above
 * the question's similarity to passages in general, in standard deviations, mapped to [0, 1]
 * between "what the best of many unrelated passages reaches" and "clearly apart".
 */
const UNRELATED_Z = 2.5;
const CLEARLY_RELEVANT_Z = 4.5;

export function denseRelevance(cosine: number, background: SimilarityBackground): number {
  if (background.std < 1e-6) return 0;
  const z = (cosine - background.mean) / background.std;
  return Math.max(0, Math.min(1, (z - UNRELATED_Z) / (CLEARLY_RELEVANT_Z - UNRELATED_Z)));
}

export interface RankedPassage {
  passageId: string;
  /** Reciprocal-rank-fusion score over the lists that found it. */
  fused: number;
  lexical: number;
  /** Dense relevance in [0, 1] (see `denseRelevance`), when dense search ran and found it. */
  dense: number | null;
}

export interface Retrieval {
  mode: RetrievalMode;
  passages: RankedPassage[];
  embedMs: number;
  searchMs: number;
}

/** The usual constant of reciprocal rank fusion: damps the difference between top ranks. */
const RRF_K = 60;
const CANDIDATES = 30;

function fuse(lists: Array<Array<{ passageId: string; score: number }>>): Map<string, number> {
  const fused = new Map<string, number>();
  for (const list of lists) list.forEach((hit, rank) => fused.set(hit.passageId, (fused.get(hit.passageId) ?? 0) + 1 / (RRF_K + rank + 1)));
  return fused;
}

/** Keyword and dense results fused by rank; keyword alone when there is no dense search. */
export async function retrieve(kb: KnowledgeBase, question: string, terms: MatchableTerm[], dense: DenseSearch | null): Promise<Retrieval> {
  const started = performance.now();
  const lexicalHits = kb.lexical.search(terms.map((t) => t.forms), CANDIDATES);
  const denseResult = dense ? await dense(question, CANDIDATES) : null;
  const lists = denseResult ? [lexicalHits, denseResult.hits] : [lexicalHits];
  const fused = fuse(lists);
  const lexicalScore = new Map(lexicalHits.map((h) => [h.passageId, h.score]));
  const denseScore = new Map(denseResult?.hits.map((h) => [h.passageId, denseRelevance(h.score, denseResult.background)]) ?? []);
  const passages = [...fused]
    .map(([passageId, score]) => ({ passageId, fused: score, lexical: lexicalScore.get(passageId) ?? 0, dense: denseResult ? (denseScore.get(passageId) ?? null) : null }))
    .sort((a, b) => b.fused - a.fused);
  const embedMs = denseResult?.embedMs ?? 0;
  return { mode: denseResult ? 'hybrid' : 'lexical', passages, embedMs, searchMs: performance.now() - started - embedMs };
}
