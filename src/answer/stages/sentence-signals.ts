import { bm25TermScore } from '../../corpus/text/bm25.js';
import type { Tuning } from '../tuning.js';
import type { AnswerKindSpec } from '../../corpus/kinds/types.js';
import { spansOf, type SentenceCandidate } from './sentences.js';
import { coverage, matchStrength, type MatchableTerm } from './term-forms.js';

export interface SignalInput {
  sentences: SentenceCandidate[];
  terms: MatchableTerm[];
  kind: AnswerKindSpec | null;
  /** Sentence similarity to the question when a model is loaded (by sentence), else null. */
  denseBySentence: Map<SentenceCandidate, number> | null;
}

/** One signal: a score in [0, 1] per sentence, stored under its name. Add a signal by adding one here and a weight in `Tuning`. */
export type SentenceSignal = (input: SignalInput) => Map<SentenceCandidate, number> | null;

type SignalName = keyof Tuning['sentenceWeights'];

const coverageSignal: SentenceSignal = ({ sentences, terms }) => new Map(sentences.map((s) => [s, coverage(terms, s.terms)]));

/** BM25 of each sentence as a document of its own, relative to the best sentence. */
const bm25Signal: SentenceSignal = ({ sentences, terms }) => {
  const averageLength = sentences.reduce((sum, s) => sum + s.tokens.length, 0) / Math.max(1, sentences.length);
  const raw = sentences.map((s) => {
    const counts = new Map<string, number>();
    for (const t of s.tokens) counts.set(t.term, (counts.get(t.term) ?? 0) + 1);
    let score = 0;
    for (const term of terms) {
      let best = 0;
      for (const [form, strength] of term.forms) {
        const tf = counts.get(form);
        if (!tf) continue;
        best = Math.max(best, bm25TermScore(tf, s.tokens.length, Math.max(1, averageLength), term.weight, strength));
      }
      score += best;
    }
    return score;
  });
  const max = Math.max(1e-9, ...raw);
  return new Map(sentences.map((s, i) => [s, raw[i]! / max]));
};

/** The passage's retrieval strength: keyword score relative to the best passage's, or dense relevance. */
const passageSignal: SentenceSignal = ({ sentences }) => {
  const maxBm25 = Math.max(1e-9, ...sentences.map((s) => s.passageScores.bm25 ?? 0));
  return new Map(sentences.map((s) => [s, Math.max((s.passageScores.bm25 ?? 0) / maxBm25, s.passageScores.dense ?? 0)]));
};

/** Question words in the sentences around it that the sentence itself lacks: a subject named just before. */
const neighboursSignal: SentenceSignal = ({ sentences, terms }) => {
  const byPassage = new Map<string, SentenceCandidate[]>();
  for (const s of sentences) byPassage.set(s.passage.id, [...(byPassage.get(s.passage.id) ?? []), s]);
  const total = terms.reduce((sum, t) => sum + t.weight, 0) || 1;
  return new Map(
    sentences.map((s) => {
      const siblings = byPassage.get(s.passage.id)!;
      const around = [siblings[s.index - 1], siblings[s.index + 1]].filter((x): x is SentenceCandidate => Boolean(x));
      const added = terms.reduce((sum, t) => {
        const own = matchStrength(t, s.terms);
        const near = Math.max(0, ...around.map((n) => matchStrength(t, n.terms)));
        return sum + t.weight * Math.max(0, near - own);
      }, 0);
      return [s, added / total];
    }),
  );
};

const kindFitSignal: SentenceSignal = ({ sentences, kind }) => {
  if (!kind) return null;
  return new Map(sentences.map((s) => [s, spansOf(kind, s).length > 0 ? 1 : 0]));
};

const denseSignal: SentenceSignal = ({ denseBySentence }) => denseBySentence;

export const SENTENCE_SIGNALS: Record<SignalName, SentenceSignal> = {
  coverage: coverageSignal,
  bm25: bm25Signal,
  passage: passageSignal,
  neighbours: neighboursSignal,
  dense: denseSignal,
  kindFit: kindFitSignal,
};

/**
 * Stage: every sentence scored by every signal that applies, combined by the tuned weights
 * (normalised over the signals that ran), best first.
 */
export function scoreSentences(input: SignalInput, tuning: Tuning): SentenceCandidate[] {
  const ran: Array<[SignalName, Map<SentenceCandidate, number>]> = [];
  for (const [name, signal] of Object.entries(SENTENCE_SIGNALS) as Array<[SignalName, SentenceSignal]>) {
    const values = signal(input);
    if (values) ran.push([name, values]);
  }
  const weightSum = ran.reduce((sum, [name]) => sum + tuning.sentenceWeights[name], 0) || 1;
  for (const s of input.sentences) {
    let total = 0;
    for (const [name, values] of ran) {
      const value = values.get(s) ?? 0;
      s.scores[name] = value;
      total += tuning.sentenceWeights[name] * value;
    }
    s.scores.total = total / weightSum;
  }
  // Equal scores: the earlier sentence, since articles introduce people and facts at first mention.
  return [...input.sentences].sort((a, b) => b.scores.total! - a.scores.total! || (a.passage.articleId === b.passage.articleId ? a.start - b.start : 0));
}
