import { createRequire } from 'node:module';
import { BoundedMap } from '../../bounded-map.js';
import { findNumbers } from './numbers.js';

/** A word or number of a text, with the term it is indexed under. */
export interface Token {
  /** As written, composed (NFC): what word lists and patterns are matched against. */
  surface: string;
  /** Index term: stemmed, lower-cased, accents folded; numbers in canonical form. */
  term: string;
  isNumber: boolean;
  /**
   * Where the token is in the text it was cut from, end exclusive: `text.slice(start, end)` is
   * the token as written there, which is longer than `surface` in decomposed (NFD) text.
   */
  start: number;
  end: number;
}

const require = createRequire(import.meta.url);
// stopwords-iso is a JSON file: language code → list of stopwords.
const stopwordLists = require('stopwords-iso') as Record<string, string[]>;

// NLP.js's stemmers, one package per language. Loading @nlpjs/lang-all itself would load all 40
// languages with their sentiment lexicons (about a second at every start); each language is
// loaded from it on first use instead, resolved from lang-all so that its own versions are used.
const requireFromLangAll = createRequire(require.resolve('@nlpjs/lang-all'));
const nlpLanguages = new Set(
  Object.keys((requireFromLangAll('@nlpjs/lang-all/package.json') as { dependencies: Record<string, string> }).dependencies)
    .filter((name) => name.startsWith('@nlpjs/lang-'))
    .map((name) => name.slice('@nlpjs/lang-'.length)),
);

type Stemmer = { stemWord(word: string): string };
const stemmers = new Map<string, Stemmer | null>();

/** The Snowball-family stemmer that NLP.js ships for a language, if any (`StemmerDe` for `de`). */
function stemmerFor(language: string): Stemmer | null {
  if (!stemmers.has(language)) {
    const name = `Stemmer${language.charAt(0).toUpperCase()}${language.slice(1)}`;
    const exports = nlpLanguages.has(language) ? (requireFromLangAll(`@nlpjs/lang-${language}`) as Record<string, new () => Stemmer>) : {};
    const Stemmer = exports[name];
    stemmers.set(language, Stemmer ? new Stemmer() : null);
  }
  return stemmers.get(language)!;
}

const stopwordSets = new Map<string, Set<string>>();
/** Whether the analysis has a stemmer or a stopword list for a language code. */
export const analysisKnows = (language: string): boolean => nlpLanguages.has(language) || language in stopwordLists;

export function stopwordsFor(language: string): Set<string> {
  let set = stopwordSets.get(language);
  if (!set) {
    const list = stopwordLists[language] ?? [];
    set = new Set(list.map((w) => w.toLowerCase()));
    stopwordSets.set(language, set);
  }
  return set;
}

/**
 * Accents off after stemming, so `Hanoï`/`Hanoi` and `Länder`/`länder` meet; Greek final sigma
 * is the same letter as sigma. Only in scripts whose marks are accents, optional vowel points or
 * kana voicing marks (Latin, Greek, Cyrillic, Hebrew, Arabic, kana; folding the voicing marks kept
 * more Japanese answers on the JSQuAD calibration set): in Devanagari, Thai and the other Brahmic
 * scripts the marks are vowels and tones, and without them "भारत" (India) would be "भरत", and "है" "हैं".
 * Terms stay decomposed (NFD): a Hangul syllable is then its two or three letters, so a Korean
 * noun's particles ("서울에서") are a suffix that compound matching can see.
 */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Hiragana}\p{Script=Katakana}])\p{M}+/gu, '$1')
    .replace(/ς/gu, 'σ');

/**
 * Arabic as Arabic search engines read it (Lucene's ArabicNormalizer and the light stemmer's
 * prefixes, after Larkey et al.): spelling variants that writers mix freely made one (hamza
 * forms of alef, alef maqsura and ya, ta marbuta and ha; no tatweel or short-vowel marks), and
 * the conjunction و ("and", also with the article) taken off, which the stemmer below leaves on:
 * a question's "توفى" and an article's "توفي", or "والضيف" and "الضيف", are then one word.
 */
function normalizeArabic(word: string): string {
  const plain = word.replace(/[\u0640\u064B-\u0652]/gu, '').replace(/[أإآ]/gu, 'ا').replace(/ى/gu, 'ي').replace(/ة/gu, 'ه');
  if (plain.startsWith('وال') && plain.length >= 5) return plain.slice(1);
  return plain.startsWith('و') && plain.length >= 4 ? plain.slice(1) : plain;
}

/** Spelling normalisation a language needs before its stemmer. */
const ORTHOGRAPHY: Record<string, (word: string) => string> = { ar: normalizeArabic };

export function stem(word: string, language: string): string {
  const lower = word.toLowerCase();
  const key = `${language}:${lower}`;
  let term = stems.get(key);
  if (term === undefined) stems.set(key, (term = stemLower(lower, language)));
  return term;
}

/**
 * Words recur (a language's common words are most of any text): each is stemmed and folded once,
 * then looked up, which makes analysing an answer's passages several times faster. Bounded.
 */
const stems = new BoundedMap<string, string>(50_000);

function stemLower(word: string, language: string): string {
  const lower = (ORTHOGRAPHY[language] ?? ((w: string) => w))(word);
  const stemmer = stemmerFor(language);
  let stemmed = lower;
  try {
    stemmed = stemmer ? stemmer.stemWord(lower) || lower : lower;
  } catch {
    // A stemmer that trips over an unusual word leaves it as it is.
  }
  return fold(stemmed);
}

const WORD = /[\p{L}\p{M}]+/gu;
/** Scripts written without spaces between words: Han, kana, Thai, Lao, Khmer, Myanmar. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/** Whether a word is written in a script without spaces (its term is the word itself, not a stem). */
export const isUnspaced = (word: string) => UNSPACED.test(word);
const wordSegmenters = new Map<string, Intl.Segmenter>();

/** A run of letters in a script without spaces, cut into words by ICU's dictionaries (`Intl.Segmenter`). */
function unspacedWords(run: string, start: number, language: string): Token[] {
  let segmenter = wordSegmenters.get(language);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language === 'und' ? undefined : language, { granularity: 'word' });
    wordSegmenters.set(language, segmenter);
  }
  const tokens: Token[] = [];
  for (const { segment, index, isWordLike } of segmenter.segment(run)) {
    // Such words do not inflect the way stemmers expect: their term is the word itself.
    if (isWordLike) tokens.push(at(segment, fold(segment.toLowerCase()), false, start + index));
  }
  return tokens;
}

const at = (surface: string, term: string, isNumber: boolean, start: number): Token => ({ surface, term, isNumber, start, end: start + surface.length });

/**
 * Words (split at hyphens and apostrophes; dictionary words in scripts without spaces) and
 * numbers, in text order. They are found in the composed (NFC) text, so that decomposed text
 * (common in Vietnamese sources) is analysed alike; their offsets index `text` as given.
 */
export function tokenize(text: string, language: string): Token[] {
  return text.normalize('NFC') === text ? tokensOf(text, language) : composedTokens(text, language);
}

function tokensOf(text: string, language: string): Token[] {
  const tokens: Token[] = findNumbers(text).map((n) => at(n.written, n.canonical, true, n.start));
  for (const match of text.matchAll(WORD)) {
    if (UNSPACED.test(match[0])) tokens.push(...unspacedWords(match[0], match.index, language));
    else tokens.push(at(match[0], stem(match[0], language), false, match.index));
  }
  return tokens.sort((a, b) => a.start - b.start);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The tokens of text that is not composed: found in it composed character by character (a
 * letter with its marks, a Hangul syllable's jamo), each character mapped back to where it is
 * in `text`; a token that starts or ends inside a character takes all of it.
 */
function composedTokens(text: string, language: string): Token[] {
  /** Each character's offset in the composed text, and in `text`; then both lengths. */
  const from: number[] = [];
  const to: number[] = [];
  let composed = '';
  for (const { segment, index } of graphemes.segment(text)) {
    from.push(composed.length);
    to.push(index);
    composed += segment.normalize('NFC');
  }
  from.push(composed.length);
  to.push(text.length);
  /** The character holding offset `n` of the composed text: the last one starting at or before it. */
  const character = (n: number) => {
    let [low, high] = [0, from.length - 1];
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (from[mid]! <= n) low = mid;
      else high = mid - 1;
    }
    return low;
  };
  return tokensOf(composed, language).map((token) => ({ ...token, start: to[character(token.start)]!, end: to[character(token.end - 1) + 1]! }));
}

export function isStopword(word: string, languages: Iterable<string>): boolean {
  const lower = word.toLowerCase();
  for (const language of languages) if (stopwordsFor(language).has(lower)) return true;
  return false;
}
