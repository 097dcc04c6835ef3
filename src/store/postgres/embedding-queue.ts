/**
 * The embedding queue in PostgreSQL (migration 6): the index writer queues a run's passages in
 * batches; worker processes on any machine pointed at the same database take one batch at a time
 * with `FOR UPDATE SKIP LOCKED`, embed it and store the result. The batch stays locked while it
 * is embedded, so a worker that dies gives it back with its connection. Results are opaque bytes
 * here (app/index-workers.ts encodes them).
 */
import type pg from 'pg';
import { inTransaction } from './transaction.js';

export interface ClaimedBatch {
  run: string;
  batch: number;
  items: unknown[];
  /** Stores the result and lets the batch go (the writer sees it done). */
  finish(result: Buffer): Promise<void>;
  /** Lets the batch go unfinished: another worker takes it. */
  release(): Promise<void>;
}

export class EmbeddingQueue {
  constructor(
    private readonly pool: pg.Pool,
    private readonly ready: () => Promise<void>,
    private readonly channel: string,
    private readonly listen: (channel: string, listener: () => void) => Promise<() => Promise<void>>,
  ) {}

  /**
   * Queues a run's batches, dropping whatever an earlier run left (a writer that crashed): only
   * the writer calls this, holding the writer lock.
   */
  async enqueue(run: string, model: unknown, batches: readonly unknown[][]): Promise<void> {
    await this.ready();
    await inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM embedding_batches');
      for (let first = 0; first < batches.length; first += 500) {
        const part = batches.slice(first, first + 500);
        await client.query(
          `INSERT INTO embedding_batches (run, batch, model, items)
           SELECT $1, b.batch, $2::jsonb, b.items FROM unnest($3::int[], $4::jsonb[]) AS b(batch, items)`,
          [run, JSON.stringify(model), part.map((_, i) => first + i), part.map((items) => JSON.stringify(items))],
        );
      }
      await client.query('SELECT pg_notify($1, $2)', [this.channel, run]);
    });
  }

  /** How many batches of `run` have no result yet. */
  async waiting(run: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM embedding_batches WHERE run = $1 AND result IS NULL', [run]);
    return Number(rows[0]!.n);
  }

  /** Every batch's result of `run`, in batch order, with the worker that made it. */
  async results(run: string): Promise<Array<{ batch: number; result: Buffer; worker: string }>> {
    const { rows } = await this.pool.query<{ batch: number; result: Buffer; worker: string }>(
      'SELECT batch, result, worker FROM embedding_batches WHERE run = $1 AND result IS NOT NULL ORDER BY batch',
      [run],
    );
    return rows;
  }

  async clear(run: string): Promise<void> {
    await this.pool.query('DELETE FROM embedding_batches WHERE run = $1', [run]);
  }

  /**
   * Takes the first waiting batch made for `model`, locked until `finish` or `release` (or until
   * this connection ends); null when none is waiting.
   */
  async claim(model: unknown, worker: string): Promise<ClaimedBatch | null> {
    await this.ready();
    const client = await this.pool.connect();
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
      }
    };
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ run: string; batch: number; items: unknown[] }>(
        `SELECT run, batch, items FROM embedding_batches WHERE result IS NULL AND model = $1::jsonb
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
            await client.query('SELECT pg_notify($1, $2)', [this.channel, row.run]);
          } catch (error) {
            await end('ROLLBACK', error as Error).catch(() => undefined);
            throw error;
          }
          await end('COMMIT');
        },
        release: () => end('ROLLBACK'),
      };
    } catch (error) {
      await end('ROLLBACK', error as Error).catch(() => undefined);
      throw error;
    }
  }

  /** Calls `listener` whenever batches are queued or finished; returns the function that stops it. */
  async watch(listener: () => void): Promise<() => Promise<void>> {
    await this.ready();
    return this.listen(this.channel, listener);
  }
}
