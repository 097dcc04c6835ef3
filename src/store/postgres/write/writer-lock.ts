/**
 * The writer lock of one schema: a session advisory lock on a connection of its own. PostgreSQL
 * releases it when that connection ends, so a crashed writer never leaves it behind. A second
 * writer waits up to `lockWaitMs` (settings.ts), then fails naming the holder. Should the
 * connection end while the lock is held (a terminated backend, a server restart), another writer
 * may start: the index run checks the lock before it writes and before it commits, and then
 * writes nothing and fails.
 */
import pg from 'pg';
import { UserFacingError } from '../../../errors.js';
import { isConnectionLost, unreachable } from '../connection.js';
import { MIGRATION_LOCK_CLASS } from './migrations.js';

const WRITER_LOCK_CLASS = MIGRATION_LOCK_CLASS + 1;

/** Where the lock is taken, and by whom. */
export interface WriterLockTarget {
  url: string;
  schema: string;
  /** Shown to a second writer as the lock's holder. */
  applicationName: string;
  waitMs: number;
}

export class WriterLock {
  /** Why the lock's connection ended, once it has. */
  private lost: string | null = null;
  private released = false;
  /** The lock's connection's server pid. */
  private pid = 0;

  private constructor(
    private readonly client: pg.Client,
    private readonly schema: string,
  ) {}

  static async take(target: WriterLockTarget): Promise<WriterLock> {
    const client = new pg.Client({ connectionString: target.url, application_name: `${target.applicationName} (index writer)`, keepAlive: true });
    const lock = new WriterLock(client, target.schema);
    client.on('error', (error) => (lock.lost ??= error.message.split('\n')[0]!));
    client.on('end', () => (lock.lost ??= 'the connection ended'));
    try {
      await client.connect();
    } catch (error) {
      throw isConnectionLost(error) ? unreachable(target.url, error) : error;
    }
    const keys = [WRITER_LOCK_CLASS, target.schema];
    try {
      await client.query(`SELECT set_config('lock_timeout', $1, false)`, [`${Math.max(1, target.waitMs)}ms`]);
      const { rows } = await client.query<{ pid: number }>('SELECT pg_advisory_lock($1, hashtext($2)), pg_backend_pid() AS pid', keys);
      lock.pid = rows[0]!.pid;
      return lock;
    } catch (error) {
      if ((error as { code?: string }).code !== '55P03') {
        await client.end().catch(() => undefined);
        throw isConnectionLost(error) ? unreachable(target.url, error) : error;
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
        `Another index run is writing to the database schema ${target.schema}: ${who}.`,
        'Wait for it to finish (its lock goes when its connection ends), then run this again.',
      );
    }
  }

  /**
   * Passes while the lock is still held (its connection alive, the server still granting it),
   * asked on `client`, the index run's own connection; otherwise the run must write nothing.
   */
  async check(client: pg.ClientBase): Promise<void> {
    if (!this.lost) {
      const { rows } = await client.query<{ held: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = $3
            AND classid = $1::int::oid AND objid = hashtext($2)::oid AND objsubid = 2) AS held`,
        [WRITER_LOCK_CLASS, this.schema, this.pid],
      );
      if (rows[0]!.held) return;
    }
    throw new UserFacingError(
      `This index run lost its writer lock on the database schema ${this.schema} (${this.lost ?? 'its session ended'}), so another run may be writing: it wrote nothing.`,
      'Run `npm run index` again.',
    );
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [WRITER_LOCK_CLASS, this.schema]).catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }
}
