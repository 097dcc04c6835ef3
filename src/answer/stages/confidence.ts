import type { AnswerKindSpec } from '../../corpus/kinds/types.js';
import type { Tuning } from '../tuning.js';
import { spansOf, type SentenceCandidate } from './sentences.js';
import { coverage, type MatchableTerm } from './term-forms.js';

/** The best sentences whose passages are weighed for confidence. */
const TOP_SENTENCES = 3;

/** Whether the question's focus word ("how many *X*") stands right beside a value of the asked kind in the sentence. */
function focusBesideValue(sentence: SentenceCandidate, focus: MatchableTerm, kind: AnswerKindSpec): boolean {
  const spans = spansOf(kind, sentence);
  return sentence.tokens.some((token, i) => (focus.forms.get(token.term) ?? 0) > 0 && spans.some((s) => s.last === i - 1 || s.first === i + 1));
}

/**
 * Stage: how sure the engine is that its best evidence answers the question, in [0, 1]: the share
 * of the question's weight (idf) that the passage around one of the best sentences covers (a
 * question about an article the corpus lacks leaves its rare words, often names, unmatched), with
 * the focus word weighing more where a value of the asked kind stands beside it ("vier
 * Rundtischgespräche" for "how many round tables took place"); or the best sentence's closeness by
 * meaning when a model is loaded, whichever is stronger. The engine abstains below `minConfidence`
 * unless the line's scorer is sure of a value.
 */
export function confidenceOf(sentences: SentenceCandidate[], terms: MatchableTerm[], kind: AnswerKindSpec | null, tuning: Tuning): number {
  const focus = terms.find((t) => t.term.focus);
  let best = 0;
  for (const top of sentences.slice(0, TOP_SENTENCES)) {
    const passageTerms = new Set(sentences.filter((s) => s.passage.id === top.passage.id).flatMap((s) => [...s.terms]));
    let lexical = coverage(terms, passageTerms);
    if (focus && kind && focusBesideValue(top, focus, kind)) {
      const weighted = terms.map((t) => (t === focus ? { ...t, weight: t.weight * tuning.focusWeight } : t));
      lexical = Math.max(lexical, coverage(weighted, passageTerms));
    }
    best = Math.max(best, lexical, top.scores.dense ?? 0);
  }
  return Math.min(1, best);
}

