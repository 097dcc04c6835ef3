/**
 * Index workers on a real PostgreSQL (TEST_DATABASE_URL): two worker processes (the compiled
 * `index --worker`) share an index run's batches through the queue, and the index they make is
 * the one a single process makes (vectors up to the model's batching).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fanOutEmbedding } from '../../src/app/index-workers.js';
import { runIndexer } from '../../src/app/indexer.js';
import { cosine } from '../../src/embed/similarity.js';
import { openBackend } from '../../src/store/backend.js';
import type { IndexSnapshot } from '../../src/store/seam.js';
import { BUILD_TIMEOUT_MS, buildIfStale, runCli } from '../support/cli-process.js';
import { startWorker } from '../support/index-worker-process.js';
import { makeWorkspace } from '../support/workspace.js';

const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn('Index worker tests skipped: TEST_DATABASE_URL is not set (bash .ci/postgres.sh starts a server and sets it).');

async function everything(snapshot: IndexSnapshot) {
  const articles = (await snapshot.documents.articles()).map((a) => a.id);
  const passages = await (snapshot.documents as unknown as { passagesOf(ids: string[]): Promise<Array<{ id: string; text: string }>> }).passagesOf(articles);
  const ids = passages.map((p) => p.id);
  return {
    passages: passages.map((p) => [p.id, p.text]),
    vectors: [...(await snapshot.vectors!.vectorsOf(ids))].sort(([a], [b]) => (a < b ? -1 : 1)),
    sentenceVectors: [...(await snapshot.vectors!.sentenceVectorsOf(ids))].sort(([a], [b]) => (a < b ? -1 : 1)),
    search: await snapshot.keyword.search([new Map([['2019', 1]]), new Map([['council', 1]])], 10),
  };
}

describe.skipIf(!url)('index workers on PostgreSQL', () => {
  const workspace = makeWorkspace({ model: 'tiny' });
  const schemas = { single: `workers_one_${process.pid}`, fanned: `workers_two_${process.pid}` };
  const configFor = (schema: string) => {
    Object.assign(workspace.env, { DATABASE_URL: url!, DATABASE_SCHEMA: schema });
    return workspace.reload();
  };

  beforeAll(() => buildIfStale(), BUILD_TIMEOUT_MS);
  afterAll(async () => {
    workspace.cleanup();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    for (const schema of Object.values(schemas)) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('two worker processes share the batches; the index equals a single-process run', async () => {
    const single = await runIndexer(configFor(schemas.single));
    const config = configFor(schemas.fanned);
    const workers = [startWorker({ ...workspace.env }), startWorker({ ...workspace.env })];
    const fanOut = await fanOutEmbedding(config, { workers: 0, batchPassages: 4 });
    try {
      await Promise.all(workers.map((w) => w.ready));
      const report = await runIndexer(config, { embedFresh: fanOut.embed });
      expect(report.passages).toBe(single.passages);
      expect(report.mode).toBe('hybrid');
      // Both workers embedded some of the batches, and every batch was embedded once.
      expect(fanOut.lastRun.size).toBe(2);
      expect([...fanOut.lastRun.values()].reduce((a, b) => a + b, 0)).toBe(Math.ceil(report.passages / 4));
    } finally {
      for (const w of workers) w.child.kill('SIGTERM');
    }
    const one = await openBackend(configFor(schemas.single)).open();
    const two = await openBackend(configFor(schemas.fanned)).open();
    try {
      const [a, b] = [await everything(one), await everything(two)];
      expect(b.passages).toEqual(a.passages);
      expect(b.search).toEqual(a.search);
      // The same vectors, up to what the model's batching changes (q8 quantizes each batch with
      // its own scales: even in one process a text embedded with others differs by ~1e-4).
      expect(b.vectors.map(([id]) => id)).toEqual(a.vectors.map(([id]) => id));
      b.vectors.forEach(([, v], i) => expect(cosine(v, a.vectors[i]![1])).toBeGreaterThan(0.9999));
      expect(b.sentenceVectors.map(([id, vs]) => [id, vs.length])).toEqual(a.sentenceVectors.map(([id, vs]) => [id, vs.length]));
      b.sentenceVectors.forEach(([, vs], i) => vs.forEach((v, j) => expect(cosine(v, a.sentenceVectors[i]![1][j]!)).toBeGreaterThan(0.999)));
    } finally {
      await one.close();
      await two.close();
    }
  }, 240_000);
});

describe('index workers without PostgreSQL', () => {
  const workspace = makeWorkspace();
  beforeAll(() => buildIfStale(), BUILD_TIMEOUT_MS);
  afterAll(() => workspace.cleanup());

  it('says that --workers and --worker need DATABASE_URL, and refuses a --workers count out of bounds (exit 2)', () => {
    for (const args of [['--workers', '2'], ['--worker']]) {
      const { code, stderr } = runCli(['index', ...args], workspace.env);
      expect(code).toBe(1);
      expect(stderr).toMatch(/Index workers share their work through PostgreSQL: set DATABASE_URL/);
    }
    for (const count of ['0', '1e21', '65', '2.5', 'abc']) {
      const { code, stderr } = runCli(['index', '--workers', count], workspace.env);
      expect(code).toBe(2);
      expect(stderr.trim()).toBe(`index: --workers takes a whole number from 1 to 64, not "${count}". See npm run index -- --help`);
    }
  });
});
