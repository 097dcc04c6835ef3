/**
 * Reading the PostgreSQL store: one connection holding a REPEATABLE READ, READ ONLY transaction,
 * so every call of a snapshot sees the same committed index run, whatever commits meanwhile.
 */
import { unpackSentenceVectors } from '../sentence-vectors.js';
import type { Pool, PoolClient } from 'pg';
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
import { BM25_B, BM25_K1, bm25Idf } from '../bm25.js';
import { checkedVectorTable, parseManifest } from './schema.js';


export interface SnapshotSettings {
  /** Below this many vectors, dense search is exact (a scan); above, HNSW. */
  exactSearchBelow: number;
  /** HNSW's candidate list; raised to the number of hits asked for. */
  efSearch: number;
}

interface StateRow {
  manifest: unknown;
  vector_table: string | null;
  documents: string;
  total_length: string;
}

const ARTICLE_COLUMNS = 'a.id, a.language, a.source_url, a.title, a.paragraph_count, a.passage_count';

const toFloat32 = (text: string) => Float32Array.from(fromSql(text) as number[]);

/** A float32 as text PostgreSQL reads back to the same float32 (9 significant digits always do). */
export const vectorLiteral = (vector: Float32Array) => `[${Array.from(vector, (x) => x.toPrecision(9)).join(',')}]`;

/** `LIKE` pattern for strings starting with `text`. */
const startsWithPattern = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class PostgresSnapshot implements IndexSnapshot {
  /** `passagesOf` lists every passage of some articles (tests read a whole index through it). */
  readonly documents: DocumentStore & { passagesOf(articleIds: readonly string[]): Promise<PassageRecord[]> };
  readonly keyword: KeywordStore;
  readonly vectors: VectorStore | null;
  /** Vector queries change a transaction setting first; one at a time keeps each its own. */
  private vectorQueue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly client: PoolClient,
    readonly manifest: Manifest,
    private readonly statistics: KeywordStats,
    private readonly settings: SnapshotSettings,
    vectorTable: string | null,
  ) {
    this.documents = {
      articles: () => this.articles(),
      passages: (ids) => this.passages(ids),
      passagesOf: (articleIds) => this.passagesOf(articleIds),
      statements: (keys, perKey) => this.statements(keys, perKey),
    };
    this.keyword = {
      stats: async () => this.statistics,
      documentFrequencies: (terms) => this.documentFrequencies(terms),
      termsWithPrefix: (prefix, limit) => this.termsLike('term', prefix, limit),
      termsWithSuffix: (suffix, limit) => this.termsLike('reverse(term)', [...suffix].reverse().join(''), limit),
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
  static async open(pool: Pool, settings: SnapshotSettings): Promise<PostgresSnapshot | null> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows } = await client.query<StateRow>('SELECT manifest, vector_table, documents, total_length FROM index_state');
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
      // Held until close: a later index run cannot drop this snapshot's vector table under it.
      if (vectorTable) await client.query(`LOCK TABLE ${vectorTable} IN ACCESS SHARE MODE`);
      return new PostgresSnapshot(client, manifest, stats, settings, vectorTable);
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
  }

  async close(): Promise<void> {
    try {
      await this.client.query('ROLLBACK');
      this.client.release();
    } catch (error) {
      this.client.release(error as Error);
    }
  }

  private async articles(): Promise<ArticleRecord[]> {
    const { rows } = await this.client.query<ArticleRow>(`SELECT ${ARTICLE_COLUMNS} FROM articles a ORDER BY a.ordinal`);
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
    const { rows } = await this.client.query<ArticleRow & { passage_id: string; paragraph: number; text: string; start: number }>(
      `SELECT p.id AS passage_id, p.paragraph, p.text, p.start, ${ARTICLE_COLUMNS}
         FROM passages p JOIN articles a ON a.id = p.article_id WHERE ${where}`,
      [values],
    );
    return rows.map((r) => ({ id: r.passage_id, articleId: r.id, paragraph: r.paragraph, text: r.text, start: r.start, article: articleRecord(r) }));
  }

  private async statements(keys: readonly string[], perKey: number): Promise<ValueStatement[]> {
    if (keys.length === 0 || perKey <= 0) return [];
    // Per key: each article's first statement, then the others, `perKey` in all (an index range).
    const { rows } = await this.client.query<{ key: string; passage_id: string; article_id: string }>(
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
    if (terms.length === 0) return frequencies;
    const { rows } = await this.client.query<{ term: string; df: number }>('SELECT term, df FROM terms WHERE term = ANY($1)', [[...new Set(terms)]]);
    for (const row of rows) frequencies.set(row.term, row.df);
    return frequencies;
  }

  /** Terms whose `column` (the term, or the term reversed) starts with `start`, most frequent first. */
  private async termsLike(column: 'term' | 'reverse(term)', start: string, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    const { rows } = await this.client.query<{ term: string }>(
      `SELECT term FROM terms WHERE ${column} LIKE $1 ORDER BY df DESC, term COLLATE "C" LIMIT $2`,
      [startsWithPattern(start), limit],
    );
    return rows.map((r) => r.term);
  }

  /**
   * BM25 with the embedded store's arithmetic, operation for operation in float8: the idf and the
   * average length come from here (JavaScript's Math.log), the rest is +, *, / in the same order,
   * and each passage's per-term scores are summed in query order, so scores are bit-identical.
   */
  private async search(query: readonly TermForms[], topK: number): Promise<KeywordHit[]> {
    if (topK <= 0) return [];
    const forms = query.flatMap((termForms, index) => [...termForms].map(([form, strength]) => ({ index, form, strength })));
    if (forms.length === 0) return [];
    const frequencies = await this.documentFrequencies(forms.map((f) => f.form));
    const n = this.statistics.documents;
    const matched = forms.filter((f) => frequencies.get(f.form)! > 0);
    if (matched.length === 0) return [];
    const idf = matched.map((f) => bm25Idf(n, frequencies.get(f.form)!));
    const { rows } = await this.client.query<{ id: string; score: number }>(
      `WITH q AS (SELECT * FROM unnest($1::int[], $2::text[], $3::float8[], $4::float8[]) AS q(qi, term, strength, idf)),
            best AS (
              SELECT o.passage_num, q.qi,
                     max((q.strength * q.idf * o.tf * $5::float8)
                         / (o.tf + $6::float8 * ($7::float8 + ($8::float8 * o.length) / $9::float8))) AS score
                FROM q JOIN postings o ON o.term = q.term
               GROUP BY o.passage_num, q.qi),
            scored AS (SELECT passage_num, sum(score ORDER BY qi) AS score FROM best GROUP BY passage_num ORDER BY score DESC, passage_num LIMIT $10)
       SELECT p.id, s.score FROM scored s JOIN passages p ON p.num = s.passage_num ORDER BY s.score DESC, s.passage_num`,
      [matched.map((f) => f.index), matched.map((f) => f.form), matched.map((f) => f.strength), idf, BM25_K1 + 1, BM25_K1, 1 - BM25_B, BM25_B, this.statistics.averageLength, topK],
    );
    return rows.map((r) => ({ passageId: r.id, score: r.score }));
  }

  private async queryVectors(table: string, vector: Float32Array, topK: number): Promise<VectorHit[]> {
    if (topK <= 0) return [];
    const exact = this.statistics.documents < this.settings.exactSearchBelow;
    // `+ 0` hides the operator from the planner, so the small corpus is scanned exactly.
    const order = exact ? '(v.embedding <=> $1) + 0' : 'v.embedding <=> $1';
    const run = async () => {
      if (!exact) await this.client.query(`SELECT set_config('hnsw.ef_search', $1, true)`, [String(Math.min(1000, Math.max(this.settings.efSearch, topK)))]);
      const { rows } = await this.client.query<{ id: string; distance: number }>(
        `WITH hits AS MATERIALIZED (SELECT v.passage_num, v.embedding <=> $1 AS distance FROM ${table} v ORDER BY ${order} LIMIT $2)
         SELECT p.id, h.distance FROM hits h JOIN passages p ON p.num = h.passage_num ORDER BY h.distance, h.passage_num`,
        [vectorLiteral(vector), topK],
      );
      return rows.map((r) => ({ passageId: r.id, score: 1 - r.distance }));
    };
    const result = this.vectorQueue.then(run, run);
    this.vectorQueue = result.catch(() => undefined);
    return result;
  }

  private async vectorsOf(table: string, ids: readonly string[]): Promise<Map<string, Float32Array>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.client.query<{ id: string; embedding: string }>(
      `SELECT p.id, v.embedding::text AS embedding FROM passages p JOIN ${table} v ON v.passage_num = p.num WHERE p.id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, toFloat32(r.embedding)]));
  }

  private async sentenceVectorsOf(ids: readonly string[], dimensions: number): Promise<Map<string, Float32Array[]>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.client.query<{ id: string; sentence_vectors: Buffer }>('SELECT id, sentence_vectors FROM passages WHERE id = ANY($1) AND sentence_vectors IS NOT NULL', [ids]);
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
    const articles = await this.client.query<{ id: string; passage_count: number }>('SELECT id, passage_count FROM articles ORDER BY ordinal');
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
    const { rows } = await this.client.query<{ embedding: string }>(
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
