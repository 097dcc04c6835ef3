/**
 * The postings' impact index (migration 7): each term's postings in order of their BM25 tf part
 * at an average passage length, so keyword search reads them best first (impact-order.ts). Built
 * by index runs after their rows, and anew when the corpus's average length has drifted.
 */
import type pg from 'pg';
import { impactKeySql } from '../bm25-sql.js';

/** The reference length an impact index is built for: the corpus's average length, to a tenth. */
export const referenceLengthOf = (averageLength: number) => Math.max(0.1, Math.round(averageLength * 10) / 10);

/** The name of the impact index built for a reference length (a new one when the average drifts). */
export const impactIndexName = (referenceLength: number) => `postings_by_impact_${Math.round(referenceLength * 10)}`;

/**
 * Makes sure the postings have an impact index for about the current average length (built after
 * the run's rows: faster than growing it row by row, and CREATE INDEX blocks writers only, not the
 * readers of the previous state; a new one when the average has moved more than `drift` from the
 * current one's), and records its length. Returns the impact indexes no longer
 * current, to drop once the run has committed.
 */
export async function orderImpacts(client: pg.ClientBase, documents: number, totalLength: number, drift: number): Promise<string[]> {
  const { rows } = await client.query<{ impact_order_length: number | null }>('SELECT impact_order_length FROM index_state');
  let reference = rows[0]!.impact_order_length;
  const average = documents > 0 ? totalLength / documents : null;
  if (average !== null && (reference === null || Math.abs(average / reference - 1) > drift)) {
    reference = referenceLengthOf(average);
    // maintenance_work_mem as the server sets it: the bigger, the faster this sort.
    await client.query(
      `CREATE INDEX IF NOT EXISTS ${impactIndexName(reference)} ON postings (term, ${impactKeySql(reference)} DESC) INCLUDE (passage_num, tf, length)`,
    );
    await client.query('UPDATE index_state SET impact_order_length = $1', [reference]);
  }
  const current = reference === null ? null : impactIndexName(reference);
  const { rows: indexes } = await client.query<{ name: string }>(
    `SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'postings' AND indexname LIKE 'postings\_by\_impact\_%'`,
  );
  return indexes.map((i) => i.name).filter((name) => name !== current);
}
