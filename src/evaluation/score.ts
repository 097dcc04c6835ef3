import type { Answer } from '../answer/types.js';
import type { EvalQuestion } from './questions.js';

/** The README's normalisation: NFKC, lower case, no whitespace, no `.` `,` `'` `’`. */
export function normalizeForMatch(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s.,'’]/gu, '');
}

/** What the user is shown: the direct answer line plus the quoted evidence. */
export function shownText(answer: Answer): string {
  return [answer.answerLine ?? '', ...answer.quotes.map((q) => q.text)].join('\n');
}

export interface QuestionScore {
  id: string;
  kind: 'answerable' | 'abstain';
  right: boolean;
  abstained: boolean;
  foundAtK: boolean;
  reciprocalRank: number;
}

export function scoreAnswer(question: EvalQuestion, answer: Answer, k: number): QuestionScore {
  const abstained = answer.status === 'abstained';
  if ('abstain' in question.expect) {
    return { id: question.id, kind: 'abstain', right: abstained, abstained, foundAtK: false, reciprocalRank: 0 };
  }
  const shown = normalizeForMatch(shownText(answer));
  const right = !abstained && question.expect.answer_any.some((a) => shown.includes(normalizeForMatch(a)));
  const sources = new Set(question.expect.sources_any);
  const rank = answer.quotes.slice(0, k).findIndex((q) => sources.has(q.source.articleId));
  return { id: question.id, kind: 'answerable', right, abstained, foundAtK: rank >= 0, reciprocalRank: rank >= 0 ? 1 / (rank + 1) : 0 };
}

export interface EvalSummary {
  n: number;
  found_at_k: number;
  mrr: number;
  answer_accuracy: number;
  abstain_accuracy: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const round = (x: number) => Math.round(x * 1000) / 1000;

export function summarize(scores: QuestionScore[]): EvalSummary {
  const answerable = scores.filter((s) => s.kind === 'answerable');
  const abstain = scores.filter((s) => s.kind === 'abstain');
  return {
    n: scores.length,
    found_at_k: round(mean(answerable.map((s) => Number(s.foundAtK)))),
    mrr: round(mean(answerable.map((s) => s.reciprocalRank))),
    answer_accuracy: round(mean(answerable.map((s) => Number(s.right)))),
    abstain_accuracy: round(mean(abstain.map((s) => Number(s.right)))),
  };
}
