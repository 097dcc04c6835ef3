/**
 * A concept lexicon: one concept a line, its words in any languages separated by `|`
 * (`country | land | Land | pays | країна | país`). `#` starts a comment; blank lines are skipped.
 * Words are taken as the tokenizer will see them (lower-cased, split on spaces and punctuation),
 * so a multi-word entry (`how many`) gives each of its words to the concept.
 */
import { readFileSync } from 'node:fs';
import { preTokenize } from './tokenizer.js';

export interface Concept {
  /** The line's first word: names the concept and seeds its vector, so adding lines moves no other concept. */
  name: string;
  /** Its distinct words, lower-cased, in the order written. */
  words: string[];
  /** 1-based line in the lexicon file. */
  line: number;
}

/**
 * Single characters are left out: a one-letter token is also the first piece of every unknown word
 * beginning with that letter, and would drag all of them towards the concept.
 */
const MIN_WORD_CHARS = 2;

export function parseLexicon(text: string, source = 'lexicon'): Concept[] {
  const concepts: Concept[] = [];
  const names = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/#.*/, '').trim();
    if (!content) return;
    const words = [...new Set(content.split('|').flatMap(preTokenize))].filter((w) => [...w].length >= MIN_WORD_CHARS);
    if (words.length === 0) throw new Error(`${source}:${line}: no word of two or more letters in "${raw.trim()}"`);
    const name = words[0]!;
    const earlier = names.get(name);
    if (earlier !== undefined) throw new Error(`${source}:${line}: concept "${name}" is already defined on line ${earlier}; merge the two lines`);
    names.set(name, line);
    concepts.push({ name, words, line });
  });
  if (concepts.length === 0) throw new Error(`${source}: no concepts (one a line: word | word | word)`);
  return concepts;
}

export function readLexicon(path: string): Concept[] {
  return parseLexicon(readFileSync(path, 'utf8'), path);
}
