/**
 * The reference keyword search: BM25 over every posting of a question's forms, in one statement.
 * Not the product's path (keyword search reads postings in impact order and stops early,
 * impact-order.ts); the tests and the benchmark compare that search with this one, which is
 * exact by construction: every passage with a form of the question scored, the top k kept.
 */
import type { QueryResultRow } from 'pg';
import type { KeywordHit } from '../../seam.js';
import { bm25TermScoreSql } from '../bm25-sql.js';
import type { BoundedForm } from './impact-order.js';

type Query = <R extends QueryResultRow>(sql: string, values: unknown[]) => Promise<{ rows: R[] }>;

/** One posting's score ($1–$4: the forms' query term, form, strength and idf; $5 the average length). */
const SCORE = bm25TermScoreSql({ tf: 'o.tf', length: 'o.length', averageLength: '$5::float8', idf: 'q.idf', strength: 'q.strength' });

/**
 * Per passage, each query term's best score (a column per term: one hash aggregate, no sorting),
 * then their sum in query order as every keyword store adds them (absent terms add 0, which
 * changes no bit), so scores are the same to the last bit; ties in corpus order.
 */
export async function searchEveryPosting(query: Query, forms: readonly BoundedForm[], averageLength: number, topK: number): Promise<KeywordHit[]> {
  if (topK <= 0 || forms.length === 0) return [];
  const terms = [...new Set(forms.map((f) => Math.trunc(f.index)))].sort((a, b) => a - b);
  const columns = terms.map((i) => `max(${SCORE}) FILTER (WHERE q.qi = ${i}) AS t${i}`).join(', ');
  const total = terms.map((i) => `coalesce(t${i}, 0)`).join(' + ');
  const { rows } = await query<{ id: string; score: number }>(
    `WITH q AS (SELECT * FROM unnest($1::int[], $2::text[], $3::float8[], $4::float8[]) AS q(qi, term, strength, idf)),
          totals AS (SELECT passage_num, ${total} AS score FROM (SELECT o.passage_num, ${columns} FROM q JOIN postings o ON o.term = q.term GROUP BY o.passage_num) t)
     SELECT p.id, s.score FROM (SELECT * FROM totals ORDER BY score DESC, passage_num LIMIT $6) s JOIN passages p ON p.num = s.passage_num ORDER BY s.score DESC, s.passage_num`,
    [forms.map((f) => f.index), forms.map((f) => f.form), forms.map((f) => f.strength), forms.map((f) => f.idf), averageLength, topK],
  );
  return rows.map((r) => ({ passageId: r.id, score: r.score }));
}
