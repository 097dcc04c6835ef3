import { detectLanguage, detectLanguageAmong } from '../../corpus/language.js';
import { isStopword, isUnspaced, stem, tokenize } from '../../corpus/text/analyzer.js';
import { interrogativeWords, kindOf } from '../kinds/registry.js';
import type { AnswerKindSpec } from '../kinds/types.js';

/** A content word or number of the question, with every index term it may appear under. */
export interface QueryTerm {
  surface: string;
  /** Index terms this word can match: its stem in each corpus language (numbers: canonical form). */
  variants: string[];
  isNumber: boolean;
  /** The word a quantity question counts ("how many *countries*") or a person question's role ("who is the *mayor*"): the value stands next to it. */
  focus: boolean;
}

export interface AnalyzedQuestion {
  text: string;
  /** Best guess at the question's language; short questions are often `und`. */
  language: string;
  kind: AnswerKindSpec | null;
  terms: QueryTerm[];
}

/** Questions are often asked in English even of a corpus without English: its stopwords and stems always apply. */
const LINGUA_FRANCA = ['en'];

/**
 * Stage 1: the question's kind and search terms. Each word is stemmed with every corpus
 * language's stemmer, since a short question's language is a guess and names and cognates
 * (`land`/`Länder`, `Hanoi`) cross languages.
 */
export function analyzeQuestion(question: string, corpusLanguages: readonly string[], knownKind?: AnswerKindSpec | null): AnalyzedQuestion {
  const language = detectLanguage(question);
  const languages = [...new Set([...corpusLanguages, ...LINGUA_FRANCA, language])];
  // Stopwords of the question's own language only: one language's function word is another's
  // content word (Spanish "mayor", Norwegian "by"). Among few candidates, a few words tell it.
  const asked = detectLanguageAmong(question, languages);
  const stopwordLanguages = asked === 'und' ? languages : [asked, ...LINGUA_FRANCA];
  const asking = interrogativeWords(question);
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  // The first term after the interrogative: "how many *countries*", "有多少*人*".
  let afterAsking: number | null = null;
  for (const token of tokenize(question, language === 'und' ? corpusLanguages[0] ?? 'und' : language)) {
    const word = token.surface.toLowerCase();
    if (!token.isNumber && asking.has(word)) afterAsking ??= terms.length;
    // Scripts without spaces keep their stopwords: frequency lists of such languages hold content
    // characters (年 year, 人 person), and the idf weight already discounts common words.
    if (!token.isNumber && (asking.has(word) || (isStopword(word, stopwordLanguages) && !isUnspaced(word)) || (word.length < 2 && !isUnspaced(word)))) continue;
    const variants = token.isNumber || isUnspaced(token.surface) ? [token.term] : [...new Set(languages.map((l) => stem(token.surface, l)))];
    const key = variants.join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push({ surface: token.surface, variants, isNumber: token.isNumber, focus: false });
  }
  const kind = knownKind === undefined ? kindOf(question) : knownKind;
  // "How many X", "hvor mange X", "多少X"; "who is the X", "wer ist der X": the first word after the
  // interrogative is what is counted, or the role of the person asked for (the first word when none follows it).
  const focus = terms[afterAsking ?? 0] ?? terms[0];
  if ((kind?.id === 'quantity' || kind?.id === 'person') && focus && !focus.isNumber) focus.focus = true;
  return { text: question, language, kind, terms };
}
