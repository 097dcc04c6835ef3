import type { AnswerKind } from './question-type.js';
import type { PassageEntry, SentenceEntry } from './knowledge.js';
import type { MatchableTerm } from './term-match.js';
import { numberWordValue } from '../corpus/text/number-words.js';
import type { Token } from '../corpus/text/analyzer.js';

/** A possible answer value in a sentence: a number, a name or a date. */
export interface Mention {
  /** What makes two mentions the same value: canonical number, or the name lower-cased. */
  key: string;
  /** As written in the sentence. */
  written: string;
  entry: PassageEntry;
  sentence: SentenceEntry;
  /** Offset of `written` in the sentence text. */
  offset: number;
  /** How closely the question's words surround it, in [0, 1]. */
  closeness: number;
}

interface Span {
  key: string;
  first: number;
  last: number;
}

const MAX_DISTANCE = 8;
const isCapitalized = (t: Token) => !t.isNumber && /^\p{Lu}\p{Ll}/u.test(t.surface);

function numberSpans(tokens: Token[], language: string): Span[] {
  return tokens.flatMap((t, i) => {
    if (t.isNumber) return [{ key: t.term, first: i, last: i }];
    const value = numberWordValue(t.surface, language);
    return value === undefined ? [] : [{ key: String(value), first: i, last: i }];
  });
}

/** Runs of two or more capitalised words, separated by nothing but spaces: names. */
function nameSpans(sentence: SentenceEntry): Span[] {
  const { tokens, text } = sentence;
  const spans: Span[] = [];
  let first = -1;
  const close = (last: number) => {
    if (first >= 0 && last > first) spans.push({ key: tokens.slice(first, last + 1).map((t) => t.surface.toLowerCase()).join(' '), first, last });
    first = -1;
  };
  tokens.forEach((t, i) => {
    const joined = i > 0 && first >= 0 && /^ +$/.test(text.slice(tokens[i - 1]!.start + tokens[i - 1]!.surface.length, t.start));
    if (isCapitalized(t) && (first < 0 || joined)) {
      if (first < 0) first = i;
      return;
    }
    close(i - 1);
    if (isCapitalized(t)) first = i;
  });
  close(tokens.length - 1);
  return spans;
}

const monthNames = new Map<string, Set<string>>();
/** Month names as the language writes them alone and in dates ("жовтня", "octobre"). */
function monthsOf(language: string): Set<string> {
  let months = monthNames.get(language);
  if (!months) {
    months = new Set<string>();
    try {
      for (let m = 0; m < 12; m++) {
        const date = new Date(Date.UTC(2024, m, 15));
        months.add(new Intl.DateTimeFormat(language, { month: 'long', timeZone: 'UTC' }).format(date).toLowerCase());
        for (const part of new Intl.DateTimeFormat(language, { day: 'numeric', month: 'long', timeZone: 'UTC' }).formatToParts(date)) {
          if (part.type === 'month') months.add(part.value.toLowerCase());
        }
      }
    } catch {
      // An unknown language tag: no month names.
    }
    monthNames.set(language, months);
  }
  return months;
}

function dateSpans(tokens: Token[], language: string): Span[] {
  const months = monthsOf(language);
  return tokens.flatMap((t, i) => {
    if (t.isNumber && /^(1[89]|20)\d\d$/.test(t.term)) return [{ key: t.term, first: i, last: i }];
    if (!months.has(t.surface.toLowerCase())) return [];
    const day = [tokens[i - 1], tokens[i + 1]].find((n) => n?.isNumber && Number(n.term) >= 1 && Number(n.term) <= 31);
    if (!day) return [];
    const first = Math.min(i, tokens.indexOf(day));
    return [{ key: `${day.term} ${t.surface.toLowerCase()}`, first, last: first + 1 }];
  });
}

function spansFor(kind: AnswerKind, sentence: SentenceEntry, language: string): Span[] {
  if (kind === 'quantity') return numberSpans(sentence.tokens, language);
  if (kind === 'person') return nameSpans(sentence);
  if (kind === 'date') return dateSpans(sentence.tokens, language);
  return [];
}

/**
 * How near the question's words stand to a span, in [0, 1]: each word the sentence matches
 * counts by its weight, fully when next to the span and less with every word between.
 * Words the sentence lacks are the sentence's score's business, not the span's.
 */
function closenessOf(span: Span, tokens: Token[], terms: MatchableTerm[]): number {
  let near = 0;
  let present = 0;
  for (const term of terms) {
    let best = 0;
    let found = 0;
    tokens.forEach((token, i) => {
      if (i >= span.first && i <= span.last) return;
      const strength = term.forms.get(token.term) ?? 0;
      if (strength === 0) return;
      found = Math.max(found, strength);
      const distance = i < span.first ? span.first - i : i - span.last;
      if (distance <= MAX_DISTANCE) best = Math.max(best, strength / (1 + (distance - 1) / 3));
    });
    near += term.weight * best;
    present += term.weight * found;
  }
  return present === 0 ? 0 : near / present;
}

/** Whether the span only repeats words of the question (the asked-about name is not the answer). */
function repeatsQuestion(span: Span, tokens: Token[], terms: MatchableTerm[]): boolean {
  return tokens.slice(span.first, span.last + 1).every((t) => terms.some((q) => (q.forms.get(t.term) ?? 0) >= 1));
}

export function findMentions(kind: AnswerKind, entry: PassageEntry, sentence: SentenceEntry, terms: MatchableTerm[]): Mention[] {
  const { tokens } = sentence;
  return spansFor(kind, sentence, entry.article.language)
    .filter((span) => !repeatsQuestion(span, tokens, terms))
    .map((span) => {
      const start = tokens[span.first]!.start;
      const end = tokens[span.last]!.start + tokens[span.last]!.surface.length;
      return { key: span.key, written: sentence.text.slice(start, end), entry, sentence, offset: start, closeness: closenessOf(span, tokens, terms) };
    });
}
