import { createHash } from 'node:crypto';
import { splitSentences } from './sentences.js';
import type { Article, Passage, TokenCounter } from './types.js';

/**
 * Bumped whenever the way passages are cut changes, so an index built by an older chunker is
 * re-embedded rather than mixed with new passages.
 */
export const CHUNKER_VERSION = 3;

export interface SplitOptions {
  countTokens: TokenCounter;
  /** Largest passage in model tokens, special tokens and prefix included. */
  maxTokens: number;
}

interface Piece {
  text: string;
  start: number;
}

/** Groups consecutive sentences of one paragraph into pieces under the token limit. */
function packSentences(paragraph: Piece, language: string, options: SplitOptions): Piece[] {
  const sentences = splitSentences(paragraph.text, language).map((s) => ({ text: s.text, start: paragraph.start + s.start }));
  const pieces: Piece[] = [];
  let current: Piece | null = null;
  for (const sentence of sentences) {
    const merged: Piece | null = current && {
      text: paragraph.text.slice(current.start - paragraph.start, sentence.start - paragraph.start + sentence.text.length),
      start: current.start,
    };
    if (merged && options.countTokens(merged.text) <= options.maxTokens) {
      current = merged;
      continue;
    }
    if (current) pieces.push(current);
    current = sentence;
  }
  if (current) pieces.push(current);
  return pieces.flatMap((piece) => (options.countTokens(piece.text) <= options.maxTokens ? [piece] : splitWords(piece, options)));
}

/** Last resort for a single sentence over the limit: cut between words. */
function splitWords(piece: Piece, options: SplitOptions): Piece[] {
  const pieces: Piece[] = [];
  const words = [...piece.text.matchAll(/\S+/g)];
  let first = 0;
  while (first < words.length) {
    let last = first;
    const textOf = (to: number) => piece.text.slice(words[first]!.index, words[to]!.index + words[to]![0].length);
    while (last + 1 < words.length && options.countTokens(textOf(last + 1)) <= options.maxTokens) last++;
    pieces.push({ text: textOf(last), start: piece.start + words[first]!.index });
    first = last + 1;
  }
  return pieces;
}

function passageId(articleId: string, text: string, occurrence: number): string {
  return createHash('sha256').update(`${articleId}\u0000${occurrence}\u0000${text}`).digest('hex').slice(0, 16);
}

/**
 * Splits an article into passages on paragraph and sentence boundaries, each under the model's
 * token limit. A passage never spans two paragraphs, so its paragraph number locates it.
 */
export function splitIntoPassages(article: Article, options: SplitOptions): Passage[] {
  const seen = new Map<string, number>();
  return article.paragraphs.flatMap((paragraph) => {
    const whole = { text: paragraph.text, start: paragraph.start };
    const pieces = options.countTokens(whole.text) <= options.maxTokens ? [whole] : packSentences(whole, article.language, options);
    return pieces.map((piece) => {
      const occurrence = seen.get(piece.text) ?? 0;
      seen.set(piece.text, occurrence + 1);
      return { id: passageId(article.id, piece.text, occurrence), articleId: article.id, paragraph: paragraph.number, text: piece.text, start: piece.start };
    });
  });
}
