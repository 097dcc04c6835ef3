import type { AnswerKind } from './question-type.js';
import type { KnowledgeBase, PassageEntry, SentenceEntry } from './knowledge.js';
import type { Retrieval } from './retrieve.js';
import { coverage, type MatchableTerm } from './term-match.js';

export interface ScoredSentence {
  entry: PassageEntry;
  sentence: SentenceEntry;
  /** Share of the question's weight the sentence covers. */
  coverage: number;
  /** How relevant the sentence is, in [0, ~1.2]: coverage, dense similarity, answer-kind fit. */
  score: number;
}

/** Passages whose sentences are read for evidence. */
const PASSAGES_READ = 12;
const KIND_BONUS = 0.1;

function fitsKind(kind: AnswerKind, sentence: SentenceEntry): boolean {
  if (kind === 'quantity' || kind === 'date') return sentence.tokens.some((t) => t.isNumber);
  if (kind === 'person') return /\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+/u.test(sentence.text);
  return false;
}

/** Every sentence of the best passages, scored against the question, best first. */
export function scoreSentences(kb: KnowledgeBase, retrieval: Retrieval, terms: MatchableTerm[], kind: AnswerKind): ScoredSentence[] {
  const scored: ScoredSentence[] = [];
  for (const ranked of retrieval.passages.slice(0, PASSAGES_READ)) {
    const entry = kb.passages.get(ranked.passageId);
    if (!entry) continue;
    const dense = ranked.dense ?? 0;
    for (const sentence of entry.sentences) {
      const covered = coverage(terms, sentence.terms);
      const relevance = Math.max(covered, dense * 0.9 + covered * 0.3);
      scored.push({ entry, sentence, coverage: covered, score: relevance + (relevance > 0 && fitsKind(kind, sentence) ? KIND_BONUS : 0) });
    }
  }
  // Equal scores: the earlier sentence, since articles introduce people and facts at first mention.
  return scored.sort((a, b) => b.score - a.score || (a.entry.article.id === b.entry.article.id ? a.sentence.start - b.sentence.start : 0));
}
