/**
 * BM25 as the PostgreSQL store keeps it, spelled from the one definition (corpus/text/bm25.ts):
 * in SQL, the same constants and the same operations in the same order, in float8, so the
 * server's scores and keys are the JavaScript ones to the last bit (test/store/postgres/
 * bm25-sql.test.ts checks both, and the literals of migration 5, which shipped before this file);
 * and the tf part the terms table keeps the largest of per term (written by the index run, read
 * as each form's bound by keyword search).
 */
import { BM25_B, BM25_K1, bm25TermScore } from '../../corpus/text/bm25.js';
import { SLACK } from '../top-k.js';

/** A number as a float8 literal: String() gives the shortest text that reads back to the same double. */
const float8 = (value: number) => `${value}::float8`;

/** bm25TermScore(tf, length, averageLength, idf, strength) over SQL expressions. */
export function bm25TermScoreSql(e: { tf: string; length: string; averageLength: string; idf: string; strength: string }): string {
  return `(${e.strength} * ${e.idf} * ${e.tf} * ${float8(BM25_K1 + 1)}) / (${e.tf} + ${float8(BM25_K1)} * (${float8(1 - BM25_B)} + (${float8(BM25_B)} * ${e.length}) / ${e.averageLength}))`;
}

/**
 * The order key of a posting, as SQL over `tf` and `length`: tf / (tf + k1 (1 − b) + k1 b length / L0),
 * the tf part of BM25 (over k1 + 1) at the average length L0 the index was built for. The index
 * and the queries must spell it the same way for the planner to use the index: never change the
 * text (an existing index would no longer match).
 */
export function impactKeySql(referenceLength: number): string {
  return `(tf::float8 / (tf::float8 + ${BM25_K1 * (1 - BM25_B)}::float8 + ${BM25_K1 * BM25_B}::float8 * length::float8 / ${referenceLength}::float8))`;
}

/** The same key in JavaScript, the same operations in the same order (so the same bits as the SQL's float8). */
export function impactKey(referenceLength: number): (tf: number, length: number) => number {
  const constant = BM25_K1 * (1 - BM25_B);
  const perLength = BM25_K1 * BM25_B;
  return (tf, length) => tf / (tf + constant + (perLength * length) / referenceLength);
}

/**
 * A form's bound from its postings' largest tf part (`maxImpact`, the terms table's), stored for
 * the average length `impactLength`: at a larger average length the tf part grows at most in proportion.
 */
export function formBound(form: { strength: number; idf: number; maxImpact: number; impactLength: number }, averageLength: number): number {
  const impact = form.maxImpact * Math.max(1, averageLength / form.impactLength);
  return form.strength * form.idf * impact * (1 + SLACK);
}

/** The tf part bm25TermScore multiplies by strength and idf: what a term's `maxImpact` is the largest of. */
export const impactOf = (tf: number, length: number, averageLength: number) => bm25TermScore(tf, length, averageLength, 1);
