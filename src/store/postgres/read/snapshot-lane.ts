/**
 * One connection of a PostgreSQL snapshot. Its work runs one task at a time in a REPEATABLE READ,
 * READ ONLY transaction at the snapshot's version of the index, which ends
 * - after `idleMs` without work: a long-lived transaction holds back vacuum, and a server with
 *   `idle_in_transaction_session_timeout` ends the session holding it;
 * - when a statement fails (the transaction is aborted: 25P02 for every later statement);
 * - when the connection drops (server restart, a terminated backend, the network).
 * The next task begins a new transaction and checks that the index is still at that version (an
 * index run raises it in the transaction that writes), so every read of a snapshot sees the
 * same rows; when it is not, the task fails with IndexChangedError. A task whose connection was
 * lost runs again once on a new connection (a snapshot only reads); when none can be had, it
 * fails with DatabaseUnreachableError.
 */
import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import { IndexChangedError } from '../../index-store.js';
import { isConnectionLost, unreachable } from '../connection.js';

/** What every transaction of a snapshot must see, and the connection settings it needs. */
export interface Pinned {
  /** index_state.version when the snapshot was opened. */
  version: string;
  /** Locked while a transaction is open, so an index run cannot drop it under a reader. */
  vectorTable: string | null;
  /** For the operator's detail of a DatabaseUnreachableError. */
  url: string;
}

/** A transaction of the lane: its connection and the settings made in it. */
export interface Session {
  client: PoolClient;
  /** hnsw.ef_search as set in this transaction, once set. */
  efSearch: number | null;
}

/** A session with the listener that lets its connection go when it drops. */
type Watched = Session & { onError: (error: Error) => void };

export const BEGIN_SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

export class Lane {
  private session: Watched | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Tasks queued or running. */
  tasks = 0;

  /** `session`: the transaction the snapshot was opened in, kept for the first tasks. */
  constructor(
    private readonly pool: Pool,
    private readonly pinned: Pinned,
    private readonly idleMs: number,
    session: Session | null = null,
  ) {
    if (session) this.session = this.watch(session);
    this.scheduleEnd();
  }

  run<T>(task: (session: Session) => Promise<T>): Promise<T> {
    this.tasks += 1;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const result = this.queue.then(() => this.attempt(task, 1));
    this.queue = result
      .catch(() => undefined)
      .finally(() => {
        this.tasks -= 1;
        this.scheduleEnd();
      });
    return result;
  }

  /**
   * Ends the transaction once the tasks queued now are done. Tasks run later (a question that
   * was under way when a newer snapshot replaced this one) still read this snapshot's version,
   * each in a transaction of its own.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.queue = this.queue.then(() => (this.tasks === 0 ? this.end() : undefined)).catch(() => undefined);
    await this.queue;
  }

  private async attempt<T>(task: (session: Session) => Promise<T>, retries: number): Promise<T> {
    const session = await this.open();
    try {
      return await task(session);
    } catch (error) {
      await this.end(error);
      if (!isConnectionLost(error)) throw error;
      if (retries > 0) return this.attempt(task, retries - 1);
      throw unreachable(this.pinned.url, error);
    }
  }

  private async open(): Promise<Session> {
    if (this.session) return this.session;
    const client = await this.pool.connect().catch((error: unknown) => {
      throw unreachable(this.pinned.url, error);
    });
    try {
      await client.query(BEGIN_SNAPSHOT);
      const { rows } = await client.query<{ version: string }>('SELECT version FROM index_state');
      if (String(rows[0]?.version) !== this.pinned.version) throw new IndexChangedError();
      if (this.pinned.vectorTable) await client.query(`LOCK TABLE ${this.pinned.vectorTable} IN ACCESS SHARE MODE`);
    } catch (error) {
      await endTransaction(client, error);
      throw isConnectionLost(error) ? unreachable(this.pinned.url, error) : error;
    }
    return (this.session = this.watch({ client, efSearch: null }));
  }

  /**
   * A connection that drops between tasks is let go at once (the next task opens another). The
   * pool's own listener is off while a connection is checked out: without one, the error a
   * dropped connection emits would end the process.
   */
  private watch(session: Session): Watched {
    const watched: Watched = {
      ...session,
      onError: (error) => {
        if (this.session !== watched || this.tasks > 0) return; // a running task fails, and ends the session itself
        this.session = null;
        session.client.off('error', watched.onError);
        session.client.release(error);
      },
    };
    session.client.on('error', watched.onError);
    return watched;
  }

  /** Ends the lane's transaction: rolled back and returned to the pool, or, after a connection error, discarded. */
  private async end(error?: unknown): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = null;
    session.client.off('error', session.onError);
    await endTransaction(session.client, error);
  }

  private scheduleEnd(): void {
    if (this.tasks > 0 || !this.session) return;
    if (this.closed || this.idleMs <= 0) {
      this.queue = this.queue.then(() => (this.tasks === 0 ? this.end() : undefined));
      return;
    }
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      this.queue = this.queue.then(() => (this.tasks === 0 ? this.end() : undefined));
    }, this.idleMs);
    this.idleTimer.unref();
  }
}

/** Rolls back and returns `client` to the pool; a connection that failed is discarded instead. */
async function endTransaction(client: PoolClient, error?: unknown): Promise<void> {
  if (error !== undefined && isConnectionLost(error)) {
    client.release(error as Error);
    return;
  }
  try {
    await client.query('ROLLBACK');
    client.release();
  } catch (rollbackError) {
    client.release(rollbackError as Error);
  }
}

/**
 * What a snapshot's stores read through: its first connection, and the second one its vector
 * searches take when the pool had one to spare (so a question's keyword and vector searches run
 * at once); without it, everything goes through the first.
 */
export class SnapshotReads {
  constructor(
    private readonly first: Lane,
    private readonly second: Lane | null,
  ) {}

  /** A statement on the first connection. */
  query<R extends QueryResultRow>(sql: string, values?: unknown[]): Promise<QueryResult<R>> {
    return this.first.run(({ client }) => client.query<R>(sql, values));
  }

  /** A task on the second connection (the first when there is none): its statements stay together. */
  onSecond<T>(task: (session: Session) => Promise<T>): Promise<T> {
    return (this.second ?? this.first).run(task);
  }

  /** A statement on the second connection (the first when there is none). */
  querySecond<R extends QueryResultRow>(sql: string, values?: unknown[]): Promise<QueryResult<R>> {
    return this.onSecond(({ client }) => client.query<R>(sql, values));
  }

  /** There is a second connection, and nothing waits for it. */
  get secondIdle(): boolean {
    return this.second?.tasks === 0;
  }

  /** Ends both connections' transactions once the reads queued now are done. */
  async close(): Promise<void> {
    await Promise.all([this.first.close(), this.second?.close()]);
  }
}
