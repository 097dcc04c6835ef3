/**
 * Reading the PostgreSQL store: every call of a snapshot sees the same committed index run,
 * whatever commits meanwhile, in REPEATABLE READ, READ ONLY transactions at the version of the
 * index it was opened at, on one connection or two (snapshot-lane.ts: they end when idle, and
 * survive a dropped connection or a failed statement).
 */
import { unpackSentenceVectors } from '../sentence-vectors.js';
import DataLoader from 'dataloader';
import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { fromSql } from 'pgvector';
import type { Manifest } from '../manifest.js';
import type {
  ArticleRecord,
  DocumentStore,
  IndexSnapshot,
  KeywordHit,
  KeywordStats,
  KeywordStore,
  PassageRecord,
  TermForms,
  ValueStatement,
  VectorHit,
  VectorStore,
} from '../seam.js';
import { articleRecord, type ArticleRow } from '../article-row.js';
import { BM25_B, BM25_K1, bm25Idf } from '../../corpus/text/bm25.js';
import { ImpactOrderedSearch, impactKey, impactKeySql, type ImpactSettings, type PostingColumns } from './impact-order.js';
import { formBound, probeable, pruning, thresholdForms, type BoundedForm, type Pruning } from './max-score.js';
import { checkedVectorTable, parseManifest } from './schema.js';
import { isConnectionLost, unreachable } from './connection.js';
import { BEGIN_SNAPSHOT, Lane, type Session } from './snapshot-lane.js';


export interface SnapshotSettings {
  /** Below this many vectors, dense search is exact (a scan); above, HNSW. */
  exactSearchBelow: number;
  /** HNSW's candidate list; raised to the number of hits asked for. */
  efSearch: number;
  /**
   * Keyword queries with fewer postings than this score every posting; larger ones try to skip
   * some (max-score.ts). Measured at 400k passages: it pays from about 150,000 postings; below,
   * the threshold rarely rises above the common forms' bounds and the extra queries cost more.
   */
  pruneFromPostings: number;
  /**
   * With the impact index, keyword queries with this many postings or more read them best first
   * (impact-order.ts) instead of scoring all: measured at 100k and 1M passages, it pays from
   * about 20,000 (BENCHMARKS.md).
   */
  impactFromPostings: number;
  /**
   * Impact-ordered search (impact-order.ts): postings read of each form in its first round, and
   * most passages scored by look-up in one round. Null searches as before the impact index (the
   * benchmark's comparison).
   */
  impact: ImpactSettings | null;
  /**
   * A snapshot's transactions end after this many ms without a query (the next query begins
   * another at the same version of the index, or fails with IndexChangedError if an index run
   * committed meanwhile): an open transaction holds back vacuum for as long as it lasts.
   */
  idleMs: number;
}

interface StateRow {
  version: string;
  manifest: unknown;
  vector_table: string | null;
  impact_order_length: number | null;
  documents: string;
  total_length: string;
}

const ARTICLE_COLUMNS = 'a.id, a.language, a.source_url, a.title, a.paragraph_count, a.passage_count, a.metadata';

const toFloat32 = (text: string) => Float32Array.from(fromSql(text) as number[]);

/** A float32 as text PostgreSQL reads back to the same float32 (9 significant digits always do). */
export const vectorLiteral = (vector: Float32Array) => `[${Array.from(vector, (x) => x.toPrecision(9)).join(',')}]`;

/**
 * The keyword queries' parts. Parameters: $1–$4 the forms (query term, form, strength, idf), $5–$9
 * BM25's k1 + 1, k1, 1 − b, b and the average length, $10 each form's role: scanned (0), looked
 * up for the passages the scanned ones found (1), or left out (2); each query's own from $11.
 */
const FORMS_CTE = 'q AS (SELECT * FROM unnest($1::int[], $2::text[], $3::float8[], $4::float8[], $10::int[]) AS q(qi, term, strength, idf, role))';
const SCANNED = 0;
const LOOKED_UP = 1;
const LEFT_OUT = 2;

/** One posting's BM25 score, as bm25TermScore computes it. */
const BM25_SQL = '(q.strength * q.idf * o.tf * $5::float8) / (o.tf + $6::float8 * ($7::float8 + ($8::float8 * o.length) / $9::float8))';

/**
 * Per passage, each query term's best score (a column per term: one hash aggregate, no sorting),
 * and their sum in query order as the embedded store adds them (absent terms add 0, which changes
 * no bit), so scores are the same to the last bit.
 */
class PerTerm {
  private readonly ids: number[];

  constructor(forms: readonly BoundedForm[]) {
    this.ids = [...new Set(forms.map((f) => Math.trunc(f.index)))].sort((a, b) => a - b);
  }

  /** Per passage, the best score of each term from every posting of the scanned forms. */
  scanned(): string {
    return `SELECT o.passage_num, ${this.columns()} FROM q JOIN postings o ON o.term = q.term WHERE q.role = ${SCANNED} GROUP BY o.passage_num`;
  }

  /**
   * The same for the passages of `passages` from the looked-up forms: their postings are read
   * from the index and matched against a hash of the passages, and only matches are scored (a
   * posting read costs a fraction of one scored; `+ 0` keeps the planner from a primary-key
   * look-up per passage and form instead, which costs several).
   */
  lookedUp(passages: string): string {
    return `SELECT c.passage_num, ${this.columns()}
              FROM q JOIN postings o ON o.term = q.term JOIN ${passages} c ON c.passage_num = o.passage_num + 0
             WHERE q.role = ${LOOKED_UP} GROUP BY c.passage_num`;
  }

  /**
   * The same by one primary-key look-up per passage and form (OFFSET 0 keeps the planner from
   * reading every posting of each passage instead): cheaper than reading the forms' postings when
   * the passages are few.
   */
  lookedUpByKey(passages: string): string {
    return `SELECT c.passage_num, ${this.columns()}
              FROM ${passages} c CROSS JOIN q CROSS JOIN LATERAL (SELECT tf, length FROM postings p WHERE p.term = q.term AND p.passage_num = c.passage_num OFFSET 0) o
             WHERE q.role = ${LOOKED_UP} GROUP BY c.passage_num`;
  }

  /** The columns' names (`t0`, `t1`…), in order. */
  get names(): string[] {
    return this.ids.map((i) => `t${i}`);
  }

  /** The score from the columns of one row source (`t0`, `t1`…), or of two (`a.t0`, `b.t0`…) taking each term's better. */
  total(a?: string, b?: string): string {
    return this.ids.map((i) => (a && b ? `coalesce(greatest(${a}.t${i}, ${b}.t${i}), 0)` : `coalesce(t${i}, 0)`)).join(' + ');
  }

  private columns(): string {
    return this.ids.map((i) => `max(${BM25_SQL}) FILTER (WHERE q.qi = ${i}) AS t${i}`).join(', ');
  }
}

/** The top k (parameter $11) of `totals` (passage_num, score); ties in corpus order. */
const RANKED = `SELECT p.id, s.score FROM (SELECT * FROM totals ORDER BY score DESC, passage_num LIMIT $11) s JOIN passages p ON p.num = s.passage_num ORDER BY s.score DESC, s.passage_num`;

/** What looking a form up for one passage by key costs against reading one of its postings (measured: about 13 times). */
const KEY_LOOK_UP_COST = 13;

/**
 * The threshold comes from the forms with the highest bounds, scanned as long as their postings
 * stay under this share of the query's: enough passages to find a good k-th score, a small part
 * of the work.
 */
const THRESHOLD_SHARE = 0.1;

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

/** A prefix or suffix look-up (a suffix as the reversed terms' prefix). */
interface TermsStarting {
  reversed: boolean;
  start: string;
  limit: number;
}

export class PostgresSnapshot implements IndexSnapshot {
  /** `passagesOf` lists every passage of some articles (tests read a whole index through it). */
  readonly documents: DocumentStore & { passagesOf(articleIds: readonly string[]): Promise<PassageRecord[]> };
  readonly keyword: KeywordStore;
  readonly vectors: VectorStore | null;
  /**
   * Each connection runs one task at a time (pg would queue statements too, with a deprecation
   * warning); a vector query's two statements (a setting, then the search) stay together.
   */
  private readonly lane: Lane;
  /** The vector searches' connection, in the same snapshot; null: they share `lane`. */
  private readonly vectorLane: Lane | null;
  /**
   * Prefix and suffix look-ups asked together (the engine asks for every question term's at once)
   * go in one statement, not one round trip each. No cache: a serving snapshot lives long.
   */
  private readonly termsStarting = new DataLoader<TermsStarting, string[]>((asked) => this.termsLike(asked), { cache: false });

  private constructor(
    lanes: { lane: Lane; vectorLane: Lane | null },
    readonly manifest: Manifest,
    private readonly statistics: KeywordStats,
    private readonly settings: SnapshotSettings,
    vectorTable: string | null,
    /** The average length the postings' impact index was built for; null when there is none. */
    private readonly impactLength: number | null,
  ) {
    this.lane = lanes.lane;
    this.vectorLane = lanes.vectorLane;
    this.documents = {
      articles: () => this.articles(),
      passages: (ids) => this.passages(ids),
      passagesOf: (articleIds) => this.passagesOf(articleIds),
      statements: (keys, perKey) => this.statements(keys, perKey),
    };
    this.keyword = {
      stats: async () => this.statistics,
      documentFrequencies: (terms) => this.documentFrequencies(terms),
      termsWithPrefix: (prefix, limit) => this.termsStarting.load({ reversed: false, start: prefix, limit }),
      termsWithSuffix: (suffix, limit) => this.termsStarting.load({ reversed: true, start: [...suffix].reverse().join(''), limit }),
      search: (query, topK) => this.search(query, topK),
    };
    const model = manifest.mode === 'hybrid' ? manifest.model : null;
    this.vectors =
      model && vectorTable
        ? {
            dimensions: model.dimensions,
            count: async () => this.statistics.documents,
            query: (vector, topK) => this.queryVectors(vectorTable, vector, topK),
            vectorsOf: (ids) => this.vectorsOf(vectorTable, ids),
            sample: (n) => this.sample(vectorTable, n),
            sentenceVectorsOf: (ids) => this.sentenceVectorsOf(ids, model.dimensions),
          }
        : null;
  }

  /** Opens a snapshot of the committed state, or returns null when nothing was ever indexed. */
  static async open(pool: Pool, settings: SnapshotSettings, url: string): Promise<PostgresSnapshot | null> {
    const client = await pool.connect().catch((error: unknown) => {
      throw unreachable(url, error);
    });
    let vectorClient: PoolClient | null = null;
    try {
      await client.query(BEGIN_SNAPSHOT);
      const { rows } = await client.query<StateRow>('SELECT version, manifest, vector_table, documents, total_length, impact_order_length FROM index_state');
      const manifest = parseManifest(rows[0]?.manifest);
      const vectorTable = checkedVectorTable(rows[0]?.vector_table);
      if (!manifest) {
        await client.query('ROLLBACK');
        client.release();
        return null;
      }
      const documents = Number(rows[0]!.documents);
      const stats = { documents, averageLength: Number(rows[0]!.total_length) / Math.max(1, documents) };
      if (manifest.mode === 'hybrid' && !vectorTable) throw new Error('The index state names no vector table for a hybrid index.');
      // Held while a transaction is open: a later index run cannot drop this snapshot's vector table under it.
      if (vectorTable) await client.query(`LOCK TABLE ${vectorTable} IN ACCESS SHARE MODE`);
      // Vector search on a second connection in the same snapshot, so a question's keyword and
      // vector searches run at once (the engine starts them together) instead of in turn; when
      // the pool has no connection to spare (one stays free for the next snapshot), on the one.
      if (vectorTable && pool.totalCount - pool.idleCount < (pool.options.max ?? 10) - 1) {
        const { rows: exported } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
        vectorClient = await pool.connect();
        await vectorClient.query(BEGIN_SNAPSHOT);
        await vectorClient.query(`SET TRANSACTION SNAPSHOT '${exported[0]!.id.replace(/'/g, "''")}'`);
      }
      const pinned = { version: String(rows[0]!.version), vectorTable, url };
      const lanes = {
        lane: new Lane(pool, pinned, settings.idleMs, { client, efSearch: null }),
        vectorLane: vectorClient ? new Lane(pool, pinned, settings.idleMs, { client: vectorClient, efSearch: null }) : null,
      };
      return new PostgresSnapshot(lanes, manifest, stats, settings, vectorTable, rows[0]!.impact_order_length);
    } catch (error) {
      vectorClient?.release(error as Error);
      if (isConnectionLost(error)) {
        client.release(error as Error);
        throw unreachable(url, error);
      }
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      throw error;
    }
  }

  /**
   * Ends the snapshot's transactions once the reads queued now are done. A question still under
   * way on it when a newer snapshot replaced it goes on reading this one's version, each read in
   * a short transaction of its own; if the index was written since, its reads fail with
   * IndexChangedError (the service answers it again from the new index).
   */
  async close(): Promise<void> {
    await Promise.all([this.lane.close(), this.vectorLane?.close()]);
  }

  private async articles(): Promise<ArticleRecord[]> {
    const { rows } = await this.query<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles a ORDER BY a.ordinal`);
    return rows.map(articleRecord);
  }

  private async passages(ids: readonly string[]): Promise<PassageRecord[]> {
    if (ids.length === 0) return [];
    const byId = new Map((await this.passageRows('p.id = ANY($1)', ids)).map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Every passage of the given articles, in their order, each article's in text order. */
  private async passagesOf(articleIds: readonly string[]): Promise<PassageRecord[]> {
    if (articleIds.length === 0) return [];
    const rows = await this.passageRows('p.article_id = ANY($1)', articleIds);
    const rank = new Map(articleIds.map((id, i) => [id, i]));
    return rows.sort((a, b) => rank.get(a.articleId)! - rank.get(b.articleId)! || a.start - b.start);
  }

  private async passageRows(where: string, values: readonly string[]): Promise<PassageRecord[]> {
    const { rows } = await this.query<ArticleRow & { passage_id: string; paragraph: number; text: string; start: number }>(
      `SELECT p.id AS passage_id, p.paragraph, p.text, p.start, ${ARTICLE_COLUMNS}
         FROM passages p JOIN articles a ON a.id = p.article_id WHERE ${where}`,
      [values],
    );
    return rows.map((r) => ({ id: r.passage_id, articleId: r.id, paragraph: r.paragraph, text: r.text, start: r.start, article: articleRecord(r) }));
  }

  private async statements(keys: readonly string[], perKey: number): Promise<ValueStatement[]> {
    if (keys.length === 0 || perKey <= 0) return [];
    // Per key: each article's first statement, then the others, `perKey` in all (an index range).
    const { rows } = await this.query<{ key: string; passage_id: string; article_id: string }>(
      `SELECT k.key, p.id AS passage_id, s.article_id
         FROM unnest($1::text[]) WITH ORDINALITY AS k(key, n)
         CROSS JOIN LATERAL (
           SELECT passage_num, article_id, first_in_article FROM value_statements
            WHERE key = k.key ORDER BY first_in_article DESC, passage_num LIMIT $2) s
         JOIN passages p ON p.num = s.passage_num
        ORDER BY k.n, s.first_in_article DESC, s.passage_num`,
      [[...new Set(keys)], perKey],
    );
    return rows.map((r) => ({ key: r.key, passageId: r.passage_id, articleId: r.article_id }));
  }

  private async documentFrequencies(terms: readonly string[]): Promise<Map<string, number>> {
    const frequencies = new Map(terms.map((t) => [t, 0]));
    for (const [term, stats] of await this.termStats(terms)) frequencies.set(term, stats.df);
    return frequencies;
  }

  /** Document frequency and score bound (max-score.ts) of the terms the index has. */
  private async termStats(terms: readonly string[]): Promise<Map<string, { df: number; maxImpact: number; impactLength: number }>> {
    if (terms.length === 0) return new Map();
    const { rows } = await this.query<{ term: string; df: number; max_impact: number; impact_length: number }>(
      'SELECT term, df, max_impact, impact_length FROM terms WHERE term = ANY($1) AND df > 0',
      [[...new Set(terms)]],
    );
    return new Map(rows.map((r) => [r.term, { df: r.df, maxImpact: r.max_impact, impactLength: r.impact_length }]));
  }

  /**
   * For each look-up, the terms (or, `reversed`, the terms whose reversal) starting with `start`,
   * most frequent first: an index range each (text_pattern_ops compares bytes, and every string
   * starting with `start` sorts from it up to it followed by the last code point).
   */
  private async termsLike(asked: readonly TermsStarting[]): Promise<string[][]> {
    const { rows } = await this.query<{ n: number; term: string }>(
      `SELECT k.n, t.term
         FROM unnest($1::boolean[], $2::text[], $3::int[]) WITH ORDINALITY AS k(reversed, start, lim, n)
         CROSS JOIN LATERAL (
           (SELECT term, df FROM terms WHERE NOT k.reversed AND term ~>=~ k.start AND term ~<~ (k.start || chr(1114111)) AND starts_with(term, k.start)
             ORDER BY df DESC, term COLLATE "C" LIMIT k.lim)
           UNION ALL
           (SELECT term, df FROM terms WHERE k.reversed AND reverse(term) ~>=~ k.start AND reverse(term) ~<~ (k.start || chr(1114111)) AND starts_with(reverse(term), k.start)
             ORDER BY df DESC, term COLLATE "C" LIMIT k.lim)) t
        ORDER BY k.n, t.df DESC, t.term COLLATE "C"`,
      [asked.map((a) => a.reversed), asked.map((a) => a.start), asked.map((a) => Math.max(0, a.limit))],
    );
    const found = asked.map((): string[] => []);
    for (const row of rows) found[Number(row.n) - 1]!.push(row.term);
    return found;
  }

  /**
   * BM25 with the embedded store's arithmetic, operation for operation in float8: the idf and the
   * average length come from here (JavaScript's Math.log), the rest is +, *, / in the same order,
   * and each passage's per-term scores are summed in query order, so scores are bit-identical.
   * Top k without scoring every posting (max-score.ts): the forms with the highest bounds give a
   * threshold, and forms that cannot carry a passage past it are only looked up for candidates.
   */
  private async search(query: readonly TermForms[], topK: number): Promise<KeywordHit[]> {
    if (topK <= 0) return [];
    const asked = query.flatMap((termForms, index) => [...termForms].map(([form, strength]) => ({ index, form, strength })));
    if (asked.length === 0) return [];
    const stats = await this.termStats(asked.map((f) => f.form));
    const { documents, averageLength } = this.statistics;
    const forms: BoundedForm[] = asked.flatMap((f) => {
      const found = stats.get(f.form);
      if (!found) return [];
      const idf = bm25Idf(documents, found.df);
      return [{ ...f, idf, df: found.df, bound: formBound({ ...f, ...found, idf }, averageLength) }];
    });
    if (forms.length === 0) return [];
    const postings = forms.reduce((sum, f) => sum + f.df, 0);
    if (this.impactLength !== null && this.settings.impact && postings >= this.settings.impactFromPostings) return this.searchByImpact(forms, topK, this.impactLength, this.settings.impact);
    const terms = new PerTerm(forms);
    let plan: Pruning | null = null;
    if (postings >= this.settings.pruneFromPostings) {
      const first = thresholdForms(forms, postings * THRESHOLD_SHARE);
      if (first.includes(false)) plan = pruning(forms, await this.threshold(forms, terms, first, topK));
    }
    const roles = plan ? plan.probed.map((probed) => (probed ? LOOKED_UP : SCANNED)) : forms.map(() => SCANNED);
    if (!plan) {
      const { rows } = await this.query<{ id: string; score: number }>(
        `WITH ${FORMS_CTE}, totals AS (SELECT passage_num, ${terms.total()} AS score FROM (${terms.scanned()}) t) ${RANKED}`,
        [...this.formParameters(forms), roles, topK],
      );
      return rows.map((r) => ({ passageId: r.id, score: r.score }));
    }
    // The candidates first, so that how the probed forms are looked up suits their number.
    const { rows: candidates } = await this.query<Record<string, number | null> & { passage_num: string }>(
      `WITH ${FORMS_CTE}, found AS (${terms.scanned()}) SELECT * FROM found WHERE ${terms.total()} >= $11::float8`,
      [...this.formParameters(forms), roles, plan.candidateFrom],
    );
    const probedPostings = forms.reduce((sum, f, i) => sum + (plan.probed[i] ? f.df : 0), 0);
    const byKey = candidates.length * plan.probed.filter(Boolean).length * KEY_LOOK_UP_COST < probedPostings;
    const columns = terms.names;
    const { rows } = await this.query<{ id: string; score: number }>(
      `WITH ${FORMS_CTE},
            candidates AS MATERIALIZED (
              SELECT * FROM unnest($12::bigint[], ${columns.map((_, i) => `$${13 + i}::float8[]`).join(', ')}) AS c(passage_num, ${columns.join(', ')})),
            probed AS (${byKey ? terms.lookedUpByKey('candidates') : terms.lookedUp('candidates')}),
            totals AS (SELECT c.passage_num, ${terms.total('c', 'p')} AS score FROM candidates c LEFT JOIN probed p USING (passage_num))
       ${RANKED}`,
      [...this.formParameters(forms), roles, topK, candidates.map((c) => c.passage_num), ...columns.map((name) => candidates.map((c) => c[name]))],
    );
    return rows.map((r) => ({ passageId: r.id, score: r.score }));
  }

  /**
   * Top k reading each form's postings best first (impact-order.ts): rounds of reads deeper into
   * the forms still open, and look-ups of the candidates that could still make the top k, until
   * the top k is settled. Postings come back packed (passage, tf, length: 16 bytes each).
   */
  private async searchByImpact(forms: readonly BoundedForm[], topK: number, referenceLength: number, settings: ImpactSettings): Promise<KeywordHit[]> {
    const search = new ImpactOrderedSearch(forms, topK, this.statistics.averageLength, referenceLength, settings);
    const key = impactKeySql(referenceLength);
    const keyOf = impactKey(referenceLength);
    const cursors: ReadCursor[] = forms.map(() => ({ after: Number.POSITIVE_INFINITY, ties: 0 }));
    for (let step = search.next(); ; step = search.next()) {
      if (step.kind === 'done') {
        const nums = step.hits.map((h) => h.passage);
        const { rows } = await this.query<{ num: string; id: string }>('SELECT num, id FROM passages WHERE num = ANY($1::bigint[])', [nums]);
        const ids = new Map(rows.map((r) => [Number(r.num), r.id]));
        return step.hits.map((h) => ({ passageId: ids.get(h.passage)!, score: h.score }));
      }
      if (step.kind === 'read') {
        // Each form's next postings start after the last key read (an index seek), skipping only
        // the postings of that key already read: OFFSET from the top would walk past all of them again.
        type Run = (sql: string, values: unknown[]) => Promise<QueryResult<{ n: number; last_key: number | null; rows: Buffer | null }>>;
        const read = (run: Run, asked: typeof step.forms) =>
          run(
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
        const [first, second] = this.vectorLane?.tasks === 0 ? splitRound(step.forms, settings.splitRoundFrom) : [step.forms, []];
        await Promise.all([read((sql, values) => this.query(sql, values), first), second.length > 0 ? read((sql, values) => this.vectorQuery(sql, values), second) : null]);
      } else {
        // Each passage's postings (postings_passage, rows written together), then the forms asked:
        // a random read a passage, whatever the number of forms. Materialized, because left to
        // itself the planner may read every posting of a common form and filter by passage (it
        // cannot know a form's size at plan time): 63 ms for 143 passages at 1M, against 10.
        const { rows } = await this.query<{ n: number; rows: Buffer | null }>(
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

  /** $1–$9 of the keyword queries: the forms, then BM25's constants and the average length. */
  private formParameters(forms: readonly BoundedForm[]): unknown[] {
    return [
      forms.map((f) => f.index),
      forms.map((f) => f.form),
      forms.map((f) => f.strength),
      forms.map((f) => f.idf),
      BM25_K1 + 1,
      BM25_K1,
      1 - BM25_B,
      BM25_B,
      this.statistics.averageLength,
    ];
  }

  /**
   * A lower bound on the k-th best score: the k passages the `first` forms score best, each with
   * the forms that may be looked up later added, and the lowest of their scores (still lower
   * bounds: other forms can only add); 0 when fewer than k passages have the `first` forms.
   */
  private async threshold(forms: readonly BoundedForm[], terms: PerTerm, first: readonly boolean[], k: number): Promise<number> {
    const mayProbe = probeable(forms);
    const { rows } = await this.query<{ score: number }>(
      `WITH ${FORMS_CTE},
            found AS MATERIALIZED (${terms.scanned()}),
            leaders AS MATERIALIZED (SELECT * FROM found ORDER BY ${terms.total()} DESC LIMIT $11),
            probed AS (${terms.lookedUpByKey('leaders')})
       SELECT ${terms.total('l', 'p')} AS score FROM leaders l LEFT JOIN probed p USING (passage_num) ORDER BY 1 DESC OFFSET $11 - 1 LIMIT 1`,
      [...this.formParameters(forms), first.map((scanned, i) => (scanned ? SCANNED : mayProbe[i] ? LOOKED_UP : LEFT_OUT)), k],
    );
    return rows[0]?.score ?? 0;
  }

  private async queryVectors(table: string, vector: Float32Array, topK: number): Promise<VectorHit[]> {
    if (topK <= 0) return [];
    const exact = this.statistics.documents < this.settings.exactSearchBelow;
    // `+ 0` hides the operator from the planner, so the small corpus is scanned exactly.
    const order = exact ? '(v.embedding <=> $1) + 0' : 'v.embedding <=> $1';
    return this.vectorSerial(async (session) => {
      const { client } = session;
      // Set for the transaction, so once per transaction unless a search asks for more.
      const efSearch = Math.min(1000, Math.max(this.settings.efSearch, topK));
      if (!exact && session.efSearch !== efSearch) {
        await client.query(`SELECT set_config('hnsw.ef_search', $1, true)`, [String(efSearch)]);
        session.efSearch = efSearch;
      }
      const { rows } = await client.query<{ id: string; distance: number }>(
        `WITH hits AS MATERIALIZED (SELECT v.passage_num, v.embedding <=> $1 AS distance FROM ${table} v ORDER BY ${order} LIMIT $2)
         SELECT p.id, h.distance FROM hits h JOIN passages p ON p.num = h.passage_num ORDER BY h.distance, h.passage_num`,
        [vectorLiteral(vector), topK],
      );
      return rows.map((r) => ({ passageId: r.id, score: 1 - r.distance }));
    });
  }

  private serial<T>(task: (session: Session) => Promise<T>): Promise<T> {
    return this.lane.run(task);
  }

  /** Like `serial`, on the vector searches' connection (the one connection when there is no second). */
  private vectorSerial<T>(task: (session: Session) => Promise<T>): Promise<T> {
    return (this.vectorLane ?? this.lane).run(task);
  }

  private query<R extends QueryResultRow>(sql: string, values?: unknown[]): Promise<QueryResult<R>> {
    return this.serial(({ client }) => client.query<R>(sql, values));
  }

  /** A query on the vector searches' connection (the same snapshot; the one connection when there is no second). */
  private vectorQuery<R extends QueryResultRow>(sql: string, values?: unknown[]): Promise<QueryResult<R>> {
    return this.vectorSerial(({ client }) => client.query<R>(sql, values));
  }

  private async vectorsOf(table: string, ids: readonly string[]): Promise<Map<string, Float32Array>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.query<{ id: string; embedding: string }>(
      `SELECT p.id, v.embedding::text AS embedding FROM passages p JOIN ${table} v ON v.passage_num = p.num WHERE p.id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, toFloat32(r.embedding)]));
  }

  private async sentenceVectorsOf(ids: readonly string[], dimensions: number): Promise<Map<string, Float32Array[]>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.query<{ id: string; sentence_vectors: Buffer }>('SELECT id, sentence_vectors FROM passages WHERE id = ANY($1) AND sentence_vectors IS NOT NULL', [ids]);
    return new Map(rows.map((r) => [r.id, unpackSentenceVectors(r.sentence_vectors, dimensions)]));
  }

  /** The vectors at evenly spaced places in corpus order (article order, then passage order). */
  private async sample(table: string, n: number): Promise<Float32Array[]> {
    const total = this.statistics.documents;
    const count = Math.min(total, Math.max(0, n));
    if (count === 0) return [];
    const step = Math.max(1, total / count);
    const places = Array.from({ length: count }, (_, i) => Math.floor(i * step));
    // Each place as (article, position in it), from the articles' passage counts in corpus order.
    const articles = await this.query<{ id: string; passage_count: number }>('SELECT id, passage_count FROM articles ORDER BY ordinal');
    const articleIds: string[] = [];
    const positions: number[] = [];
    let first = 0;
    let next = 0;
    for (const article of articles.rows) {
      while (next < places.length && places[next]! < first + article.passage_count) {
        articleIds.push(article.id);
        positions.push(places[next]! - first);
        next += 1;
      }
      first += article.passage_count;
    }
    const { rows } = await this.query<{ embedding: string }>(
      `SELECT v.embedding::text AS embedding
         FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS w(article_id, position, place)
         JOIN passages p ON p.article_id = w.article_id AND p.position = w.position
         JOIN ${table} v ON v.passage_num = p.num
        ORDER BY w.place`,
      [articleIds, positions],
    );
    return rows.map((r) => toFloat32(r.embedding));
  }
}
