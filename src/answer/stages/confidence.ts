import type { SentenceCandidate } from './sentences.js';
import { coverage, type MatchableTerm } from './term-forms.js';

/** The best sentences whose passages are weighed for confidence. */
const TOP_SENTENCES = 3;

/**
 * Stage: how sure the engine is that its best evidence answers the question, in [0, 1]: the share
 * of the question's weight (idf) that the passage around one of the best sentences covers (a
 * question about an article the corpus lacks leaves its rare words, often names, unmatched), or
 * the best sentence's closeness by meaning when a model is loaded, whichever is stronger. The
 * engine abstains below the calibrated `minConfidence`.
 */
export function confidenceOf(sentences: SentenceCandidate[], terms: MatchableTerm[]): number {
  let best = 0;
  for (const top of sentences.slice(0, TOP_SENTENCES)) {
    const passageTerms = new Set(sentences.filter((s) => s.passage.id === top.passage.id).flatMap((s) => [...s.terms]));
    best = Math.max(best, coverage(terms, passageTerms), top.scores.dense ?? 0);
  }
  return Math.min(1, best);
}
