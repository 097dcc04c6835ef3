/**
 * The PostgreSQL store behind the seam (chosen by DATABASE_URL): articles, passages, the keyword
 * index (postings of the product's own analysed terms), value statements and pgvector vectors
 * in tables of one schema. An index run is one transaction (write/index-writer.ts); readers are
 * REPEATABLE READ snapshots (read/snapshot.ts); the writer lock is an advisory lock held by a
 * connection of its own, so a crashed writer's lock goes with its connection (write/writer-lock.ts).
 * Every tuning constant is in settings.ts.
 */
import os from 'node:os';
import pg from 'pg';
import { UserFacingError } from '../../errors.js';
import { IndexMissingError } from '../index-store.js';
import type { Manifest } from '../manifest.js';
import type { IndexBackend, IndexChange, WatchStatus } from '../seam.js';
import { isConnectionLost, redactedUrl, unreachable } from './connection.js';
import { listen } from './notifications.js';
import { PostgresSnapshot } from './read/snapshot.js';
import { checkedVectorTable, parseManifest, quoteIdent, vectorTableDimensions } from './schema.js';
import { postgresSettings, type PostgresSettings, type PostgresSettingsOverrides } from './settings.js';
import { PostgresEmbeddingQueue } from './write/embedding-queue.js';
import { IndexWriter } from './write/index-writer.js';
import { migrate } from './write/migrations.js';
import { WriterLock } from './write/writer-lock.js';

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

const defaultApplicationName = () => `newsdesk ${os.hostname()} pid ${process.pid}`;

/**
 * An error a connected server returned (a SQLSTATE), other than the ones that refuse the
 * connection itself (a bad password or role, class 28; no such database, 3D000).
 */
function refusedByServer(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('28') && code !== '3D000' && !isConnectionLost(error);
}

export class PostgresBackend implements IndexBackend {
  private readonly pool: pg.Pool;
  private readonly options: Required<Omit<PostgresBackendOptions, 'settings'>>;
  private readonly settings: PostgresSettings;
  private migrated: Promise<void> | null = null;
  private readonly writer: IndexWriter;
  /** The writer lock this process holds, checked before an index run writes and before it commits. */
  private writerLock: WriterLock | null = null;

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
    this.writer = new IndexWriter(this.pool, this.settings, this.channel);
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

  /** Takes the writer lock (write/writer-lock.ts); `apply` writes nothing once it is lost. */
  async lockWriter(): Promise<{ release(): Promise<void> }> {
    await this.ready();
    const { url, schema, applicationName } = this.options;
    const lock = await WriterLock.take({ url, schema, applicationName, waitMs: this.settings.lockWaitMs });
    this.writerLock = lock;
    return {
      release: async () => {
        if (this.writerLock === lock) this.writerLock = null;
        await lock.release();
      },
    };
  }

  /** One transaction: readers see the previous state until COMMIT, and a crash rolls it all back. */
  async apply(change: IndexChange): Promise<void> {
    await this.ready();
    const stale = await this.guarded(() => this.writer.write(change, this.writerLock));
    await this.writer.dropStaleIndexes(stale);
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
    return listen(this.listenServer, this.channel, listener, {
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
    return new PostgresEmbeddingQueue(
      this.pool,
      `newsdesk_embedding_${this.options.schema}`,
      (channel, listener) => listen(this.listenServer, channel, () => listener()),
      session,
      this.settings.batchesPerStatement,
    );
  }

  private get listenServer() {
    return { url: this.options.url, applicationName: this.options.applicationName, reconnect: this.settings.reconnect };
  }
}
