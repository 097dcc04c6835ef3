import { date } from './date.js';
import { organisation } from './organisation.js';
import { person } from './person.js';
import { place } from './place.js';
import { quantity } from './quantity.js';
import { tokenize, type Token } from '../text/analyzer.js';
import type { AnswerKindSpec } from './types.js';

/**
 * The answer kinds, in the order a question is tested against them (the more specific first).
 * A question that fits none is open: answered with evidence, not a single value.
 */
export const ANSWER_KINDS: readonly AnswerKindSpec[] = [quantity, date, organisation, person, place];

/** Interrogatives open a question; later in it, `who`/`qui` are usually relative pronouns. */
const OPENING_WORDS = 4;
const openingOf = (question: string) => question.trim().split(/\s+/u).slice(0, OPENING_WORDS).join(' ');

/** Two capitalised words after the first: the question names someone ("Who is John Brandolino?"). */
const NAMES_SOMEONE = /\s\p{Lu}[\p{Ll}'’]+\s+\p{Lu}[\p{Ll}'’]+/u;

/**
 * Text without the accents of alphabets that write them as marks on letters (Latin, Greek,
 * Cyrillic): questions typed in chat often leave them out ("Ποτε", "cuando"). Scripts whose vowels
 * are marks (Thai, Devanagari) keep them.
 */
const unaccented = (text: string) => text.normalize('NFD').replace(/(?<=[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu, '').normalize('NFC');

/** Each pattern also matched without accents, in the question and in the pattern alike. */
const foldedPatterns = new WeakMap<RegExp, RegExp>();
function matches(pattern: RegExp | null, text: string): RegExpExecArray | null {
  if (!pattern) return null;
  let folded = foldedPatterns.get(pattern);
  if (!folded) foldedPatterns.set(pattern, (folded = new RegExp(unaccented(pattern.source), pattern.flags)));
  return pattern.exec(text) ?? folded.exec(unaccented(text));
}

/** The kind of answer a question asks for, or null for an open question. */
export function kindOf(question: string): AnswerKindSpec | null {
  const opening = openingOf(question);
  const kind =
    ANSWER_KINDS.find((k) => matches(k.opening, opening)) ?? ANSWER_KINDS.find((k) => matches(k.anywhere, question)) ?? null;
  // "Who is John Brandolino?" asks for a description of the named, not for another name.
  if (kind?.id === 'person' && NAMES_SOMEONE.test(question)) return null;
  return kind;
}

/** The interrogative's words ("how", "many"): they say what is asked, not what to look for. */
export function interrogativeWords(question: string): Set<string> {
  const opening = openingOf(question);
  const words = new Set<string>();
  for (const kind of ANSWER_KINDS) {
    for (const [pattern, text] of [[kind.opening, opening], [kind.anywhere, question]] as const) {
      const match = matches(pattern, text);
      if (match) for (const word of match[0].toLowerCase().match(/[\p{L}]+/gu) ?? []) words.add(word);
    }
  }
  return words;
}

/**
 * The value index's keys of a text: each kind's spans under the kind's own `indexKey` (distinctive
 * figures, full dates, names), so what is indexed and what an answer looks up are one definition.
 */
export function valueKeysOf(text: string, language: string, tokens: Token[] = tokenize(text, language)): string[] {
  const keys = new Set<string>();
  for (const kind of ANSWER_KINDS) {
    for (const span of kind.spans({ text, tokens, language })) {
      const key = kind.indexKey(span);
      if (key) keys.add(key);
    }
  }
  return [...keys];
}
