import type { Quote, StatedValue } from '../types.js';
import { pageField, sourceRefOf } from '../source-ref.js';
import type { Tuning } from '../tuning.js';
import type { SentenceCandidate } from './sentences.js';
import type { MatchableTerm } from './term-forms.js';
import type { Mention, ValueGroup } from './values.js';

/** Longest quote; longer sentences are cut at word boundaries around what matters. */
export const MAX_QUOTE_CHARS = 320;
const CONTEXT_WORDS = 4;

export interface Composed {
  answerLine: string | null;
  values: StatedValue[];
  quotes: Quote[];
}

/** Where a window puts its focus: a third of the way in. */
const FOCUS_SHARE = 1 / 3;

/** A window of at most `max` characters around `focus`, cut at spaces. */
function window(text: string, focus: number, max: number): { start: number; end: number } {
  if (text.length <= max) return { start: 0, end: text.length };
  let start = Math.max(0, Math.min(focus - Math.floor(max * FOCUS_SHARE), text.length - max));
  let end = Math.min(text.length, start + max);
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  if (end < text.length) end = text.lastIndexOf(' ', end) > start ? text.lastIndexOf(' ', end) : end;
  return { start, end };
}

/** A verbatim quote of a sentence, trimmed with a flag (for an ellipsis) where it is cut. */
function makeQuote(sentence: SentenceCandidate, citation: number, focus = 0): Quote {
  const { start, end } = window(sentence.text, focus, MAX_QUOTE_CHARS);
  const { passage } = sentence;
  return {
    citation,
    passageId: passage.id,
    source: sourceRefOf(passage.article),
    paragraph: passage.paragraph,
    ...pageField(passage.article, passage.paragraph),
    text: sentence.text.slice(start, end).trim(),
    trimmedStart: start > 0,
    trimmedEnd: end < sentence.text.length,
  };
}

/** The words around a value, which often say what it counts. */
function contextOf(mention: Mention): string {
  const text = mention.sentence.text;
  const before = text.slice(0, mention.span.start).split(/\s+/u).filter(Boolean).slice(-CONTEXT_WORDS);
  const after = text.slice(mention.span.end).split(/\s+/u).filter(Boolean).slice(0, CONTEXT_WORDS);
  return [...before, mention.written, ...after].join(' ').replace(/^[\p{P}\s]+|[,;:.!?\s]+$/gu, '');
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function answerLine(values: StatedValue[], articleCount: number): string {
  const support = (v: StatedValue) => `${v.articleIds.length} of ${plural(articleCount, 'article')}`;
  if (values.length === 1) return `${values[0]!.value} — stated by ${support(values[0]!)}`;
  return `The articles disagree: ${values.map((v) => `${v.value} (${support(v)})`).join(' · ')}`;
}

type Pick = { sentence: SentenceCandidate; focus: number; key: string | null };

/**
 * Where a sentence too long to quote whole answers the question: the place whose quote window
 * holds the most of the question's weight (each term counted once). Sentences run long in
 * scripts without sentence punctuation (Thai) and in run-on prose; the quote's first characters
 * are then rarely the part that matters.
 */
function matchFocus(sentence: SentenceCandidate, terms: MatchableTerm[]): number {
  if (sentence.text.length <= MAX_QUOTE_CHARS) return 0;
  const hits = sentence.tokens.flatMap((token) => {
    const term = terms.find((t) => (t.forms.get(token.term) ?? 0) > 0);
    return term ? [{ at: token.start, term }] : [];
  });
  let best = { focus: 0, weight: 0 };
  for (const anchor of hits) {
    const from = anchor.at - MAX_QUOTE_CHARS * FOCUS_SHARE;
    const inside = new Set(hits.filter((h) => h.at >= from && h.at < from + MAX_QUOTE_CHARS).map((h) => h.term));
    const weight = [...inside].reduce((sum, t) => sum + t.weight, 0);
    if (weight > best.weight) best = { focus: anchor.at, weight };
  }
  return best.focus;
}

/** The best sentences, one per passage first, then the rest; a sentence repeated word for word (a shared headline, a syndicated line) once. */
function evidencePicks(sentences: SentenceCandidate[], terms: MatchableTerm[], tuning: Tuning): Pick[] {
  const best = sentences[0]?.scores.total ?? 0;
  const candidates = sentences.filter((s) => s.scores.total! >= best * tuning.evidenceShare);
  const picks: SentenceCandidate[] = [];
  for (const firstPass of [true, false]) {
    for (const s of candidates) {
      if (picks.length >= tuning.evidenceQuotes) break;
      if (picks.some((p) => p === s || p.text === s.text) || (firstPass && picks.some((p) => p.passage.id === s.passage.id))) continue;
      picks.push(s);
    }
  }
  return picks.map((sentence) => ({ sentence, focus: matchFocus(sentence, terms), key: null }));
}

/**
 * Stage: quotes and the answer line (stated only when `stateLine`). With values: the best value's statement, one statement of
 * every other value (a disagreement is never hidden, even past the quote limit), the best
 * evidence sentence, another article stating the best value, the best evidence not yet quoted,
 * the other articles stating it (one each), then more evidence.
 * With a line not stated: the best evidence, the statements of the values the scorer `weighed`
 * most, then more evidence. Without values: the best evidence.
 */
export function compose(groups: ValueGroup[], sentences: SentenceCandidate[], terms: MatchableTerm[], articleCount: number, maxQuotes: number, tuning: Tuning, stateLine = true, weighed: Mention[] = []): Composed {
  const evidence = evidencePicks(sentences, terms, tuning);
  const picks: Pick[] = [];
  const quoted = (sentence: SentenceCandidate) => picks.some((p) => p.sentence.passage.id === sentence.passage.id && p.sentence.start === sentence.start);
  const add = (pick: Pick) => {
    if (!quoted(pick.sentence)) picks.push(pick);
  };
  const pick = (m: Mention): Pick => ({ sentence: m.sentence, focus: m.span.start, key: m.span.key });
  if (!stateLine && weighed.length > 0) {
    // Values the line's scorer is not sure of: the best evidence first (where a value weighed stands in it, the part of
    // a long sentence around that value), then the statements of the values it weighed most.
    const inBest = evidence[0] && weighed.find((m) => m.sentence === evidence[0]!.sentence);
    if (inBest) add(pick(inBest));
    else if (evidence[0]) add(evidence[0]);
    for (const m of weighed) if (picks.length < maxQuotes) add(pick(m));
    for (const e of evidence) if (picks.length < maxQuotes) add(e);
  } else if (groups.length > 0) {
    const [best, ...others] = groups;
    add(pick(best!.mentions[0]!));
    for (const g of others) add(pick(g.mentions[0]!));
    // The best evidence when it is another sentence (the value may be misread; the evidence is not).
    if (evidence[0] && picks.length < maxQuotes) add(evidence[0]);
    // Other articles stating the best value, one each; after the first, the best evidence not yet quoted (when the value
    // is wrong, the evidence shows what the articles say, however many of them state the value).
    const supporting = best!.mentions.slice(1);
    const quoteSupport = (m: Mention) => {
      if (picks.length >= maxQuotes || picks.some((p) => p.sentence.passage.articleId === m.sentence.passage.articleId)) return false;
      add(pick(m));
      return true;
    };
    const first = supporting.findIndex(quoteSupport);
    const unquoted = evidence.find((e) => !quoted(e.sentence));
    if (unquoted && picks.length < maxQuotes) add(unquoted);
    for (const m of supporting.slice(first + 1)) quoteSupport(m);
    for (const e of evidence) if (picks.length < maxQuotes) add(e);
  } else {
    for (const e of evidence.slice(0, maxQuotes)) add(e);
  }
  const quotes = picks.map((p, i) => makeQuote(p.sentence, i + 1, p.focus));
  const values: StatedValue[] = groups.map((g) => ({
    value: g.mentions[0]!.written,
    citations: quotes.filter((_, i) => picks[i]!.key === g.key).map((q) => q.citation),
    articleIds: g.articleIds,
    context: contextOf(g.mentions[0]!),
  }));
  // A line its scorer is not sure of is not stated; its statements are still quoted as evidence.
  if (!stateLine) return { answerLine: null, values: [], quotes };
  return { answerLine: values.length > 0 ? answerLine(values, articleCount) : null, values, quotes };
}
