import type { PassageEntry, SentenceEntry } from './knowledge.js';
import type { Quote } from './types.js';

/** Longest quote; longer sentences are cut at word boundaries around what matters. */
export const MAX_QUOTE_CHARS = 320;

export interface QuoteSource {
  entry: PassageEntry;
  sentence: SentenceEntry;
  /** Offset in the sentence that the quote must keep in view (a value), if any. */
  focus?: number;
}

/** A window of at most `max` characters around `focus`, cut at spaces. */
function window(text: string, focus: number, max: number): { start: number; end: number } {
  if (text.length <= max) return { start: 0, end: text.length };
  let start = Math.max(0, Math.min(focus - Math.floor(max / 3), text.length - max));
  let end = Math.min(text.length, start + max);
  if (start > 0) start = text.indexOf(' ', start) + 1 || start;
  if (end < text.length) end = text.lastIndexOf(' ', end) > start ? text.lastIndexOf(' ', end) : end;
  return { start, end };
}

/** A verbatim quote of a sentence, trimmed with a flag (for an ellipsis) where it is cut. */
export function makeQuote(source: QuoteSource, citation: number): Quote {
  const { entry, sentence } = source;
  const { start, end } = window(sentence.text, source.focus ?? 0, MAX_QUOTE_CHARS);
  const text = sentence.text.slice(start, end).trim();
  const { article, passage } = entry;
  return {
    citation,
    passageId: passage.id,
    source: { articleId: article.id, title: article.title, language: article.language, url: article.sourceUrl },
    paragraph: passage.paragraph,
    text,
    trimmedStart: start > 0,
    trimmedEnd: end < sentence.text.length,
  };
}
