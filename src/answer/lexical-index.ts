export interface LexicalDocument {
  id: string;
  terms: string[];
}

export interface LexicalHit {
  passageId: string;
  score: number;
}

/** One query term: the index terms it matches, each with a strength in (0, 1]. */
export type QueryForms = Map<string, number>;

const K1 = 1.2;
const B = 0.75;

/**
 * BM25 over passages. A query term scores with the best of its forms, so a word stemmed
 * several ways, or matched as part of a compound, counts once.
 */
export class LexicalIndex {
  private readonly postings = new Map<string, Map<number, number>>();
  private readonly lengths: number[];
  private readonly averageLength: number;

  constructor(private readonly documents: LexicalDocument[]) {
    this.lengths = documents.map((d) => d.terms.length);
    this.averageLength = this.lengths.reduce((a, b) => a + b, 0) / Math.max(1, documents.length);
    documents.forEach((document, index) => {
      for (const term of document.terms) {
        let posting = this.postings.get(term);
        if (!posting) this.postings.set(term, (posting = new Map()));
        posting.set(index, (posting.get(index) ?? 0) + 1);
      }
    });
  }

  get size(): number {
    return this.documents.length;
  }

  documentFrequency(term: string): number {
    return this.postings.get(term)?.size ?? 0;
  }

  /** BM25's inverse document frequency; a term the corpus never uses gets the highest. */
  idfFromFrequency(df: number): number {
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  search(query: QueryForms[], topK: number): LexicalHit[] {
    const scores = new Map<number, number>();
    for (const forms of query) {
      const best = new Map<number, number>();
      for (const [form, strength] of forms) {
        const posting = this.postings.get(form);
        if (!posting) continue;
        const idf = this.idfFromFrequency(posting.size);
        for (const [doc, tf] of posting) {
          const norm = tf + K1 * (1 - B + (B * this.lengths[doc]!) / this.averageLength);
          const score = (strength * idf * tf * (K1 + 1)) / norm;
          if (score > (best.get(doc) ?? 0)) best.set(doc, score);
        }
      }
      for (const [doc, score] of best) scores.set(doc, (scores.get(doc) ?? 0) + score);
    }
    return [...scores]
      .sort((a, b) => b[1] - a[1])
      .slice(0, topK)
      .map(([doc, score]) => ({ passageId: this.documents[doc]!.id, score }));
  }
}
