import { splitSentences, type Article } from '../corpus/index.js';
import { BM25_K1, bm25Idf, bm25TermScore } from '../corpus/text/bm25.js';

/**
 * The baseline the product must beat: textbook BM25 over the sentences of the indexed articles,
 * lower-case word tokens from `Intl.Segmenter` (so Chinese, Japanese and Thai get words too), no
 * stemming, no stop words, no fusion. Written out here rather than taken from a search library
 * because the baseline must stay plain (libraries add BM25+ deltas, prefix or fuzzy matching) and
 * its confidence needs each term's idf.
 */

export interface BaselineSentence {
  articleId: string;
  text: string;
  score: number;
}

export interface BaselineResult {
  /** Best first; never empty unless no sentence shares a word with the question. */
  sentences: BaselineSentence[];
  /**
   * The top score as a share of the most the question's words could score (each at its idf, an
   * unseen word at the idf of a word in no sentence), in [0, 1]: comparable across questions of
   * different lengths, so one threshold can make the baseline abstain.
   */
  confidence: number;
}

// ICU picks word boundaries by script (dictionaries for Han, Kana, Thai…), whatever the locale.
const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Lower-case word tokens (NFKC), punctuation and spaces dropped. */
export function wordTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const { segment, isWordLike } of wordSegmenter.segment(text.normalize('NFKC'))) {
    if (isWordLike) tokens.push(segment.toLowerCase());
  }
  return tokens;
}

interface IndexedSentence {
  articleId: string;
  text: string;
  length: number;
  counts: Map<string, number>;
}

export class SentenceBm25 {
  private readonly sentences: IndexedSentence[] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly averageLength: number;

  constructor(articles: readonly Article[]) {
    for (const article of articles) {
      for (const paragraph of article.paragraphs) {
        for (const { text } of splitSentences(paragraph.text, article.language)) {
          const tokens = wordTokens(text);
          if (tokens.length === 0) continue;
          const counts = new Map<string, number>();
          for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
          const id = this.sentences.push({ articleId: article.id, text, length: tokens.length, counts }) - 1;
          for (const t of counts.keys()) {
            const list = this.postings.get(t) ?? [];
            list.push(id);
            this.postings.set(t, list);
          }
        }
      }
    }
    this.averageLength = this.sentences.reduce((sum, s) => sum + s.length, 0) / Math.max(1, this.sentences.length);
  }

  get size(): number {
    return this.sentences.length;
  }

  /** Lucene's non-negative idf; a word in no sentence gets the largest value. */
  private idf(term: string): number {
    return bm25Idf(this.sentences.length, this.postings.get(term)?.length ?? 0);
  }

  search(question: string, top = 3): BaselineResult {
    const terms = [...new Set(wordTokens(question))];
    const scores = new Map<number, number>();
    for (const term of terms) {
      const idf = this.idf(term);
      for (const id of this.postings.get(term) ?? []) {
        const s = this.sentences[id]!;
        const tf = s.counts.get(term)!;
        scores.set(id, (scores.get(id) ?? 0) + bm25TermScore(tf, s.length, this.averageLength, idf));
      }
    }
    const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, top);
    const sentences = ranked.map(([id, score]) => ({ articleId: this.sentences[id]!.articleId, text: this.sentences[id]!.text, score }));
    // A term scores at most idf·(k1+1) (many occurrences in a very short sentence).
    const ceiling = terms.reduce((sum, t) => sum + this.idf(t) * (BM25_K1 + 1), 0);
    const confidence = ceiling > 0 && sentences[0] ? Math.min(1, sentences[0].score / ceiling) : 0;
    return { sentences, confidence };
  }
}
