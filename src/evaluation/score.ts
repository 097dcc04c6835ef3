import type { Answer } from '../answer/types.js';
import type { EvalQuestion } from './questions.js';
import type { BaselineResult } from './bm25-baseline.js';

/** The README's normalisation: NFKC, lower case, no whitespace, no `.` `,` `'` `’`. */
export function normalizeForMatch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s.,'’]/gu, '');
}

/** What the user is shown: the direct answer line plus the quoted evidence. */
export function shownText(answer: Answer): string {
  return [answer.answerLine ?? '', ...answer.quotes.map((q) => q.text)].join('\n');
}

/** True when the shown text contains one of the expected answers (README normalisation). */
export function showsAnswer(answerAny: readonly string[], shown: string): boolean {
  const normalized = normalizeForMatch(shown);
  return answerAny.some((a) => normalized.includes(normalizeForMatch(a)));
}

/** 1-based rank of the first article id among `sources`, or 0 when none is. */
export function firstRank(articleIds: readonly string[], sources: readonly string[]): number {
  const wanted = new Set(sources);
  return articleIds.findIndex((id) => wanted.has(id)) + 1;
}

export interface QuestionScore {
  id: string;
  lang: string;
  kind: 'answerable' | 'abstain';
  right: boolean;
  abstained: boolean;
  /** Over the quotes shown (top k). */
  foundAtK: boolean;
  reciprocalRank: number;
  /** Over the passages retrieval ranked (`Answer.retrieved`), before evidence picked the quotes. */
  retrievalFoundAtK: boolean;
  retrievalReciprocalRank: number;
  /** The answer's confidence, swept by the risk-coverage curve. */
  confidence: number;
}

function rankScores(articleIds: readonly string[], sources: readonly string[], k: number, cutAtK: boolean) {
  const rank = firstRank(articleIds, sources);
  return { found: rank > 0 && rank <= k, reciprocal: rank > 0 && (!cutAtK || rank <= k) ? 1 / rank : 0 };
}

/**
 * Scores one answer. Quote MRR counts the top k quotes (as before); retrieval MRR counts the whole
 * ranked list, so a source found at rank 12 still shows as a small gain.
 */
export function scoreAnswer(question: EvalQuestion, answer: Answer, k: number): QuestionScore {
  const abstained = answer.status === 'abstained';
  const common = { id: question.id, lang: question.lang, abstained, confidence: answer.confidence };
  if ('abstain' in question.expect) {
    return { ...common, kind: 'abstain', right: abstained, foundAtK: false, reciprocalRank: 0, retrievalFoundAtK: false, retrievalReciprocalRank: 0 };
  }
  const { answer_any, sources_any } = question.expect;
  const quotes = rankScores(answer.quotes.map((q) => q.source.articleId), sources_any, k, true);
  const retrieval = rankScores(answer.retrieved.map((r) => r.articleId), sources_any, k, false);
  return {
    ...common,
    kind: 'answerable',
    right: !abstained && showsAnswer(answer_any, shownText(answer)),
    foundAtK: quotes.found,
    reciprocalRank: quotes.reciprocal,
    retrievalFoundAtK: retrieval.found,
    retrievalReciprocalRank: retrieval.reciprocal,
  };
}

export interface EvalSummary {
  n: number;
  found_at_k: number;
  mrr: number;
  answer_accuracy: number;
  abstain_accuracy: number;
}

export const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
export const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function summarize(scores: QuestionScore[]): EvalSummary {
  const answerable = scores.filter((s) => s.kind === 'answerable');
  const abstain = scores.filter((s) => s.kind === 'abstain');
  return {
    n: scores.length,
    found_at_k: round3(mean(answerable.map((s) => Number(s.foundAtK)))),
    mrr: round3(mean(answerable.map((s) => s.reciprocalRank))),
    answer_accuracy: round3(mean(answerable.map((s) => Number(s.right)))),
    abstain_accuracy: round3(mean(abstain.map((s) => Number(s.right)))),
  };
}

export function summarizeRetrieval(scores: QuestionScore[]): { found_at_k: number; mrr: number } {
  const answerable = scores.filter((s) => s.kind === 'answerable');
  return {
    found_at_k: round3(mean(answerable.map((s) => Number(s.retrievalFoundAtK)))),
    mrr: round3(mean(answerable.map((s) => s.retrievalReciprocalRank))),
  };
}

/** The same answers had everything under `threshold` confidence been withheld. */
export function withThreshold(scores: QuestionScore[], threshold: number): QuestionScore[] {
  return scores.map((s) => {
    const abstained = s.abstained || s.confidence < threshold;
    return { ...s, abstained, right: s.kind === 'abstain' ? abstained : s.right && !abstained };
  });
}

export const abstentionRate = (scores: QuestionScore[]) => round3(mean(scores.map((s) => Number(s.abstained))));

/** Sentences the baseline shows: its top 3, with no answer line. */
export const BASELINE_SHOWN = 3;

/**
 * Scores the plain-BM25 baseline like an answer: right when its top 3 sentences contain the
 * answer; it never abstains by itself (see `withThreshold`). Retrieval measures use its whole
 * ranked list, quote measures the 3 sentences shown.
 */
export function scoreBaseline(question: EvalQuestion, result: BaselineResult, k: number): QuestionScore {
  const shown = result.sentences.slice(0, BASELINE_SHOWN);
  const common = { id: question.id, lang: question.lang, abstained: false, confidence: result.confidence };
  if ('abstain' in question.expect) {
    return { ...common, kind: 'abstain', right: false, foundAtK: false, reciprocalRank: 0, retrievalFoundAtK: false, retrievalReciprocalRank: 0 };
  }
  const { answer_any, sources_any } = question.expect;
  const quotes = rankScores(shown.map((s) => s.articleId), sources_any, k, true);
  const retrieval = rankScores(result.sentences.map((s) => s.articleId), sources_any, k, false);
  return {
    ...common,
    kind: 'answerable',
    right: showsAnswer(answer_any, shown.map((s) => s.text).join('\n')),
    foundAtK: quotes.found,
    reciprocalRank: quotes.reciprocal,
    retrievalFoundAtK: retrieval.found,
    retrievalReciprocalRank: retrieval.reciprocal,
  };
}
