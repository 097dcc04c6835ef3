/**
 * The embedding queue in PostgreSQL (migration 6; the seam's EmbeddingQueue): the index writer
 * queues a run's passages in batches; worker processes on any machine pointed at the same
 * database take one batch at a time with `FOR UPDATE SKIP LOCKED`, embed it and store the
 * result. The batch stays locked while it is embedded, so a worker that dies gives it back with
 * its connection.
 *
 * A run is alive while its writer holds the run's advisory lock on a connection of its own:
 * PostgreSQL lets the lock go with that connection, however the writer ends (kill -9 too).
 * Workers test it with a shared try-lock, which succeeds only once the writer is gone, and then
 * delete the run's batches rather than embed them.
 */
import type pg from 'pg';
import type { ClaimedBatch, EmbeddingQueue, QueuedRun } from '../../seam.js';
import { chunks } from '../../top-k.js';
import { inTransaction } from '../transaction.js';
import { MIGRATION_LOCK_CLASS } from './migrations.js';

/** The advisory lock class of runs (the migration lock is MIGRATION_LOCK_CLASS, the writer lock the next one). */
const RUN_LOCK_CLASS = MIGRATION_LOCK_CLASS + 2;
/** True when the run's writer is gone: only then is its lock free for a shared try-lock (held to the end of the transaction, harmlessly). */
const WRITER_GONE = `pg_try_advisory_xact_lock_shared(${RUN_LOCK_CLASS}, hashtext(run))`;
/** Deletes the batches of every run whose writer is gone, but for those a worker holds (it drops them when it lets them go). */
const DROP_ABANDONED = `DELETE FROM embedding_batches WHERE (run, batch) IN (SELECT run, batch FROM embedding_batches WHERE ${WRITER_GONE} FOR UPDATE SKIP LOCKED)`;

const ignore = () => undefined;

export class PostgresEmbeddingQueue implements EmbeddingQueue {
  constructor(
    private readonly pool: pg.Pool,
    private readonly channel: string,
    private readonly listen: (channel: string, listener: () => void) => Promise<() => Promise<void>>,
    /** A connection of the run's own (not from the pool), to hold its lock. */
    private readonly session: () => pg.Client,
    /** Batches per INSERT statement (settings.ts). */
    private readonly perStatement: number,
  ) {}

  async start(run: string, model: object, batches: readonly unknown[][]): Promise<QueuedRun> {
    const session = this.session();
    const queued = new PostgresQueuedRun(this.pool, run, session);
    try {
      await session.connect();
      // Locked before any batch is visible: a worker never takes the run for abandoned.
      await session.query('SELECT pg_advisory_lock($1, hashtext($2))', [RUN_LOCK_CLASS, run]);
      await inTransaction(this.pool, async (client) => {
        await client.query(DROP_ABANDONED);
        let first = 0;
        for (const part of chunks(batches, this.perStatement)) {
          await client.query(
            `INSERT INTO embedding_batches (run, batch, model, items)
             SELECT $1, b.batch, $2::jsonb, b.items FROM unnest($3::int[], $4::jsonb[]) AS b(batch, items)`,
            [run, JSON.stringify(model), part.map((_, i) => first + i), part.map((items) => JSON.stringify(items))],
          );
          first += part.length;
        }
        await client.query('SELECT pg_notify($1, $2)', [this.channel, run]);
      });
    } catch (error) {
      await queued.end();
      throw error;
    }
    return queued;
  }

  async claim(model: object, worker: string): Promise<ClaimedBatch | null> {
    await this.pool.query(DROP_ABANDONED);
    const client = await this.pool.connect();
    const claimed = new PostgresClaimedBatch(this.pool, this.channel, client, worker);
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ run: string; batch: number; items: unknown[] }>(
        `SELECT run, batch, items FROM embedding_batches WHERE result IS NULL AND model = $1::jsonb AND NOT ${WRITER_GONE}
          ORDER BY run, batch LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [JSON.stringify(model)],
      );
      const row = rows[0];
      if (!row) {
        await claimed.end('ROLLBACK');
        return null;
      }
      return claimed.holding(row);
    } catch (error) {
      await claimed.end('ROLLBACK', error as Error).catch(ignore);
      throw error;
    }
  }

  async otherModels(model: object): Promise<Array<{ run: string; model: unknown }>> {
    const { rows } = await this.pool.query<{ run: string; model: unknown }>(
      `SELECT DISTINCT run, model FROM embedding_batches WHERE result IS NULL AND model <> $1::jsonb AND NOT ${WRITER_GONE}`,
      [JSON.stringify(model)],
    );
    return rows;
  }

  watch(listener: () => void): Promise<() => Promise<void>> {
    return this.listen(this.channel, listener);
  }
}

/** A run's batches as its writer sees them, alive while `session` (which holds the run's lock) is. */
class PostgresQueuedRun implements QueuedRun {
  readonly lost: Promise<Error>;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    readonly run: string,
    private readonly session: pg.Client,
  ) {
    this.lost = new Promise<Error>((resolve) => {
      session.on('error', (error) => resolve(error));
      session.on('end', () => this.closed || resolve(new Error('the connection ended')));
    });
  }

  async waiting(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM embedding_batches WHERE run = $1 AND result IS NULL', [this.run]);
    return Number(rows[0]!.n);
  }

  async results(): Promise<Array<{ batch: number; result: Buffer; worker: string }>> {
    const { rows } = await this.pool.query<{ batch: number; result: Buffer; worker: string }>(
      'SELECT batch, result, worker FROM embedding_batches WHERE run = $1 AND result IS NOT NULL ORDER BY batch',
      [this.run],
    );
    return rows;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.query('DELETE FROM embedding_batches WHERE run = $1', [this.run]).catch(ignore);
    await this.end();
  }

  /** Ends the session: the run's lock goes with it, and a batch a worker still holds is dropped when it lets it go. */
  async end(): Promise<void> {
    this.closed = true;
    await this.session.end().catch(ignore);
  }
}

/** A batch a worker holds: its row stays locked in the worker's transaction until `finish` or `release`. */
class PostgresClaimedBatch implements ClaimedBatch {
  run = '';
  batch = 0;
  items: unknown[] = [];
  private open = true;

  constructor(
    private readonly pool: pg.Pool,
    private readonly channel: string,
    private readonly client: pg.PoolClient,
    private readonly worker: string,
  ) {
    // A connection that drops while checked out emits 'error': its next statement fails and says why.
    client.on('error', ignore);
  }

  holding(row: { run: string; batch: number; items: unknown[] }): this {
    this.run = row.run;
    this.batch = row.batch;
    this.items = row.items;
    return this;
  }

  async finish(result: Buffer): Promise<boolean> {
    try {
      await this.client.query('UPDATE embedding_batches SET result = $3, worker = $4 WHERE run = $1 AND batch = $2', [this.run, this.batch, result, this.worker]);
      const { rows: check } = await this.client.query<{ gone: boolean }>(`SELECT ${WRITER_GONE} AS gone FROM (SELECT $1::text AS run) AS r`, [this.run]);
      if (check[0]!.gone) {
        await this.end('ROLLBACK');
        await this.pool.query(DROP_ABANDONED);
        return false;
      }
      await this.client.query('SELECT pg_notify($1, $2)', [this.channel, this.run]);
    } catch (error) {
      await this.end('ROLLBACK', error as Error).catch(ignore);
      throw error;
    }
    await this.end('COMMIT');
    return true;
  }

  async release(): Promise<void> {
    await this.end('ROLLBACK');
    await this.pool.query(DROP_ABANDONED);
  }

  /** Ends the worker's transaction with `sql` and returns its connection (discarded after `error`, or a failure here). */
  async end(sql: string, error?: Error): Promise<void> {
    if (!this.open) return;
    this.open = false;
    try {
      await this.client.query(sql);
      this.client.release();
    } catch (failure) {
      this.client.release((error ?? failure) as Error);
      throw failure;
    } finally {
      this.client.off('error', ignore);
    }
  }
}
