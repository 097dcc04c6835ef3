/**
 * The PostgreSQL embedding queue by itself (TEST_DATABASE_URL): a run lives as long as its
 * writer's session. When that session ends (the writer killed, its connection terminated), the
 * writer hears of it, and workers drop the run's batches instead of taking them.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresBackend } from '../../../src/store/postgres/backend.js';
import type { EmbeddingQueue } from '../../../src/store/seam.js';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('the embedding queue', () => {
  const schema = `embedding_queue_${process.pid}`;
  const model = { id: 'm', fingerprint: 'f' };
  let backend: PostgresBackend;
  let queue: EmbeddingQueue;
  let admin: pg.Client;
  const queued = async () => Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.embedding_batches`)).rows[0]!.n);

  beforeAll(async () => {
    backend = await PostgresBackend.connect({ url: url!, schema, applicationName: `queue test ${process.pid}` });
    queue = await backend.embeddingQueue();
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    await backend.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it("gives a live run's batches to workers with its model only", async () => {
    const run = await queue.start('live', model, [['a'], ['b']]);
    try {
      expect(await queue.claim({ ...model, fingerprint: 'other' }, 'w')).toBeNull();
      expect(await queue.otherModels({ ...model, fingerprint: 'other' })).toEqual([{ run: 'live', model }]);
      const batch = (await queue.claim(model, 'w'))!;
      expect(batch.items).toEqual(['a']);
      expect(await batch.finish(Buffer.from('A'))).toBe(true);
      expect(await run.waiting()).toBe(1);
    } finally {
      await run.close();
    }
    expect(await queued()).toBe(0);
  });

  it("drops a run whose writer's session ended: the writer hears of it, no worker takes its batches, the queue is left empty", async () => {
    const run = await queue.start('dead', model, [['a'], ['b'], ['c']]);
    const held = (await queue.claim(model, 'w'))!;
    // The writer's session ends as a killed writer's would (its connection terminated).
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [`queue test ${process.pid} (index run)`]);
    expect((await run.lost).message).toMatch(/terminat/);
    expect(await queue.claim(model, 'w')).toBeNull();
    // The batch a worker held when the writer died: its result is not kept.
    expect(await held.finish(Buffer.from('A'))).toBe(false);
    expect(await queued()).toBe(0);
    await run.close();
  });
});
