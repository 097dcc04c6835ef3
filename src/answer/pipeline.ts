import type { KeywordStore, VectorStore } from '../store/seam.js';
import type { LineEvidence } from './stages/line-confidence.js';
import type { Mention } from './stages/values.js';
import type { Retriever } from './stages/retrieval.js';

/** What retrievers are made over: the snapshot's stores (vectors only when a model is loaded). */
export interface RetrieverStores {
  keyword: KeywordStore;
  vectors: VectorStore | null;
}

/** A retriever's registration: it makes the retriever over the stores, or null when it cannot run (dense search without a model). */
export interface RetrieverSpec {
  name: string;
  create(stores: RetrieverStores): Retriever | null;
}

/**
 * Scores a value that could answer: the probability that it is the answer, from what the stages
 * found. The engine scores every candidate; the line states the likeliest from `threshold` on,
 * and below it the answer is the quotes alone.
 */
export interface LineScorer {
  name: string;
  threshold: number;
  score(evidence: LineEvidence, candidate: Mention): number;
}

/**
 * The stages the engine runs that can be swapped or added to: its retrievers (fused by
 * reciprocal rank) and the line's scorer. `app/service.ts` composes the defaults
 * (`answer/default-stages.ts`); a new retriever or scorer is one file and one line there.
 */
export interface AnswerStages {
  retrievers: readonly RetrieverSpec[];
  lineScorer: LineScorer;
}
