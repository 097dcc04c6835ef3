/**
 * BM25 as every keyword store computes it, and the answer's stages and the evaluation's plain
 * baseline with them: one definition, below both store and answer, so the embedded, in-memory and
 * PostgreSQL stores give the same scores and the same answers.
 */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

/** BM25's inverse document frequency (Lucene's, never negative); a term the corpus never uses gets the highest. */
export const bm25Idf = (documents: number, df: number) => Math.log(1 + (documents - df + 0.5) / (df + 0.5));

/** One term's score in one document; `strength` weighs a weaker form of the term (a compound part). The order of operations is part of the definition. */
export function bm25TermScore(tf: number, length: number, averageLength: number, idf: number, strength = 1): number {
  const norm = tf + BM25_K1 * (1 - BM25_B + (BM25_B * length) / averageLength);
  return (strength * idf * tf * (BM25_K1 + 1)) / norm;
}
