import anyAscii from 'any-ascii';
import { isStopword, isUnspaced } from '../../corpus/text/analyzer.js';
import { letterPairSimilarity } from '../../corpus/text/similarity.js';
import { isDistinctiveNumber } from '../../corpus/text/spans.js';
import type { SentenceCandidate } from './sentences.js';
import type { Token } from '../../corpus/text/analyzer.js';

/**
 * What of a sentence survives translation: its figures, its names and its long words (cognates:
 * `konvensjonen`/`konventionen`, `Sözleşmesi` does not, `Avrupa`/`Europa` nearly), in Latin
 * letters, so that two reports of one fact in two languages or scripts can be told to say the
 * same thing without a model.
 */
interface Anchor {
  /** Figures by value; words in Latin letters, lower case. */
  key: string;
  isNumber: boolean;
  weight: number;
}

/** Figures weigh most (they rarely recur by chance), names next, other long words least. */
const WEIGHTS = { number: 3, name: 2, word: 1 };
/** The weight of a shared figure. */
export const FIGURE_WEIGHT = WEIGHTS.number;
/** Words shorter than this say too little to match across languages. */
const MIN_WORD = 5;
/** Two words are cognates from this share of letter pairs (in Latin letters)… */
const COGNATE = 0.7;
/** …or from a common start of this share of the shorter word. */
const STEM = 0.6;

/**
 * A word in Latin letters with the spellings that differ most between European languages folded
 * together (c/k, ph/f, w/v, y/j/i, z/s, doubled letters), so `Konvention`, `convention`,
 * `конвенції` and `konvensjon` meet.
 */
export function foldWord(word: string): string {
  return anyAscii(word)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .replace(/ph/g, 'f')
    .replace(/th/g, 't')
    .replace(/ts|tz|z/g, 's')
    .replace(/[cq]/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/w/g, 'v')
    .replace(/[yj]/g, 'i')
    .replace(/tion|sion|sjon/g, 'sion')
    .replace(/(.)\1+/g, '$1');
}

const anchorCache = new WeakMap<SentenceCandidate, Anchor[]>();

function anchorsOf(sentence: SentenceCandidate): Anchor[] {
  let anchors = anchorCache.get(sentence);
  if (anchors) return anchors;
  const language = sentence.passage.article.language;
  const seen = new Set<string>();
  anchors = [];
  sentence.tokens.forEach((token, i) => {
    if (token.isNumber) {
      if (!seen.has(`#${token.term}`)) anchors!.push({ key: token.term, isNumber: true, weight: WEIGHTS.number });
      seen.add(`#${token.term}`);
      return;
    }
    if (isUnspaced(token.surface)) return;
    const latin = foldWord(token.surface);
    if (latin.length < MIN_WORD || isStopword(token.surface, [language, 'en']) || seen.has(latin)) return;
    seen.add(latin);
    const name = i > 0 && /^\p{Lu}/u.test(token.surface);
    anchors!.push({ key: latin, isNumber: false, weight: name ? WEIGHTS.name : WEIGHTS.word });
  });
  anchorCache.set(sentence, anchors);
  return anchors;
}

const sameAnchor = (a: Anchor, b: Anchor) => a.isNumber === b.isNumber && (a.key === b.key || (!a.isNumber && cognates(a.key, b.key)));

/** What two lists of anchors share: the weight and number of shared anchors, how many of them are figures, and each side's weight. */
function tally(left: readonly Anchor[], right: readonly Anchor[]) {
  const weightOf = (list: readonly Anchor[]) => list.reduce((sum, x) => sum + x.weight, 0);
  let weight = 0;
  let count = 0;
  let numbers = 0;
  for (const x of left) {
    if (!right.some((y) => sameAnchor(x, y))) continue;
    weight += x.weight;
    count++;
    if (x.isNumber) numbers++;
  }
  return { weight, count, numbers, words: count - numbers, leftWeight: weightOf(left), rightWeight: weightOf(right) };
}

/**
 * How much two sentences say the same, by what survives translation, in [0, 1]: the weight of
 * the anchors they share over the weight of the smaller side's. `except` leaves out figures
 * (the value compared, which may differ between them).
 */
export function anchorSimilarity(a: SentenceCandidate, b: SentenceCandidate, except: ReadonlySet<string> = new Set()): number {
  const t = tally(unionOf([a], except), unionOf([b], except));
  const total = Math.min(t.leftWeight, t.rightWeight);
  // Figures alone recur between reports of other things (years, platform counts); a name or word must be shared too.
  if (total === 0 || t.words === 0) return 0;
  return Math.min(1, t.weight / total);
}

/** The anchors of sentences together, each once, less `except`'s figures. */
function unionOf(sentences: readonly SentenceCandidate[], except: ReadonlySet<string>): Anchor[] {
  const seen = new Map<string, Anchor>();
  for (const s of sentences) for (const x of anchorsOf(s)) if (!except.has(x.key) && !seen.has(x.key)) seen.set(x.key, x);
  return [...seen.values()];
}

/** What two reports share of what survives translation (see `storyOverlap`). */
export interface StoryOverlap {
  /** Distinct figures both state, and how many of them are distinctive (as the value index keys figures: an amount over 31, not a year, a day, a rank or a small count). */
  numbers: number;
  distinctive: number;
  /** Distinct figures each states. */
  leftNumbers: number;
  rightNumbers: number;
  /** Names and long words both state (as cognates), and their weight over the smaller side's words' weight, in [0, 1]. */
  words: number;
  wordShare: number;
}

/**
 * What two reports (sentences of one article each, `except`'s figures left out) share of what
 * survives translation, figures and words apart: a translation states the same figures, one
 * perhaps changed, and shares some names and cognates; a report of something else shares a year
 * or two at most.
 */
export function storyOverlap(a: readonly SentenceCandidate[], b: readonly SentenceCandidate[], except: ReadonlySet<string> = new Set()): StoryOverlap {
  const left = unionOf(a, except);
  const right = unionOf(b, except);
  const figures = tally(left.filter((x) => x.isNumber), right.filter((x) => x.isNumber));
  const words = tally(left.filter((x) => !x.isNumber), right.filter((x) => !x.isNumber));
  const smaller = Math.min(words.leftWeight, words.rightWeight);
  const distinctive = left.filter((x) => x.isNumber && isDistinctiveNumber(x.key) && right.some((y) => sameAnchor(x, y))).length;
  return {
    numbers: figures.count,
    distinctive,
    leftNumbers: left.filter((x) => x.isNumber).length,
    rightNumbers: right.filter((x) => x.isNumber).length,
    words: words.count,
    wordShare: smaller > 0 ? Math.min(1, words.weight / smaller) : 0,
  };
}

/** Weight of the anchors two sentences share (figures 3, names 2, other long words 1), `except`'s figures left out: how much one says of what the other says. */
export function sharedWeight(a: SentenceCandidate, b: SentenceCandidate, except: ReadonlySet<string> = new Set()): number {
  return tally(unionOf([a], except), unionOf([b], except)).weight;
}

/** The figures of a sentence's tokens first..last, as anchors' keys (to leave a compared value out). */
export function numberKeys(sentence: SentenceCandidate, first: number, last: number): Set<string> {
  return new Set(sentence.tokens.slice(first, last + 1).filter((t) => t.isNumber).map((t) => t.term));
}

/** Words each side of a value that say what it counts and of what ("72 *land som signerte konvensjonen*"). */
const FRAME_WINDOW = 6;
/** Frame words shorter than this are function words in most languages. */
const MIN_FRAME_WORD = 4;

/** The words around a value that say what it counts and of what, as the sentence has them. */
export function frameTokens(place: ValuePlace): Token[] {
  const { sentence, first, last } = place;
  const language = sentence.passage.article.language;
  return sentence.tokens.filter((token, i) => i >= first - FRAME_WINDOW && i <= last + FRAME_WINDOW && (i < first || i > last) && !token.isNumber && !isUnspaced(token.surface) && !isStopword(token.surface, [language, 'en']) && foldWord(token.surface).length >= MIN_FRAME_WORD);
}

function frameOf(sentence: SentenceCandidate, first: number, last: number): string[] {
  return [...new Set(frameTokens({ sentence, first, last }).map((t) => foldWord(t.surface)))];
}

/** Length of the common start of two words. */
function commonStart(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Cognates: the same word, one the start of the other, most letter pairs shared, or a long common stem (`europ` in `european`, `europaischen`). */
const cognates = (a: string, b: string) => {
  if (a === b) return true;
  const start = commonStart(a, b);
  return start >= 4 && (start === Math.min(a.length, b.length) || start >= STEM * Math.min(a.length, b.length) || letterPairSimilarity(a, b) >= COGNATE);
};

/** A value's place in a sentence, for comparing the words around it. */
export interface ValuePlace {
  sentence: SentenceCandidate;
  first: number;
  last: number;
}

/**
 * How much the words around two values say the same, in [0, 1]. Where the question's own words
 * (`asked`, folded) stand around the first value, the share of them that stand around the second
 * too ("72 land som signerte konvensjonen" against "nästan 70 länder … hade undertecknat
 * konventionen": two of three; against "18 länder höll tal": one). Otherwise the share of the
 * smaller frame's words the two share, as cognates (at least two words, so one is not all).
 */
export function frameSimilarity(a: ValuePlace, b: ValuePlace, asked: readonly string[] = []): number {
  const left = frameOf(a.sentence, a.first, a.last);
  const right = frameOf(b.sentence, b.first, b.last);
  const isAsked = (word: string) => asked.some((q) => cognates(q, word));
  const leftAsked = left.filter(isAsked);
  if (leftAsked.length >= 2) return leftAsked.filter((x) => right.some((y) => cognates(x, y))).length / leftAsked.length;
  const shared = left.filter((x) => right.some((y) => cognates(x, y))).length;
  return shared / Math.max(2, Math.min(left.length, right.length));
}

/** The word a figure counts: the first word after it that is no function word ("72 *land*", "nästan 70 *länder*", "72 *Ländern*"); null when none stands next to it. */
export function countedToken(place: ValuePlace): Token | null {
  const { sentence, last } = place;
  const language = sentence.passage.article.language;
  for (let i = last + 1; i <= Math.min(sentence.tokens.length - 1, last + 2); i++) {
    const token = sentence.tokens[i]!;
    if (token.isNumber || isUnspaced(token.surface)) return null;
    if (isStopword(token.surface, [language, 'en'])) continue;
    return foldWord(token.surface).length >= MIN_FRAME_WORD ? token : null;
  }
  return null;
}

/** The counted word, folded. */
function countedWord(place: ValuePlace): string | null {
  const token = countedToken(place);
  return token ? foldWord(token.surface) : null;
}

/**
 * Whether two figures count the same thing in the same frame: the words they count are cognates
 * ("72 land som signerte konvensjonen", "nästan 70 länder … hade undertecknat konventionen") and
 * another word around them is shared. What a question in a third language asks ("Combien de
 * pays…") need not be among them.
 */
export function countsSameThing(a: ValuePlace, b: ValuePlace): boolean {
  const left = countedWord(a);
  const right = countedWord(b);
  if (!left || !right || !cognates(left, right)) return false;
  const others = frameOf(b.sentence, b.first, b.last).filter((y) => !cognates(y, right));
  return frameOf(a.sentence, a.first, a.last).some((x) => !cognates(x, left) && others.some((y) => cognates(x, y)));
}

/** The question's words as frames compare them. */
export function foldedWords(words: readonly string[]): string[] {
  return words.map(foldWord).filter((w) => w.length >= MIN_FRAME_WORD);
}

/** Whether one of the words is a name, as written or as a cognate (another spelling or script). */
function namedBy(words: readonly string[], name: string): boolean {
  const folded = foldWord(name);
  return words.some((word) => cognates(folded, foldWord(word)));
}

/** Whether a name stands in a text (a headline), as written or as a cognate. */
export function textMentionsName(text: string, name: string): boolean {
  return namedBy(text.match(/[\p{L}\p{M}]+/gu) ?? [], name);
}

/** Whether a name stands in the sentences, as written or as a cognate (another spelling or script). */
export function mentionsName(sentences: readonly SentenceCandidate[], name: string): boolean {
  return sentences.some((s) => namedBy(s.tokens.filter((t) => !t.isNumber).map((t) => t.surface), name));
}
