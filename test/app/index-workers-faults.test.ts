/**
 * Issue 22, item 7: an index writer killed (kill -9) or stopped (SIGTERM) mid-run, as the CLI
 * runs it with `--workers 2`, takes its workers with it and leaves no batch queued (PostgreSQL
 * of TEST_DATABASE_URL).
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { hasEnded, parentOf, startCli, until, workerSuite } from '../support/index-worker-process.js';

const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn('Index worker fault tests skipped: TEST_DATABASE_URL is not set (bash .ci/postgres.sh starts a server and sets it).');

describe.skipIf(!url)('index workers when things go wrong', () => {
  const { envOn, admin, queued } = workerSuite(url!);

  /** The client pids of the product's connections (`newsdesk … pid <pid>…`), those waiting for a lock only when `waiting`, with their names. */
  const connections = async (waiting = false) =>
    (await admin.query<{ name: string }>(`SELECT application_name AS name FROM pg_stat_activity WHERE application_name LIKE 'newsdesk %' ${waiting ? "AND wait_event_type = 'Lock'" : ''}`)).rows.map((r) => ({
      name: r.name,
      pid: Number(/ pid (\d+)(?: |$)/.exec(r.name)?.[1]),
    }));

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`a writer ended by ${signal} mid-run takes its workers with it and leaves no batch queued`, async () => {
      const env = envOn(signal.toLowerCase());
      const schema = env.DATABASE_SCHEMA;
      const writer = startCli(['index', '--rebuild', '--workers', '2'], env);
      const writerPid = writer.child.pid!;
      // Once the run is queued, the queue is held (an exclusive table lock) so that no batch is
      // done before the writer ends: its workers wait for the queue, and so the run is mid-way.
      await writer.saw(/Embedding passages and sentences: 0\//);
      const locker = new pg.Client({ connectionString: url });
      await locker.connect();
      let workers: number[];
      try {
        await locker.query('BEGIN');
        await locker.query(`LOCK TABLE ${schema}.embedding_batches IN EXCLUSIVE MODE`);
        workers = await until("both of the writer's workers at the queue", async () => {
          const waiting = await connections(true);
          const pids = [...new Set(waiting.filter((c) => c.name.startsWith('newsdesk index worker ') && parentOf(c.pid) === writerPid).map((c) => c.pid))];
          return pids.length === 2 && pids;
        });
        writer.child.kill(signal);
        if (signal === 'SIGKILL') {
          await writer.exited;
          await until("the killed writer's connections to end", async () => !(await connections()).some((c) => c.pid === writerPid));
        } else {
          await until('the writer to drop its run (it waits for the queue)', async () => (await connections(true)).some((c) => c.pid === writerPid));
        }
      } finally {
        await locker.query('COMMIT');
        await locker.end();
      }
      const ended = await writer.exited;
      if (signal === 'SIGTERM') {
        expect(writer.output()).toMatch(/^Index run stopped by SIGTERM: its workers are stopped and its queued batches dropped; the index is unchanged\.$/m);
        expect(ended).toBe(143);
      }
      await until('the workers to stop', async () => workers.every(hasEnded), 30_000);
      await until('the queue to be empty', async () => (await queued(schema)) === 0, 30_000);
    }, 120_000);
  }
});
