import { randomUUID } from 'node:crypto';
import { composeEvidenceAnswer, composeValueAnswer, type Composed } from './compose.js';
import { scoreSentences, type ScoredSentence } from './evidence.js';
import type { KnowledgeBase } from './knowledge.js';
import { analyzeQuestion } from './query.js';
import { answerKind, type AnswerKind } from './question-type.js';
import { retrieve, type DenseSearch } from './retrieve.js';
import { matchableTerms, type MatchableTerm } from './term-match.js';
import type { Abstention, Answer, AnswerTimings, RetrievalMode } from './types.js';
import { findValues } from './values.js';

export interface AnswerOptions {
  kb: KnowledgeBase;
  /** Dense search when the index has vectors and the model is loaded; null for keyword-only. */
  dense: DenseSearch | null;
  maxQuotes: number;
  /** The best sentence must reach this relevance, or the corpus is said not to answer. */
  minRelevance?: number;
  /** Shown with every answer, e.g. that only keyword search was available. */
  notices?: string[];
}

/**
 * Calibrated on the dev questions in keyword-only mode (see `npm run eval`): a question must find
 * most of its weight in one sentence; one matched name out of two words ("capital of Australia")
 * is not an answer.
 */
export const DEFAULT_MIN_RELEVANCE = 0.6;
/** Past this, a question is noise for retrieval (a pasted article, a flood). */
const MAX_QUESTION_CHARS = 1000;

/**
 * Control, format (zero-width, direction marks) and private-use characters carry no words, nor
 * do terminal escape sequences pasted along with text (`ESC[31m`).
 */
export function cleanQuestion(question: string): string {
  return question
    .normalize('NFKC')
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/gu, ' ')
    .replace(/[\p{Cc}\p{Cf}\p{Co}]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

function corpusSummary(kb: KnowledgeBase): string {
  const titles = [...kb.articles.values()].slice(0, 3).map((a) => `“${a.title}”`);
  return `The corpus holds ${kb.articles.size} news article${kb.articles.size === 1 ? '' : 's'} (${kb.languages.join(', ')}), for example ${titles.join('; ')}.`;
}

function abstain(kb: KnowledgeBase, reason: string): Composed & { abstention: Abstention } {
  return { answerLine: null, values: [], quotes: [], abstention: { reason, corpusSummary: corpusSummary(kb) } };
}

function compose(kb: KnowledgeBase, kind: AnswerKind, terms: MatchableTerm[], sentences: ScoredSentence[], options: AnswerOptions) {
  const best = sentences[0];
  if (!best || best.score < (options.minRelevance ?? DEFAULT_MIN_RELEVANCE)) {
    return abstain(kb, 'Nothing in the corpus answers this question.');
  }
  const groups = kind === 'open' ? [] : findValues(kb, kind, sentences, terms);
  const composed = groups.length > 0 ? composeValueAnswer(kb, groups, options.maxQuotes) : composeEvidenceAnswer(sentences, options.maxQuotes);
  return { ...composed, abstention: null };
}

/**
 * Answers a question from the corpus: retrieves passages (keyword and dense, fused), picks the
 * sentences that answer it, states the value when the evidence gives one (all values when the
 * articles disagree), and quotes the evidence verbatim; or says plainly that the corpus does not
 * answer. Pure apart from the injected dense search.
 */
export async function answerQuestion(rawQuestion: string, options: AnswerOptions): Promise<Answer> {
  const started = performance.now();
  const { kb } = options;
  const cleaned = cleanQuestion(rawQuestion);
  const question = cleaned.slice(0, MAX_QUESTION_CHARS);
  const analyzed = analyzeQuestion(question, kb.languages);
  const notices = [...(cleaned.length > MAX_QUESTION_CHARS ? [`Only the first ${MAX_QUESTION_CHARS} characters of the question were used.`] : []), ...(options.notices ?? [])];
  const base = { id: randomUUID(), question, notices };
  const timing = (partial: Omit<AnswerTimings, 'totalMs'>): AnswerTimings => ({ ...partial, totalMs: performance.now() - started });

  if (!/[\p{L}\p{N}]/u.test(question)) {
    const mode: RetrievalMode = options.dense ? 'hybrid' : 'lexical';
    const empty = abstain(kb, question ? 'The question has no words to search for.' : 'The question is empty.');
    return { ...base, ...empty, mode, status: 'abstained', confidence: 0, retrieved: [], timings: timing({ embedMs: 0, searchMs: 0, evidenceMs: 0 }) };
  }
  const terms = matchableTerms(kb, analyzed.terms);
  const retrieval = await retrieve(kb, question, terms, options.dense);
  const evidenceStarted = performance.now();
  const kind = answerKind(question);
  const sentences = scoreSentences(kb, retrieval, terms, kind);
  const composed = compose(kb, kind, terms, sentences, options);
  const status = composed.abstention ? 'abstained' : composed.values.length > 0 ? 'answered' : 'evidence';
  const evidenceMs = performance.now() - evidenceStarted;
  const retrieved = retrieval.passages.flatMap((p) => {
    const entry = kb.passages.get(p.passageId);
    return entry ? [{ passageId: p.passageId, articleId: entry.article.id }] : [];
  });
  const confidence = Math.min(1, sentences[0]?.score ?? 0);
  return { ...base, ...composed, mode: retrieval.mode, status, confidence, retrieved, timings: timing({ embedMs: retrieval.embedMs, searchMs: retrieval.searchMs, evidenceMs }) };
}
