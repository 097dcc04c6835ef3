/** Dense search of a PostgreSQL snapshot (the seam's VectorStore): pgvector, HNSW above a size, exact below. */
import { fromSql } from 'pgvector';
import type { VectorHit, VectorStore } from '../../seam.js';
import { unpackSentenceVectors } from '../../sentence-vectors.js';
import { vectorLiteral } from '../schema.js';
import type { PostgresSettings } from '../settings.js';
import type { SnapshotReads } from './snapshot-lane.js';

const toFloat32 = (text: string) => Float32Array.from(fromSql(text) as number[]);

export class PostgresVectorStore implements VectorStore {
  constructor(
    private readonly reads: SnapshotReads,
    /** The snapshot's vector table (schema.ts names them). */
    private readonly table: string,
    readonly dimensions: number,
    /** How many passages (and vectors) the snapshot holds. */
    private readonly passages: number,
    private readonly settings: Pick<PostgresSettings, 'exactVectorSearchBelow' | 'efSearch' | 'efSearchAtMost'>,
  ) {}

  async count(): Promise<number> {
    return this.passages;
  }

  /** On the snapshot's second connection, so it runs beside the question's keyword search. */
  async query(vector: Float32Array, topK: number): Promise<VectorHit[]> {
    if (topK <= 0) return [];
    const exact = this.passages < this.settings.exactVectorSearchBelow;
    // `+ 0` hides the operator from the planner, so the small corpus is scanned exactly.
    const order = exact ? '(v.embedding <=> $1) + 0' : 'v.embedding <=> $1';
    return this.reads.onSecond(async (session) => {
      const { client } = session;
      // Set for the transaction, so once per transaction unless a search asks for more.
      const efSearch = Math.min(this.settings.efSearchAtMost, Math.max(this.settings.efSearch, topK));
      if (!exact && session.efSearch !== efSearch) {
        await client.query(`SELECT set_config('hnsw.ef_search', $1, true)`, [String(efSearch)]);
        session.efSearch = efSearch;
      }
      const { rows } = await client.query<{ id: string; distance: number }>(
        `WITH hits AS MATERIALIZED (SELECT v.passage_num, v.embedding <=> $1 AS distance FROM ${this.table} v ORDER BY ${order} LIMIT $2)
         SELECT p.id, h.distance FROM hits h JOIN passages p ON p.num = h.passage_num ORDER BY h.distance, h.passage_num`,
        [vectorLiteral(vector), topK],
      );
      return rows.map((r) => ({ passageId: r.id, score: 1 - r.distance }));
    });
  }

  async vectorsOf(ids: readonly string[]): Promise<Map<string, Float32Array>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.reads.query<{ id: string; embedding: string }>(
      `SELECT p.id, v.embedding::text AS embedding FROM passages p JOIN ${this.table} v ON v.passage_num = p.num WHERE p.id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, toFloat32(r.embedding)]));
  }

  async sentenceVectorsOf(ids: readonly string[]): Promise<Map<string, Float32Array[]>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.reads.query<{ id: string; sentence_vectors: Buffer }>(
      'SELECT id, sentence_vectors FROM passages WHERE id = ANY($1) AND sentence_vectors IS NOT NULL',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, unpackSentenceVectors(r.sentence_vectors, this.dimensions)]));
  }

  /** The vectors at evenly spaced places in corpus order (article order, then passage order). */
  async sample(n: number): Promise<Float32Array[]> {
    const total = this.passages;
    const count = Math.min(total, Math.max(0, n));
    if (count === 0) return [];
    const step = Math.max(1, total / count);
    const places = Array.from({ length: count }, (_, i) => Math.floor(i * step));
    // Each place as (article, position in it), from the articles' passage counts in corpus order.
    const articles = await this.reads.query<{ id: string; passage_count: number }>('SELECT id, passage_count FROM articles ORDER BY ordinal');
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
    const { rows } = await this.reads.query<{ embedding: string }>(
      `SELECT v.embedding::text AS embedding
         FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS w(article_id, position, place)
         JOIN passages p ON p.article_id = w.article_id AND p.position = w.position
         JOIN ${this.table} v ON v.passage_num = p.num
        ORDER BY w.place`,
      [articleIds, positions],
    );
    return rows.map((r) => toFloat32(r.embedding));
  }
}
