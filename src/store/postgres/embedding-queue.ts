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
import type { ClaimedBatch, EmbeddingQueue, QueuedRun } from '../seam.js';
import { MIGRATION_LOCK_CLASS } from './migrations.js';
import { inTransaction } from './transaction.js';

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
    let closed = false;
    const lost = new Promise<Error>((resolve) => {
      session.on('error', (error) => resolve(error));
      session.on('end', () => closed || resolve(new Error('the connection ended')));
    });
    try {
      await session.connect();
      // Locked before any batch is visible: a worker never takes the run for abandoned.
      await session.query('SELECT pg_advisory_lock($1, hashtext($2))', [RUN_LOCK_CLASS, run]);
      await inTransaction(this.pool, async (client) => {
        await client.query(DROP_ABANDONED);
        for (let first = 0; first < batches.length; first += this.perStatement) {
          const part = batches.slice(first, first + this.perStatement);
          await client.query(
            `INSERT INTO embedding_batches (run, batch, model, items)
             SELECT $1, b.batch, $2::jsonb, b.items FROM unnest($3::int[], $4::jsonb[]) AS b(batch, items)`,
            [run, JSON.stringify(model), part.map((_, i) => first + i), part.map((items) => JSON.stringify(items))],
          );
        }
        await client.query('SELECT pg_notify($1, $2)', [this.channel, run]);
      });
    } catch (error) {
      closed = true;
      await session.end().catch(ignore);
      throw error;
    }
    return {
      run,
      lost,
      waiting: async () => {
        const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM embedding_batches WHERE run = $1 AND result IS NULL', [run]);
        return Number(rows[0]!.n);
      },
      results: async () =>
        (await this.pool.query<{ batch: number; result: Buffer; worker: string }>('SELECT batch, result, worker FROM embedding_batches WHERE run = $1 AND result IS NOT NULL ORDER BY batch', [run])).rows,
      close: async () => {
        if (closed) return;
        closed = true;
        await this.pool.query('DELETE FROM embedding_batches WHERE run = $1', [run]).catch(ignore);
        // Ending the session lets the run's lock go: a batch a worker still holds is dropped when it lets it go.
        await session.end().catch(ignore);
      },
    };
  }

  async claim(model: object, worker: string): Promise<ClaimedBatch | null> {
    await this.pool.query(DROP_ABANDONED);
    const client = await this.pool.connect();
    // A connection that drops while checked out emits 'error': its next statement fails and says why.
    client.on('error', ignore);
    let open = true;
    const end = async (sql: string, error?: Error) => {
      if (!open) return;
      open = false;
      try {
        await client.query(sql);
        client.release();
      } catch (failure) {
        client.release((error ?? failure) as Error);
        throw failure;
      } finally {
        client.off('error', ignore);
      }
    };
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ run: string; batch: number; items: unknown[] }>(
        `SELECT run, batch, items FROM embedding_batches WHERE result IS NULL AND model = $1::jsonb AND NOT ${WRITER_GONE}
          ORDER BY run, batch LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [JSON.stringify(model)],
      );
      const row = rows[0];
      if (!row) {
        await end('ROLLBACK');
        return null;
      }
      return {
        ...row,
        finish: async (result) => {
          try {
            await client.query('UPDATE embedding_batches SET result = $3, worker = $4 WHERE run = $1 AND batch = $2', [row.run, row.batch, result, worker]);
            const { rows: check } = await client.query<{ gone: boolean }>(`SELECT ${WRITER_GONE} AS gone FROM (SELECT $1::text AS run) AS r`, [row.run]);
            if (check[0]!.gone) {
              await end('ROLLBACK');
              await this.pool.query(DROP_ABANDONED);
              return false;
            }
            await client.query('SELECT pg_notify($1, $2)', [this.channel, row.run]);
          } catch (error) {
            await end('ROLLBACK', error as Error).catch(ignore);
            throw error;
          }
          await end('COMMIT');
          return true;
        },
        release: async () => {
          await end('ROLLBACK');
          await this.pool.query(DROP_ABANDONED);
        },
      };
    } catch (error) {
      await end('ROLLBACK', error as Error).catch(ignore);
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
