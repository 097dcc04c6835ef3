/**
 * Writing the PostgreSQL store: an index run is one transaction (readers see the previous state
 * until COMMIT, and a crash rolls it all back). Rows go in with INSERT … SELECT FROM unnest(…);
 * a big run fills a new vector table and builds HNSW once, after the rows; the postings' impact
 * index is built after them too (impact-index.ts).
 */
import type pg from 'pg';
import { metadataText } from '../../article-row.js';
import type { Manifest } from '../../manifest.js';
import type { IndexChange } from '../../seam.js';
import { packSentenceVectors } from '../../sentence-vectors.js';
import { chunks } from '../../top-k.js';
import { impactOf } from '../bm25-sql.js';
import { checkedVectorTable, vectorLiteral, vectorTableDimensions, vectorTableName } from '../schema.js';
import type { PostgresSettings } from '../settings.js';
import { inTransaction } from '../transaction.js';
import { orderImpacts } from './impact-index.js';
import { quoteIdent } from '../schema.js';
import type { WriterLock } from './writer-lock.js';

export class IndexWriter {
  constructor(
    private readonly pool: pg.Pool,
    private readonly settings: PostgresSettings,
    /** Where a committed run's generation is announced (NOTIFY). */
    private readonly channel: string,
  ) {}

  /**
   * Writes `change` in one transaction, the writer lock checked before and at the end (when it is
   * no longer held, nothing is written). Returns the impact indexes no longer current, for
   * `dropStaleIndexes` once the run has committed.
   */
  write(change: IndexChange, lock: WriterLock | null): Promise<string[]> {
    return inTransaction(this.pool, async (client) => {
      await lock?.check(client);
      const state = await client.query<{ version: string; vector_table: string | null }>('SELECT version, vector_table FROM index_state FOR UPDATE');
      const version = Number(state.rows[0]!.version) + 1;
      const current = checkedVectorTable(state.rows[0]!.vector_table);
      await dropUnusedVectorTables(client, current, this.settings.dropWaitMs);
      if (change.rebuild) {
        // DELETE, not TRUNCATE: TRUNCATE would wait for every open reader snapshot to close.
        for (const table of ['postings', 'value_statements', 'passages', 'articles', 'terms']) await client.query(`DELETE FROM ${table}`);
      }
      const replaced = [...change.remove, ...change.upsert.map((u) => u.article.id)];
      if (!change.rebuild && replaced.length > 0) await removeArticles(client, replaced, current, this.settings.rowsPerStatement);
      const dimensions = change.manifest.mode === 'hybrid' ? (change.manifest.model?.dimensions ?? null) : null;
      const target = dimensions ? await vectorTarget(client, { current, dimensions, version, rebuild: change.rebuild, incoming: change.upsert.reduce((n, u) => n + u.passages.length, 0) }, this.settings.newVectorTableFrom) : null;
      await insertArticles(client, change, target?.table ?? null, this.settings);
      // A table made in this transaction has no readers yet: HNSW is built once, after the rows.
      if (target?.fresh) await client.query(`CREATE INDEX ${target.table}_hnsw ON ${target.table} USING hnsw (embedding vector_cosine_ops) WITH (m = ${Math.trunc(this.settings.hnsw.m)}, ef_construction = ${Math.trunc(this.settings.hnsw.efConstruction)})`);
      await orderArticles(client, Object.keys(change.manifest.articles));
      const totals = await client.query<{ documents: string; total_length: string }>('SELECT count(*) AS documents, coalesce(sum(length), 0) AS total_length FROM passages');
      const { documents, total_length } = totals.rows[0]!;
      const manifest: Manifest = {
        ...change.manifest,
        generation: `gen-${Date.now().toString(36)}-${version}`,
        passageCount: Number(documents),
        files: {},
      };
      await client.query('UPDATE index_state SET version = $1, manifest = $2, documents = $3, total_length = $4, vector_table = $5, updated_at = now()', [
        version,
        JSON.stringify(manifest),
        documents,
        total_length,
        target?.table ?? null,
      ]);
      const stale = await orderImpacts(client, Number(documents), Number(total_length), this.settings.impactDrift);
      await client.query('SELECT pg_notify($1, $2)', [this.channel, manifest.generation]);
      await lock?.check(client);
      return stale;
    });
  }

  /**
   * Drops impact indexes no snapshot opened from now on reads. CONCURRENTLY waits for the open
   * snapshots still reading one without blocking anyone; past a minute it leaves the index to
   * the next run (orderImpacts lists every stale one).
   */
  async dropStaleIndexes(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    // Committed already: a server gone meanwhile leaves the indexes to the next run, like any failure here.
    const client = await this.pool.connect().catch(() => null);
    if (!client) return;
    try {
      await client.query(`SELECT set_config('statement_timeout', $1, false)`, [`${this.settings.dropWaitMs.staleIndex}ms`]);
      for (const name of names) await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdent(name)}`);
      await client.query('RESET statement_timeout');
      client.release();
    } catch (error) {
      // The next index run finds the index still stale and tries again.
      client.release(error as Error);
    }
  }
}

/** Drops articles with their passages, postings, statements and vectors, keeping document frequencies right. */
async function removeArticles(client: pg.PoolClient, articleIds: string[], vectorTable: string | null, rowsPerStatement: number): Promise<void> {
  const { rows } = await client.query<{ term: string; df: number }>(
    `WITH gone AS (
       DELETE FROM postings o USING passages p
        WHERE o.passage_num = p.num AND p.article_id = ANY($1)
       RETURNING o.term),
     counts AS (SELECT term, count(*)::int AS n FROM gone GROUP BY term)
     UPDATE terms t SET df = t.df - c.n FROM counts c WHERE t.term = c.term RETURNING t.term, t.df`,
    [articleIds],
  );
  const unused = rows.filter((r) => r.df <= 0).map((r) => r.term);
  for (const batch of chunks(unused, rowsPerStatement)) await client.query('DELETE FROM terms WHERE term = ANY($1)', [batch]);
  for (const table of ['value_statements', ...(vectorTable ? [vectorTable] : [])]) {
    await client.query(`DELETE FROM ${table} t USING passages p WHERE t.passage_num = p.num AND p.article_id = ANY($1)`, [articleIds]);
  }
  await client.query('DELETE FROM articles WHERE id = ANY($1)', [articleIds]);
}

/**
 * Vector tables no snapshot holds any more: dropped when their lock comes at once. A reader
 * locks its table when it opens, so a table in use waits for a later run.
 */
async function dropUnusedVectorTables(client: pg.PoolClient, current: string | null, wait: PostgresSettings['dropWaitMs']): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname ~ '^vectors_[0-9]+_[0-9]+$'`,
  );
  for (const { name } of rows.filter((r) => r.name !== current)) {
    await client.query('SAVEPOINT drop_vectors');
    try {
      await client.query(`SELECT set_config('lock_timeout', $1, true)`, [`${wait.vectorTable}ms`]);
      await client.query(`DROP TABLE ${name}`);
      await client.query('RELEASE SAVEPOINT drop_vectors');
    } catch {
      await client.query('ROLLBACK TO SAVEPOINT drop_vectors');
    }
  }
  await client.query(`SELECT set_config('lock_timeout', '0', true)`);
}

interface VectorTarget {
  table: string;
  /** Made in this run: filled first, indexed after. */
  fresh: boolean;
}

/**
 * Where this run's vectors go. Inserting into HNSW row by row costs about 15 times what building
 * it costs per row, so a run that brings more than a quarter of the index's size (and every
 * rebuild or change of model) fills a new table, copies the kept vectors over, and builds HNSW
 * once; readers of the previous state keep the old table until they close.
 */
async function vectorTarget(
  client: pg.PoolClient,
  run: { current: string | null; dimensions: number; version: number; rebuild: boolean; incoming: number },
  newTableFrom: number,
): Promise<VectorTarget> {
  const reusable = run.current !== null && !run.rebuild && vectorTableDimensions(run.current) === run.dimensions;
  const kept = reusable ? Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${run.current}`)).rows[0]!.n) : 0;
  if (reusable && run.incoming <= kept * newTableFrom) return { table: run.current!, fresh: false };
  const table = vectorTableName(run.dimensions, run.version);
  await client.query(`CREATE TABLE ${table} (passage_num bigint PRIMARY KEY, embedding vector(${Math.trunc(run.dimensions)}) NOT NULL)`);
  if (reusable) await client.query(`INSERT INTO ${table} SELECT passage_num, embedding FROM ${run.current}`);
  return { table, fresh: true };
}

async function insertArticles(client: pg.PoolClient, change: IndexChange, vectorTable: string | null, settings: PostgresSettings): Promise<void> {
  for (const batch of chunks(change.upsert, settings.articlesPerStatement)) {
    await client.query(
      `INSERT INTO articles (id, ordinal, language, source_url, title, paragraph_count, passage_count, metadata)
       SELECT id, 0, language, source_url, title, paragraph_count, passage_count, metadata
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::jsonb[]) AS a(id, language, source_url, title, paragraph_count, passage_count, metadata)`,
      [
        batch.map((u) => u.article.id),
        batch.map((u) => u.article.language),
        batch.map((u) => u.article.sourceUrl),
        batch.map((u) => u.article.title),
        batch.map((u) => u.article.paragraphs.length),
        batch.map((u) => u.passages.length),
        batch.map((u) => metadataText(u.article.metadata)),
      ],
    );
  }
  const passages = change.upsert.flatMap(({ passages }) =>
    [...passages].sort((a, b) => a.passage.start - b.passage.start).map((indexed, position) => ({ indexed, position })),
  );
  const termStats = new Map<string, TermStats>();
  const impactLength = passages.reduce((sum, e) => sum + e.indexed.terms.length, 0) / Math.max(1, passages.length);
  // Keys already stated earlier in the same article (its passages come in text order, all in this run).
  const stated = new Set<string>();
  let batch: typeof passages = [];
  let rows = 0;
  const flush = async () => {
    if (batch.length > 0) await insertPassages(client, batch, vectorTable, { stats: termStats, impactLength }, stated);
    batch = [];
    rows = 0;
  };
  for (const entry of passages) {
    batch.push(entry);
    rows += entry.indexed.terms.length + 1;
    if (rows >= settings.rowsPerStatement) await flush();
  }
  await flush();
  // A term the run adds to keeps one bound over old and new postings, at the run's average length.
  for (const part of chunks([...termStats], settings.rowsPerStatement)) {
    await client.query(
      `INSERT INTO terms (term, df, max_impact, impact_length) SELECT t.*, $4::float8 FROM unnest($1::text[], $2::int[], $3::float8[]) AS t
       ON CONFLICT (term) DO UPDATE SET df = terms.df + excluded.df,
         max_impact = greatest(terms.max_impact * greatest(1, excluded.impact_length / terms.impact_length), excluded.max_impact),
         impact_length = excluded.impact_length`,
      [part.map(([t]) => t), part.map(([, s]) => s.df), part.map(([, s]) => s.maxImpact), impactLength],
    );
  }
}

type PassageEntry = { indexed: IndexChange['upsert'][number]['passages'][number]; position: number };

/** What a run adds to a term's row: its document frequency and its postings' largest tf part (impact-order.ts, `formBound`). */
interface TermStats {
  df: number;
  maxImpact: number;
}

async function insertPassages(
  client: pg.PoolClient,
  batch: PassageEntry[],
  vectorTable: string | null,
  terms: { stats: Map<string, TermStats>; impactLength: number },
  stated: Set<string>,
): Promise<void> {
  const inserted = await client.query<{ num: string; id: string }>(
    `INSERT INTO passages (id, article_id, position, paragraph, start, text, length, sentence_vectors)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::text[], $7::int[], $8::bytea[])
     RETURNING num, id`,
    [
      batch.map((e) => e.indexed.passage.id),
      batch.map((e) => e.indexed.passage.articleId),
      batch.map((e) => e.position),
      batch.map((e) => e.indexed.passage.paragraph),
      batch.map((e) => e.indexed.passage.start),
      batch.map((e) => e.indexed.passage.text),
      batch.map((e) => e.indexed.terms.length),
      batch.map(({ indexed }) => (indexed.sentenceVectors && indexed.vector ? packSentenceVectors(indexed.sentenceVectors, indexed.vector.length) : null)),
    ],
  );
  const numOf = new Map(inserted.rows.map((r) => [r.id, r.num]));
  const postings = { terms: [] as string[], nums: [] as string[], tfs: [] as number[], lengths: [] as number[] };
  const statements = { keys: [] as string[], nums: [] as string[], articles: [] as string[], firsts: [] as boolean[] };
  for (const { indexed } of batch) {
    const num = numOf.get(indexed.passage.id)!;
    const tf = new Map<string, number>();
    for (const term of indexed.terms) tf.set(term, (tf.get(term) ?? 0) + 1);
    for (const [term, count] of tf) {
      postings.terms.push(term);
      postings.nums.push(num);
      postings.tfs.push(count);
      postings.lengths.push(indexed.terms.length);
      const impact = impactOf(count, indexed.terms.length, terms.impactLength);
      const stats = terms.stats.get(term);
      if (stats) {
        stats.df += 1;
        stats.maxImpact = Math.max(stats.maxImpact, impact);
      } else terms.stats.set(term, { df: 1, maxImpact: impact });
    }
    for (const key of new Set(indexed.valueKeys)) {
      const inArticle = `${indexed.passage.articleId}\u0000${key}`;
      statements.keys.push(key);
      statements.nums.push(num);
      statements.articles.push(indexed.passage.articleId);
      statements.firsts.push(!stated.has(inArticle));
      stated.add(inArticle);
    }
  }
  await client.query('INSERT INTO postings (term, passage_num, tf, length) SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::int[])', [
    postings.terms,
    postings.nums,
    postings.tfs,
    postings.lengths,
  ]);
  if (statements.keys.length > 0) {
    await client.query(
      'INSERT INTO value_statements (key, passage_num, article_id, first_in_article) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::boolean[])',
      [statements.keys, statements.nums, statements.articles, statements.firsts],
    );
  }
  if (vectorTable) {
    const withVectors = batch.filter((e) => e.indexed.vector);
    if (withVectors.length !== batch.length) throw new Error('A hybrid index needs a vector for every passage.');
    await client.query(`INSERT INTO ${vectorTable} (passage_num, embedding) SELECT * FROM unnest($1::bigint[], $2::vector[])`, [
      withVectors.map((e) => numOf.get(e.indexed.passage.id)!),
      withVectors.map((e) => vectorLiteral(e.indexed.vector!)),
    ]);
  }
}

/** Articles take their place in the corpus from the manifest's order. */
async function orderArticles(client: pg.PoolClient, articleIds: string[]): Promise<void> {
  await client.query(
    `UPDATE articles a SET ordinal = o.ordinal
       FROM unnest($1::text[]) WITH ORDINALITY AS o(id, ordinal)
      WHERE a.id = o.id AND a.ordinal IS DISTINCT FROM o.ordinal`,
    [articleIds],
  );
}
