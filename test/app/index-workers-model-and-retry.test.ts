/**
 * Issue 22, items 8 and 9: a worker with another model under the same MODEL_ID takes no batch;
 * a worker whose connections are terminated tries again and the run completes (PostgreSQL of
 * TEST_DATABASE_URL).
 */
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { fanOutEmbedding } from '../../src/app/index-workers.js';
import { runIndexer } from '../../src/app/indexer.js';
import { loadConfig } from '../../src/config.js';
import { generateTinyModel } from '../../src/tools/onnx/index.js';
import { startWorker, until, workerSuite } from '../support/index-worker-process.js';

const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn('Index worker tests skipped: TEST_DATABASE_URL is not set (bash .ci/postgres.sh starts a server and sets it).');

describe.skipIf(!url)('index workers: the model and the connection', () => {
  const { workspace, envOn, admin } = workerSuite(url!);

  it('a worker with another model under the same MODEL_ID takes no batch, and says why', async () => {
    const env = envOn('model');
    const config = loadConfig(env);
    const other = generateTinyModel(path.join(workspace.dir, 'models', 'other', 'tiny-bert'), { seed: 4242 });
    const wrong = startWorker({ ...env, MODEL_DIR: other.dir });
    const workers = [wrong];
    try {
      await wrong.ready;
      const fanOut = await fanOutEmbedding(config, { workers: 0, batchPassages: 8 });
      const run = runIndexer(config, { embedFresh: fanOut.embed });
      // A worker that took the batches would end the run: whichever comes first.
      await Promise.race([wrong.saw(/not taking the batches of index run \S+: they are for another model/), run]);
      const right = startWorker(env);
      workers.push(right);
      const report = await run;
      expect(report.mode).toBe('hybrid');
      expect([...fanOut.lastRun.keys()]).toEqual([right.name]);
    } finally {
      for (const w of workers) w.child.kill('SIGTERM');
    }
  }, 120_000);

  it('a worker whose connections are terminated tries again, in one line each, and the run completes', async () => {
    const env = envOn('drop');
    const config = loadConfig(env);
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    let locked: Promise<unknown> = Promise.resolve();
    let worker: ReturnType<typeof startWorker> | undefined;
    // Once the run is queued, the queue is held (an exclusive table lock, taken long before the
    // worker has loaded its model): the worker waits for it on its connection.
    const startHeld = () => {
      locked = locker.query('BEGIN').then(() => locker.query(`LOCK TABLE ${env.DATABASE_SCHEMA}.embedding_batches IN EXCLUSIVE MODE`));
      return (worker = startWorker(env)).child;
    };
    const fanOut = await fanOutEmbedding(config, { workers: 1, batchPassages: 8, startWorker: startHeld });
    let run: ReturnType<typeof runIndexer> | undefined;
    try {
      run = runIndexer(config, { embedFresh: fanOut.embed });
      await until('the worker to wait for the queue', async () => {
        const { rows } = await admin.query(`SELECT pid FROM pg_stat_activity WHERE application_name LIKE $1 AND wait_event_type = 'Lock'`, [`newsdesk index worker % pid ${worker?.child.pid}`]);
        return rows.length > 0;
      });
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE $1`, [`newsdesk index worker % pid ${worker!.child.pid}%`]);
      await worker!.saw(/the database failed \(.*\); trying again \(1 of 4\)\./);
    } finally {
      await locked;
      await locker.query('COMMIT');
      await locker.end();
    }
    const report = await run;
    expect(report.mode).toBe('hybrid');
    expect([...fanOut.lastRun.keys()]).toEqual([worker!.name]);
    expect(worker!.output()).not.toMatch(/^\s+at /m);
  }, 120_000);
});
