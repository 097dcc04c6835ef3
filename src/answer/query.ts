import { detectLanguage } from '../corpus/language.js';
import { interrogativeWords } from './question-type.js';
import { isStopword, stem, tokenize } from '../corpus/text/analyzer.js';

/** A content word or number of the question, with every index term it may appear under. */
export interface QueryTerm {
  surface: string;
  /** Index terms this word can match: its stem in each corpus language (numbers: canonical form). */
  variants: string[];
  isNumber: boolean;
}

export interface AnalyzedQuestion {
  text: string;
  /** Best guess at the question's language; short questions are often `und`. */
  language: string;
  terms: QueryTerm[];
}

/** Questions are often asked in English even of a corpus without English: its stopwords and stems always apply. */
const LINGUA_FRANCA = ['en'];

/**
 * Analyzes a question for matching against passages in any corpus language: each word is
 * stemmed with every corpus language's stemmer, since a short question's language is a guess
 * and names and cognates (`land`/`Länder`, `Hanoi`) cross languages.
 */
export function analyzeQuestion(question: string, corpusLanguages: string[]): AnalyzedQuestion {
  const language = detectLanguage(question);
  const stopwordLanguages = new Set([...corpusLanguages, ...LINGUA_FRANCA, language]);
  const asking = interrogativeWords(question);
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  for (const token of tokenize(question, language)) {
    const word = token.surface.toLowerCase();
    if (!token.isNumber && (asking.has(word) || isStopword(word, stopwordLanguages) || word.length < 2)) continue;
    const variants = token.isNumber
      ? [token.term]
      : [...new Set([...corpusLanguages, ...LINGUA_FRANCA, language].map((l) => stem(token.surface, l)))];
    const key = variants.join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push({ surface: token.surface, variants, isNumber: token.isNumber });
  }
  return { text: question, language, terms };
}
