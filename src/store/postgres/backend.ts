/**
 * The PostgreSQL store behind the seam (chosen by DATABASE_URL): articles, passages, the keyword
 * index (postings of the product's own analysed terms), value statements and pgvector vectors
 * in tables of one schema. An index run is one transaction; readers are REPEATABLE READ
 * snapshots; the writer lock is an advisory lock held by a connection of its own, so a crashed
 * writer's lock goes with its connection.
 */
import { metadataText } from '../article-row.js';
import { packSentenceVectors } from '../sentence-vectors.js';
import os from 'node:os';
import pg from 'pg';
import { UserFacingError } from '../../errors.js';
import { IndexMissingError } from '../index-store.js';
import { isConnectionLost, redactedUrl, unreachable } from './connection.js';
import type { Manifest } from '../manifest.js';
import type { IndexBackend, IndexChange, IndexSnapshot, WatchStatus } from '../seam.js';
import { PostgresEmbeddingQueue } from './embedding-queue.js';
import { impactOf } from './impact-order.js';
import { orderImpacts } from './impact-index.js';
import { inTransaction } from './transaction.js';
import { chunks } from '../top-k.js';
import { MIGRATION_LOCK_CLASS, migrate, quoteIdent } from './migrations.js';
import { checkedVectorTable, parseManifest, vectorTableDimensions, vectorTableName } from './schema.js';
import { PostgresSnapshot, vectorLiteral } from './snapshot.js';
import { postgresSettings, type PostgresSettings, type PostgresSettingsOverrides } from './settings.js';

export interface PostgresBackendOptions {
  /** postgres://user:password@host:port/database */
  url: string;
  /** Schema holding the tables (created if missing). */
  schema?: string;
  /** Shown in pg_stat_activity, and to a second writer as the lock's holder. */
  applicationName?: string;
  /** Overrides of the defaults (settings.ts): the product runs with the defaults, the tests and the benchmark change some. */
  settings?: PostgresSettingsOverrides;
}

const DEFAULT_SCHEMA = 'newsdesk';
const WRITER_LOCK_CLASS = MIGRATION_LOCK_CLASS + 1;

const defaultApplicationName = () => `newsdesk ${os.hostname()} pid ${process.pid}`;

/** The wait before the `attempt`-th reconnection of a LISTEN connection (from 0): doubling while the server stays away. */
const reconnectDelay = ({ firstMs, mostMs }: PostgresSettings['reconnect'], attempt: number) => Math.min(mostMs, firstMs * 2 ** Math.min(attempt, 30));

/**
 * An error a connected server returned (a SQLSTATE), other than the ones that refuse the
 * connection itself (a bad password or role, class 28; no such database, 3D000).
 */
function refusedByServer(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('28') && code !== '3D000' && !isConnectionLost(error);
}

/** The writer lock as this process holds it: its connection's server pid, and why it ended when it did. */
interface HeldLock {
  pid: number;
  lost: string | null;
}

export class PostgresBackend implements IndexBackend {
  private readonly pool: pg.Pool;
  private readonly options: Required<Omit<PostgresBackendOptions, 'settings'>>;
  private readonly settings: PostgresSettings;
  private migrated: Promise<void> | null = null;
  /** The writer lock this process holds, checked before an index run commits. */
  private writerLock: HeldLock | null = null;

  /** Connects on first use (creating or migrating the schema then); `connect` does it at once. */
  constructor(options: PostgresBackendOptions) {
    this.options = { url: options.url, schema: options.schema ?? DEFAULT_SCHEMA, applicationName: options.applicationName ?? defaultApplicationName() };
    this.settings = postgresSettings(options.settings);
    // Idle connections do not keep a command-line run from exiting. Every connection finds the
    // tables first, then the default path (pgvector's type), set as it connects.
    this.pool = new pg.Pool({
      connectionString: this.options.url,
      max: this.settings.poolSize,
      application_name: this.options.applicationName,
      allowExitOnIdle: true,
      options: `-c search_path=${quoteIdent(this.options.schema)},"$user",public`,
      connectionTimeoutMillis: this.settings.connectTimeoutMs,
      keepAlive: true,
    });
    // An idle connection the server drops is replaced on the next query; nothing to do here.
    this.pool.on('error', () => undefined);
    // Nor for one in use: its statement fails (and says why), and the pool's listener is off while
    // a connection is checked out; without one, the error it emits would end the process.
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  /** Connects, and creates or migrates the schema. */
  static async connect(options: PostgresBackendOptions): Promise<PostgresBackend> {
    const backend = new PostgresBackend(options);
    try {
      await backend.ready();
    } catch (error) {
      await backend.close();
      throw error;
    }
    return backend;
  }

  /** The schema at this program's version: migrated once per process, before the first query. */
  private ready(): Promise<void> {
    this.migrated ??= (async () => {
      const client = await this.pool.connect();
      try {
        await migrate(client, this.options.schema);
      } finally {
        client.release();
      }
    })().catch((error: unknown) => {
      this.migrated = null;
      if (error instanceof UserFacingError) throw error;
      // Refused, unknown host, bad password, no such database: unreachable (the detail says which).
      if (!refusedByServer(error)) throw unreachable(this.options.url, error);
      throw new UserFacingError(
        `PostgreSQL refused to prepare the database schema ${this.options.schema}: ${(error as Error).message}.`,
        'Check the privileges of the role in DATABASE_URL (see README, "PostgreSQL").',
        { cause: error, detail: `(PostgreSQL at ${redactedUrl(this.options.url)})` },
      );
    });
    return this.migrated;
  }

  /** `work`, with a dropped connection reported as DatabaseUnreachableError. */
  private async guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw isConnectionLost(error) ? unreachable(this.options.url, error) : error;
    }
  }

  get schema(): string {
    return this.options.schema;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async readManifest(): Promise<Manifest | null> {
    await this.ready();
    const { rows } = await this.guarded(() => this.pool.query<{ manifest: unknown }>('SELECT manifest FROM index_state'));
    return parseManifest(rows[0]?.manifest);
  }

  /** Row counts against the manifest: the first table that disagrees, or null. */
  async findDamage(): Promise<string | null> {
    await this.ready();
    return this.guarded(() => this.damage());
  }

  private async damage(): Promise<string | null> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const state = await client.query<{ manifest: unknown; vector_table: string | null }>('SELECT manifest, vector_table FROM index_state');
      const stored = state.rows[0]?.manifest;
      if (stored == null) return null;
      const manifest = parseManifest(stored);
      const where = `${this.options.schema}.`;
      if (!manifest) return `${where}index_state (its manifest does not parse)`;
      const count = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
      const articles = Object.keys(manifest.articles).length;
      const checks: Array<[string, number, string]> = [
        ['articles', articles, 'SELECT count(*) AS n FROM articles'],
        ['passages', manifest.passageCount, 'SELECT count(*) AS n FROM passages'],
      ];
      if (manifest.mode === 'hybrid' && manifest.model) {
        const table = checkedVectorTable(state.rows[0]!.vector_table);
        if (!table || vectorTableDimensions(table) !== manifest.model.dimensions) return `${where}index_state (no vector table of ${manifest.model.dimensions} dimensions)`;
        const exists = await client.query('SELECT to_regclass($1) AS t', [table]);
        if (!exists.rows[0].t) return `${where}${table} (missing)`;
        checks.push([table, manifest.passageCount, `SELECT count(*) AS n FROM ${table}`]);
      }
      for (const [table, expected, sql] of checks) {
        const actual = await count(sql);
        if (actual !== expected) return `${where}${table} (${actual} rows, the manifest says ${expected})`;
      }
      return null;
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  async open(): Promise<PostgresSnapshot> {
    await this.ready();
    const snapshot = await PostgresSnapshot.open(this.pool, this.settings, this.options.url);
    if (!snapshot) {
      throw new IndexMissingError(`There is no index in the database schema ${this.options.schema} yet.`, 'Run `npm run index` to build it.');
    }
    return snapshot;
  }

  /**
   * A session advisory lock on a connection of its own: PostgreSQL releases it when that
   * connection ends, so a crashed writer never leaves it behind. A second writer waits up to
   * `lockWaitMs` (settings.ts), then fails naming the holder. Should the connection end while the lock is
   * held (a terminated backend, a server restart), another writer may start: `apply` then
   * writes nothing and fails.
   */
  async lockWriter(): Promise<{ release(): Promise<void> }> {
    await this.ready();
    const client = new pg.Client({ connectionString: this.options.url, application_name: `${this.options.applicationName} (index writer)`, keepAlive: true });
    const held: HeldLock = { pid: 0, lost: null };
    const lose = (why: string) => {
      held.lost ??= why;
    };
    client.on('error', (error) => lose(error.message.split('\n')[0]!));
    client.on('end', () => lose('the connection ended'));
    await this.guarded(() => client.connect());
    const keys = [WRITER_LOCK_CLASS, this.options.schema];
    try {
      await client.query(`SELECT set_config('lock_timeout', $1, false)`, [`${Math.max(1, this.settings.lockWaitMs)}ms`]);
      const { rows } = await client.query<{ pid: number }>('SELECT pg_advisory_lock($1, hashtext($2)), pg_backend_pid() AS pid', keys);
      held.pid = rows[0]!.pid;
    } catch (error) {
      if ((error as { code?: string }).code !== '55P03') {
        await client.end().catch(() => undefined);
        throw isConnectionLost(error) ? unreachable(this.options.url, error) : error;
      }
      await client.query(`SELECT set_config('lock_timeout', '0', false)`);
      const holder = await client.query<{ application_name: string; pid: number; since: string }>(
        `SELECT a.application_name, a.pid, to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS "UTC"') AS since
           FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::int::oid AND l.objid = hashtext($2)::oid AND l.objsubid = 2`,
        keys,
      );
      await client.end();
      const who = holder.rows[0] ? `${holder.rows[0].application_name || 'a client'} (server pid ${holder.rows[0].pid}, connected since ${holder.rows[0].since})` : 'another process';
      throw new UserFacingError(
        `Another index run is writing to the database schema ${this.options.schema}: ${who}.`,
        'Wait for it to finish (its lock goes when its connection ends), then run this again.',
      );
    }
    let released = false;
    this.writerLock = held;
    return {
      release: async () => {
        if (released) return;
        released = true;
        if (this.writerLock === held) this.writerLock = null;
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', keys).catch(() => undefined);
        await client.end().catch(() => undefined);
      },
    };
  }

  /**
   * The writer lock must still be held (its connection alive, the server still granting it) when
   * an index run begins writing and when it commits; otherwise it writes nothing.
   */
  private async checkWriterLock(client: pg.PoolClient): Promise<void> {
    const held = this.writerLock;
    if (!held) return;
    if (!held.lost) {
      const { rows } = await client.query<{ held: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = $3
            AND classid = $1::int::oid AND objid = hashtext($2)::oid AND objsubid = 2) AS held`,
        [WRITER_LOCK_CLASS, this.options.schema, held.pid],
      );
      if (rows[0]!.held) return;
    }
    throw new UserFacingError(
      `This index run lost its writer lock on the database schema ${this.options.schema} (${held.lost ?? 'its session ended'}), so another run may be writing: it wrote nothing.`,
      'Run `npm run index` again.',
    );
  }

  /** One transaction: readers see the previous state until COMMIT, and a crash rolls it all back. */
  async apply(change: IndexChange): Promise<void> {
    await this.ready();
    const stale = await this.guarded(() => this.write(change));
    await this.dropStaleIndexes(stale);
  }

  private write(change: IndexChange): Promise<string[]> {
    return inTransaction(this.pool, async (client) => {
      await this.checkWriterLock(client);
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
      await this.checkWriterLock(client);
      return stale;
    });
  }

  /**
   * Drops impact indexes no snapshot opened from now on reads. CONCURRENTLY waits for the open
   * snapshots still reading one without blocking anyone; past a minute it leaves the index to
   * the next run (orderImpacts lists every stale one).
   */
  private async dropStaleIndexes(names: readonly string[]): Promise<void> {
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

  private get channel(): string {
    return `newsdesk_index_${this.options.schema}`;
  }

  /**
   * Calls `listener` with the new generation after each committed index run (LISTEN/NOTIFY), so
   * serving processes reopen their snapshot without a restart. When the LISTEN connection drops,
   * reconnects (backing off while the server is away) and then calls `listener` with the
   * generation the index has, for a run it may have missed meanwhile; `onStatus` hears of both.
   * Returns the function that stops it.
   */
  async watch(listener: (generation: string) => void, onStatus?: (status: WatchStatus) => void): Promise<() => Promise<void>> {
    await this.ready();
    return this.listen(this.channel, listener, {
      onStatus,
      onReconnected: async () => {
        const generation = (await this.readManifest())?.generation;
        if (generation) listener(generation);
      },
    });
  }

  /** The queue index workers take passages to embed from (app/index-workers.ts). */
  async embeddingQueue(): Promise<PostgresEmbeddingQueue> {
    await this.ready();
    const session = () => new pg.Client({ connectionString: this.options.url, application_name: `${this.options.applicationName} (index run)` });
    return new PostgresEmbeddingQueue(this.pool, `newsdesk_embedding_${this.options.schema}`, (channel, listener) => this.listen(channel, () => listener()), session, this.settings.batchesPerStatement);
  }

  /**
   * LISTEN on a connection of its own: `listener` gets each notification's payload. A connection
   * that drops is made again, after a wait that doubles while the server stays away. Returns
   * the function that stops.
   */
  private async listen(
    channel: string,
    listener: (payload: string) => void,
    events: { onStatus?: (status: WatchStatus) => void; onReconnected?: () => Promise<void> } = {},
  ): Promise<() => Promise<void>> {
    let stopped = false;
    let retry: NodeJS.Timeout | null = null;
    const connect = async (): Promise<pg.Client> => {
      const client = new pg.Client({ connectionString: this.options.url, application_name: `${this.options.applicationName} (listen)`, keepAlive: true });
      let lastError: Error | null = null;
      client.on('error', (error) => (lastError = error));
      try {
        await client.connect();
        client.on('notification', (message) => {
          if (message.channel === channel && message.payload) listener(message.payload);
        });
        await client.query(`LISTEN ${quoteIdent(channel)}`);
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      client.once('end', () => {
        if (stopped) return;
        events.onStatus?.({ connected: false, error: unreachable(this.options.url, lastError ?? new Error('Connection terminated')) });
        reconnect(0);
      });
      return client;
    };
    const reconnect = (attempt: number) => {
      retry = setTimeout(() => {
        retry = null;
        connect().then(
          async (client) => {
            if (stopped) return void (await client.end().catch(() => undefined));
            current = client;
            events.onStatus?.({ connected: true });
            await events.onReconnected?.().catch(() => undefined);
          },
          () => {
            if (!stopped) reconnect(attempt + 1);
          },
        );
      }, reconnectDelay(this.settings.reconnect, attempt));
      // Never what keeps a process running.
      retry.unref();
    };
    let current = await this.guarded(connect);
    return async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      await current.end().catch(() => undefined);
    };
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
