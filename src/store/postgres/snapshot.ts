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
import { bm25Idf } from '../../corpus/text/bm25.js';
import { impactKey, impactKeySql } from './bm25-sql.js';
import { searchEveryPosting } from './exhaustive-search.js';
import { formBound, ImpactOrderedSearch, type BoundedForm, type PostingColumns } from './impact-order.js';
import { checkedVectorTable, parseManifest } from './schema.js';
import { isConnectionLost, unreachable } from './connection.js';
import { BEGIN_SNAPSHOT, Lane, type Session } from './snapshot-lane.js';
import type { KeywordSettings, PostgresSettings } from './settings.js';


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
    private readonly settings: PostgresSettings,
    vectorTable: string | null,
    /** The average length the postings' impact index was built for (null only while the index is empty). */
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
  static async open(pool: Pool, settings: PostgresSettings, url: string): Promise<PostgresSnapshot | null> {
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
      // Every index run builds it, and migration 9 for an index written before there was one.
      if (documents > 0 && rows[0]!.impact_order_length === null) throw new Error('The index state names no impact index for its postings.');
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

  /** The question's forms the index has, with their idf and bound (nothing for an empty question or k ≤ 0). */
  private async boundedForms(query: readonly TermForms[]): Promise<BoundedForm[]> {
    const asked = query.flatMap((termForms, index) => [...termForms].map(([form, strength]) => ({ index, form, strength })));
    if (asked.length === 0) return [];
    const stats = await this.termStats(asked.map((f) => f.form));
    const { documents, averageLength } = this.statistics;
    return asked.flatMap((f) => {
      const found = stats.get(f.form);
      if (!found) return [];
      const idf = bm25Idf(documents, found.df);
      return [{ ...f, idf, df: found.df, bound: formBound({ ...f, ...found, idf }, averageLength) }];
    });
  }

  /**
   * BM25 with the embedded store's arithmetic, operation for operation in float8 (the idf and the
   * average length come from here, JavaScript's Math.log), so scores are bit-identical: the top k
   * reading postings best first (impact order), exact unless the postings budget is spent.
   */
  private async search(query: readonly TermForms[], topK: number): Promise<KeywordHit[]> {
    if (topK <= 0) return [];
    const forms = await this.boundedForms(query);
    if (forms.length === 0 || this.impactLength === null) return [];
    return this.searchByImpact(forms, topK, this.impactLength, this.settings.keyword);
  }

  /** The reference search, every posting scored (exhaustive-search.ts): for the tests and the benchmark. */
  async searchEveryPosting(query: readonly TermForms[], topK: number): Promise<KeywordHit[]> {
    if (topK <= 0) return [];
    return searchEveryPosting((sql, values) => this.query(sql, values), await this.boundedForms(query), this.statistics.averageLength, topK);
  }

  /**
   * Top k reading each form's postings best first (impact-order.ts): rounds of reads deeper into
   * the forms still open, and look-ups of the candidates that could still make the top k, until
   * the top k is settled. Postings come back packed (passage, tf, length: 16 bytes each).
   */
  private async searchByImpact(forms: readonly BoundedForm[], topK: number, referenceLength: number, settings: KeywordSettings): Promise<KeywordHit[]> {
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

  private async queryVectors(table: string, vector: Float32Array, topK: number): Promise<VectorHit[]> {
    if (topK <= 0) return [];
    const exact = this.statistics.documents < this.settings.exactVectorSearchBelow;
    // `+ 0` hides the operator from the planner, so the small corpus is scanned exactly.
    const order = exact ? '(v.embedding <=> $1) + 0' : 'v.embedding <=> $1';
    return this.vectorSerial(async (session) => {
      const { client } = session;
      // Set for the transaction, so once per transaction unless a search asks for more.
      const efSearch = Math.min(this.settings.efSearchAtMost, Math.max(this.settings.efSearch, topK));
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
