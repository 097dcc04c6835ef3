import type { Answer } from '../answer/types.js';
import { isUnspaced } from '../corpus/text/analyzer.js';
import type { EvalQuestion } from './questions.js';
import type { BaselineResult } from './bm25-baseline.js';

const foldCase = (text: string) => text.normalize('NFKC').toLowerCase();

/** The README's normalisation: NFKC, lower case, no whitespace, no `.` `,` `'` `’`. */
export function normalizeForMatch(text: string): string {
  return foldCase(text).replace(/[\s.,'’]/gu, '');
}

/** A separator between digit groups ("2.500", "10 000", "1,373"), dropped as `normalizeForMatch` drops it. */
const DIGIT_GROUP_SEPARATOR = /(\p{Nd})[\s.,'’](?=\p{Nd}{3}(?!\p{Nd}))/gu;
const PUNCTUATION_OR_SYMBOL = /[\p{P}\p{S}]/gu;

/** A word of a script written without spaces, as its characters; other letters stay together. */
function characterTokens(word: string): string[] {
  if (!isUnspaced(word)) return [word];
  const tokens: string[] = [];
  let run = '';
  for (const char of word) {
    if (!isUnspaced(char)) {
      run += char;
      continue;
    }
    if (run) tokens.push(run);
    run = '';
    tokens.push(char);
  }
  if (run) tokens.push(run);
  return tokens;
}

/**
 * The words the answer line is judged on: `normalizeForMatch`'s NFKC and lower case, digit-group
 * separators dropped, every other punctuation mark or symbol folded to a space; words split at
 * whitespace, and scripts written without spaces (Chinese, Japanese, Thai…) cut into characters.
 */
export function matchTokens(text: string): string[] {
  return foldCase(text).replace(DIGIT_GROUP_SEPARATOR, '$1').replace(PUNCTUATION_OR_SYMBOL, ' ').split(/\s+/u).filter(Boolean).flatMap(characterTokens);
}

/** True when `needle` is a contiguous run of `haystack`'s tokens. */
function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  return haystack.some((_, start) => start + needle.length <= haystack.length && needle.every((token, i) => haystack[start + i] === token));
}

/** SQuAD's token F1: the harmonic mean of the shared tokens' share of each side (as multisets). */
export function tokenF1(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const token of b) counts.set(token, (counts.get(token) ?? 0) + 1);
  let shared = 0;
  for (const token of a) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      shared += 1;
      counts.set(token, left - 1);
    }
  }
  return shared === 0 ? 0 : (2 * shared) / (a.length + b.length);
}

/** The least token F1 at which a stated value counts as a gold span (SQuAD's half overlap). */
export const LINE_F1 = 0.5;

/**
 * True when a value the answer line states is one of the gold spans: over `matchTokens`, it
 * contains one, is contained in one, or has token F1 of at least `LINE_F1` with one.
 */
export function statesGold(value: string, gold: readonly string[]): boolean {
  const stated = matchTokens(value);
  if (stated.length === 0) return false;
  return gold.some((span) => {
    const expected = matchTokens(span);
    return expected.length > 0 && (containsRun(stated, expected) || containsRun(expected, stated) || tokenF1(stated, expected) >= LINE_F1);
  });
}

/** How the answer line fared on an answerable question. */
export interface LineVerdict {
  /** The answer states values (status `answered`). */
  given: boolean;
  /** The first value listed is a gold span (`statesGold`). */
  right: boolean;
  /** How many values the line lists (two or more: "the articles disagree"). */
  values: number;
  /** The gold answer holds a digit. */
  numeric: boolean;
  /** The line's confidence (`Answer.lineConfidence`, else `Answer.confidence`), swept by the line's risk-coverage curve. */
  confidence: number;
}

export function lineVerdict(answerAny: readonly string[], answer: Answer): LineVerdict {
  const given = answer.status === 'answered' && answer.values.length > 0;
  return {
    given,
    right: given && statesGold(answer.values[0]!.value, answerAny),
    values: given ? answer.values.length : 0,
    numeric: answerAny.some((span) => /\p{Nd}/u.test(span)),
    confidence: answer.lineConfidence ?? answer.confidence,
  };
}

/** How a line fared on a story several articles tell (`expect.values` and `expect.disagree`). */
export interface DisagreeVerdict {
  disagree: boolean;
  /** Every expected value is matched by a value of its own in the line. */
  shown: boolean;
  /** The line lists one value only, and it is the first expected one. */
  alone: boolean;
  /** How many values the line lists. */
  listed: number;
  /** Each expected value is stated by as many articles as the story says; null when there is no line. */
  supportRight: boolean | null;
}

/**
 * The articles that should state each expected value: all of the story's articles when they agree;
 * when they disagree, one for each changed value and the rest for the first.
 */
export function expectedSupport(values: readonly string[], disagree: boolean, articles: number): number[] {
  return disagree ? values.map((_, i) => (i === 0 ? articles - (values.length - 1) : 1)) : values.map(() => articles);
}

export function disagreeVerdict(expected: { values: string[]; disagree: boolean; sources_any: string[] }, answer: Answer): DisagreeVerdict {
  const listed = answer.status === 'answered' ? answer.values : [];
  const unused = new Set(listed.keys());
  const matched = expected.values.map((value) => {
    const index = [...unused].find((i) => statesGold(listed[i]!.value, [value]));
    if (index !== undefined) unused.delete(index);
    return index === undefined ? null : listed[index]!;
  });
  const support = expectedSupport(expected.values, expected.disagree, expected.sources_any.length);
  return {
    disagree: expected.disagree,
    shown: matched.every((m) => m !== null),
    alone: listed.length === 1 && matched[0] === listed[0],
    listed: listed.length,
    supportRight: listed.length === 0 ? null : matched.every((m, i) => m !== null && m.articleIds.length === support[i]),
  };
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
  /** The answer line, on answerable questions of the product (not the baseline, which has none). */
  line?: LineVerdict;
  /** On questions with `expect.values` and `expect.disagree`. */
  disagree?: DisagreeVerdict;
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
  const { answer_any, sources_any, values, disagree } = question.expect;
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
    line: lineVerdict(answer_any, answer),
    ...(values && disagree !== undefined ? { disagree: disagreeVerdict({ values, disagree, sources_any }, answer) } : {}),
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
