/**
 * The I/O of keyword search in impact order: the search itself (impact-order.ts) says what it
 * needs next, and this reads it from the snapshot. Each round reads postings deeper into the
 * forms still open, or looks up the candidates that could still make the top k, until the top k
 * is settled. Postings come back packed (passage, tf, length: 16 bytes each).
 */
import type { QueryResult } from 'pg';
import type { KeywordHit } from '../../seam.js';
import { impactKey, impactKeySql } from '../bm25-sql.js';
import type { KeywordSettings } from '../settings.js';
import { ImpactOrderedSearch, type BoundedForm, type PostingColumns } from './impact-order.js';
import type { SnapshotReads } from './snapshot-lane.js';

/** Postings `o` packed in one bytea: passage number (int8), tf and length (int4 each), big-endian. */
// tf and length share one int8send (tf in its high half): one call and one concatenation fewer a posting, the same bytes.
const PACKED = `string_agg(int8send(o.passage_num) || int8send((o.tf::int8 << 32) | o.length::int8), ''::bytea)`;

/** Where a form's postings were read to: its last key, and how many postings of that key were read. */
export interface ReadCursor {
  after: number;
  ties: number;
}

/**
 * The cursor after a read of `postings` (in key order, the last with key `lastKey` as the server
 * computed it), `readBefore` postings of the form having been read before it. Keys are computed
 * here to count the last key's postings; should they ever differ from the server's in the last
 * bit, the cursor counts from the top instead (OFFSET: slower, as exact).
 */
export function nextCursor(cursor: ReadCursor, postings: PostingColumns, lastKey: number, keyOf: (tf: number, length: number) => number, readBefore: number): ReadCursor {
  const count = postings.passages.length;
  const keyAt = (i: number) => keyOf(postings.tf[i]!, postings.length[i]!);
  if (keyAt(count - 1) !== lastKey) return { after: Number.POSITIVE_INFINITY, ties: readBefore + count };
  // Keys only fall, so a batch ending on the cursor's key is that key throughout.
  if (lastKey === cursor.after) return { after: lastKey, ties: cursor.ties + count };
  let first = count - 1;
  while (first > 0 && keyAt(first - 1) === lastKey) first -= 1;
  return { after: lastKey, ties: count - first };
}

/**
 * A read round in two halves of about as many postings each, when it asks for at least `from`
 * postings; otherwise all in the first.
 */
export function splitRound<T extends { take: number }>(forms: readonly T[], from: number): [T[], T[]] {
  const total = forms.reduce((sum, f) => sum + f.take, 0);
  if (total < from || forms.length < 2) return [[...forms], []];
  const first: T[] = [];
  const second: T[] = [];
  let firstTake = 0;
  let secondTake = 0;
  for (const form of [...forms].sort((a, b) => b.take - a.take)) {
    if (firstTake <= secondTake) {
      first.push(form);
      firstTake += form.take;
    } else {
      second.push(form);
      secondTake += form.take;
    }
  }
  return [first, second];
}

function unpackPostings(packed: Buffer | null): PostingColumns {
  const count = packed ? packed.length / 16 : 0;
  const columns = { passages: new Float64Array(count), tf: new Int32Array(count), length: new Int32Array(count) };
  for (let i = 0, at = 0; i < count; i++, at += 16) {
    columns.passages[i] = packed!.readUInt32BE(at) * 2 ** 32 + packed!.readUInt32BE(at + 4);
    columns.tf[i] = packed!.readInt32BE(at + 8);
    columns.length[i] = packed!.readInt32BE(at + 12);
  }
  return columns;
}

/** The top k of `forms` by BM25 at `averageLength`, reading the impact index built for `referenceLength`. */
export async function searchInImpactOrder(
  reads: SnapshotReads,
  forms: readonly BoundedForm[],
  topK: number,
  lengths: { average: number; reference: number },
  settings: KeywordSettings,
): Promise<KeywordHit[]> {
  const search = new ImpactOrderedSearch(forms, topK, lengths.average, lengths.reference, settings);
  const key = impactKeySql(lengths.reference);
  const keyOf = impactKey(lengths.reference);
  const cursors: ReadCursor[] = forms.map(() => ({ after: Number.POSITIVE_INFINITY, ties: 0 }));
  for (let step = search.next(); ; step = search.next()) {
    if (step.kind === 'done') {
      const nums = step.hits.map((h) => h.passage);
      const { rows } = await reads.query<{ num: string; id: string }>('SELECT num, id FROM passages WHERE num = ANY($1::bigint[])', [nums]);
      const ids = new Map(rows.map((r) => [Number(r.num), r.id]));
      return step.hits.map((h) => ({ passageId: ids.get(h.passage)!, score: h.score }));
    }
    if (step.kind === 'read') {
      // Each form's next postings start after the last key read (an index seek), skipping only
      // the postings of that key already read: OFFSET from the top would walk past all of them again.
      type Query = (sql: string, values: unknown[]) => Promise<QueryResult<{ n: number; last_key: number | null; rows: Buffer | null }>>;
      const read = (query: Query, asked: typeof step.forms) =>
        query(
          `SELECT r.n, min(o.key) AS last_key, ${PACKED} AS rows
             FROM unnest($1::text[], $2::int[], $3::float8[], $4::int[], $5::int[]) AS r(term, n, after, ties, take)
             LEFT JOIN LATERAL (SELECT passage_num, tf, length, ${key} AS key FROM postings WHERE term = r.term AND ${key} <= r.after ORDER BY ${key} DESC OFFSET r.ties LIMIT r.take) o ON true
            GROUP BY r.n`,
          [
            asked.map((f) => forms[f.form]!.form),
            asked.map((f) => f.form),
            asked.map((f) => cursors[f.form]!.after),
            asked.map((f) => cursors[f.form]!.ties),
            asked.map((f) => f.take),
          ],
        ).then(({ rows }) => {
          for (const row of rows) {
            const { skip, take } = asked.find((f) => f.form === row.n)!;
            const postings = unpackPostings(row.rows);
            const count = postings.passages.length;
            if (count > 0) cursors[row.n] = nextCursor(cursors[row.n]!, postings, row.last_key!, keyOf, skip);
            search.addRead(row.n, postings, count < take ? null : row.last_key);
          }
        });
      // A big round is read on both connections at once (the server reads postings on two cores),
      // when the other one is idle: behind the question's vector search, the round would wait for it.
      const [first, second] = reads.secondIdle ? splitRound(step.forms, settings.splitRoundFrom) : [step.forms, []];
      await Promise.all([read((sql, values) => reads.query(sql, values), first), second.length > 0 ? read((sql, values) => reads.querySecond(sql, values), second) : null]);
    } else {
      // Each passage's postings (postings_passage, rows written together), then the forms asked:
      // a random read a passage, whatever the number of forms. Materialized, because left to
      // itself the planner may read every posting of a common form and filter by passage (it
      // cannot know a form's size at plan time): 63 ms for 143 passages at 1M, against 10.
      const { rows } = await reads.query<{ n: number; rows: Buffer | null }>(
        `WITH o AS MATERIALIZED (SELECT term, passage_num, tf, length FROM postings WHERE passage_num = ANY($3::bigint[]))
         SELECT r.n, ${PACKED} AS rows FROM unnest($1::text[], $2::int[]) AS r(term, n) JOIN o ON o.term = r.term
          GROUP BY r.n`,
        [step.forms.map((f) => forms[f]!.form), step.forms, step.passages],
      );
      for (const row of rows) search.addLookedUp(row.n, unpackPostings(row.rows));
      search.resolved(step.passages);
    }
  }
}
