import type { AnswerKind } from './question-type.js';
import type { KnowledgeBase, SentenceEntry } from './knowledge.js';
import type { ScoredSentence } from './evidence.js';
import { findMentions, type Mention } from './mentions.js';
import type { MatchableTerm } from './term-match.js';

/** A value found for the question, with every mention that states it. */
export interface ValueGroup {
  key: string;
  mentions: Mention[];
  /** Articles that state the value, mentions or not. */
  articleIds: string[];
}

/** Sentences scoring at least this share of the best one are read for values. */
const READ_SHARE = 0.5;
/** A value stated elsewhere competes (the articles disagree) when it scores this share of the best. */
const COMPETE_SHARE = 0.75;
/** Below this closeness the question's words are not near enough for a value to answer it. */
const MIN_CLOSENESS = 0.3;

const mentionScore = (m: Mention, sentenceScore: number) => m.closeness * 0.6 + sentenceScore * 0.4;

/**
 * Figures repeated across reports of one event are the same fact: a number above any day of
 * the month, or with decimals, that is not a year.
 */
function isDistinctive(key: string): boolean {
  return /^\d+(\.\d+)?$/.test(key) && (Number(key) > 31 || key.includes('.')) && !/^(1[89]|20)\d\d$/.test(key);
}

interface ScoredMention {
  mention: Mention;
  score: number;
}

function scoredMentions(kind: AnswerKind, sentences: ScoredSentence[], terms: MatchableTerm[]): ScoredMention[] {
  const best = sentences[0]?.score ?? 0;
  return sentences
    .filter((s) => s.score >= best * READ_SHARE)
    .flatMap((s) => findMentions(kind, s.entry, s.sentence, terms).map((mention) => ({ mention, score: mentionScore(mention, s.score) })))
    .filter((m) => m.mention.closeness >= MIN_CLOSENESS)
    .sort((a, b) => b.score - a.score);
}

/** The last two words of a name ("Elena Rossi" of "Mayor Elena Rossi"): titles vary between reports, names do not. */
const nameCore = (key: string) => key.split(' ').slice(-2).join(' ');

/**
 * Where a sentence states the value, as written there: a distinctive figure, or a person's
 * name; other values (small numbers, words) count only where they were found near the question.
 */
function statementIn(kind: AnswerKind, key: string): (sentence: SentenceEntry) => { offset: number; written: string } | null {
  if (kind === 'person') {
    const core = nameCore(key);
    return (sentence) => {
      const offset = sentence.text.toLowerCase().indexOf(core);
      return offset < 0 ? null : { offset, written: sentence.text.slice(offset, offset + core.length) };
    };
  }
  if (!isDistinctive(key)) return () => null;
  return (sentence) => {
    const token = sentence.tokens.find((t) => t.isNumber && t.term === key);
    return token ? { offset: token.start, written: token.surface } : null;
  };
}

/** The first statement of the value in each article the mentions do not cover yet. */
function statementsElsewhere(kb: KnowledgeBase, kind: AnswerKind, key: string, covered: Set<string>, closeness: number): Mention[] {
  const find = statementIn(kind, key);
  const found: Mention[] = [];
  const seen = new Set(covered);
  for (const entry of kb.passages.values()) {
    if (seen.has(entry.article.id)) continue;
    for (const sentence of entry.sentences) {
      const statement = find(sentence);
      if (!statement) continue;
      found.push({ key, ...statement, entry, sentence, closeness });
      seen.add(entry.article.id);
      break;
    }
  }
  return found;
}

/**
 * Reports of one event in other languages often say the same thing in the same order: when a
 * sentence shares a distinctive figure (an anchor) with the best sentence, the figure standing
 * where the answer stands is that article's value for it, the same or a different one.
 */
function alignedMentions(kb: KnowledgeBase, best: Mention): Mention[] {
  const numbersOf = (s: SentenceEntry) => s.tokens.filter((t) => t.isNumber);
  const source = numbersOf(best.sentence);
  const answerAt = source.findIndex((t) => t.term === best.key);
  const anchors = source.map((t, i) => ({ term: t.term, i })).filter((a) => a.i !== answerAt && isDistinctive(a.term) && a.term !== best.key);
  if (answerAt < 0 || anchors.length === 0) return [];
  const aligned: Mention[] = [];
  for (const entry of kb.passages.values()) {
    if (entry.article.id === best.entry.article.id) continue;
    for (const sentence of entry.sentences) {
      const numbers = numbersOf(sentence);
      const anchor = anchors.find((a) => numbers.some((t) => t.term === a.term));
      if (!anchor) continue;
      const target = numbers[numbers.findIndex((t) => t.term === anchor.term) + (answerAt - anchor.i)];
      if (!target) continue;
      aligned.push({ key: target.term, written: target.surface, entry, sentence, offset: target.start, closeness: best.closeness });
    }
  }
  return aligned;
}

/** A value with every article that states it: its mentions first, then other articles' statements of it. */
function group(kb: KnowledgeBase, kind: AnswerKind, key: string, mentions: Mention[]): ValueGroup {
  const covered = new Set(mentions.map((m) => m.entry.article.id));
  const all = [...mentions, ...statementsElsewhere(kb, kind, key, covered, 0)];
  return { key, mentions: all, articleIds: [...new Set(all.map((m) => m.entry.article.id))] };
}

/**
 * The values the evidence states for the question, best first: one group when the articles
 * agree, several when they give different values for the same thing. Empty when no value in
 * the evidence stands close enough to what was asked.
 */
export function findValues(kb: KnowledgeBase, kind: AnswerKind, sentences: ScoredSentence[], terms: MatchableTerm[]): ValueGroup[] {
  const mentions = scoredMentions(kind, sentences, terms);
  const top = mentions[0];
  if (!top) return [];
  // Each article's own best value competes if it scores close enough to the overall best.
  const perArticle = new Map<string, ScoredMention>();
  for (const m of mentions) if (!perArticle.has(m.mention.entry.article.id)) perArticle.set(m.mention.entry.article.id, m);
  const contenders = [...perArticle.values()].filter((m) => m.score >= top.score * COMPETE_SHARE).map((m) => m.mention);
  const aligned = kind === 'quantity' ? alignedMentions(kb, top.mention).filter((m) => !perArticle.has(m.entry.article.id)) : [];
  const byKey = new Map<string, Mention[]>();
  for (const m of [top.mention, ...contenders, ...aligned, ...mentions.filter((s) => s.mention.key === top.mention.key).map((s) => s.mention)]) {
    const list = byKey.get(m.key) ?? [];
    if (!list.some((x) => x.sentence === m.sentence)) list.push(m);
    byKey.set(m.key, list);
  }
  return [...byKey].map(([key, list]) => group(kb, kind, key, list));
}
