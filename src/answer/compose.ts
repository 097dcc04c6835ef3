import type { ScoredSentence } from './evidence.js';
import type { KnowledgeBase } from './knowledge.js';
import type { Mention } from './mentions.js';
import { makeQuote, type QuoteSource } from './quotes.js';
import type { Quote, StatedValue } from './types.js';
import type { ValueGroup } from './values.js';

/** Evidence-only answers quote sentences scoring at least this share of the best. */
const EVIDENCE_SHARE = 0.6;
const CONTEXT_WORDS = 4;

export interface Composed {
  answerLine: string | null;
  values: StatedValue[];
  quotes: Quote[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The words around a value, which often say what it counts or qualifies it ("nearly", "more than"). */
function contextOf(mention: Mention): string {
  const text = mention.sentence.text;
  const before = text.slice(0, mention.offset).split(/\s+/u).filter(Boolean).slice(-CONTEXT_WORDS);
  const after = text.slice(mention.offset + mention.written.length).split(/\s+/u).filter(Boolean).slice(0, CONTEXT_WORDS);
  return [...before, mention.written, ...after].join(' ').replace(/^[\p{P}\s]+|[,;:.!?\s]+$/gu, '');
}

/** Quotes in citation order: the best value's mentions (one per article), then each other value's. */
function quoteSources(groups: ValueGroup[], maxQuotes: number): Array<QuoteSource & { key: string }> {
  const [best, ...others] = groups;
  const perArticle = new Map<string, Mention>();
  for (const m of best!.mentions) if (!perArticle.has(m.entry.article.id)) perArticle.set(m.entry.article.id, m);
  const main = [...perArticle.values()].slice(0, Math.max(1, maxQuotes - others.length));
  // Every disagreeing value gets a quote, even past the limit: hiding one would hide the disagreement.
  const chosen = [...main, ...others.map((g) => g.mentions[0]!)];
  return chosen.map((m) => ({ entry: m.entry, sentence: m.sentence, focus: m.offset, key: m.key }));
}

function answerLine(values: StatedValue[], articleCount: number): string {
  const support = (v: StatedValue) => `${v.articleIds.length} of ${plural(articleCount, 'article')}`;
  if (values.length === 1) return `${values[0]!.value} — stated by ${support(values[0]!)}`;
  return `The articles disagree: ${values.map((v) => `${v.value} (${support(v)})`).join(' · ')}`;
}

export function composeValueAnswer(kb: KnowledgeBase, groups: ValueGroup[], maxQuotes: number): Composed {
  const sources = quoteSources(groups, maxQuotes);
  const quotes = sources.map((s, i) => makeQuote(s, i + 1));
  const values: StatedValue[] = groups.map((g) => ({
    value: g.mentions[0]!.written,
    citations: quotes.filter((_, i) => sources[i]!.key === g.key).map((q) => q.citation),
    articleIds: g.articleIds,
    context: contextOf(g.mentions[0]!),
  }));
  return { answerLine: answerLine(values, kb.articles.size), values, quotes };
}

/** No single value: the best sentences, from different passages, as evidence. */
export function composeEvidenceAnswer(sentences: ScoredSentence[], maxQuotes: number): Composed {
  const best = sentences[0]?.score ?? 0;
  const chosen: ScoredSentence[] = [];
  const usedArticles = new Set<string>();
  const candidates = sentences.filter((s) => s.score >= best * EVIDENCE_SHARE);
  // First one sentence per article, then the rest, so several articles speak when they can.
  for (const pass of [true, false]) {
    for (const s of candidates) {
      if (chosen.length >= maxQuotes) break;
      if (chosen.includes(s) || (pass && usedArticles.has(s.entry.article.id))) continue;
      if (chosen.some((c) => c.entry.passage.id === s.entry.passage.id && c.sentence.start === s.sentence.start)) continue;
      chosen.push(s);
      usedArticles.add(s.entry.article.id);
    }
  }
  return { answerLine: null, values: [], quotes: chosen.map((s, i) => makeQuote({ entry: s.entry, sentence: s.sentence }, i + 1)) };
}
