/**
 * Several processes on one PostgreSQL index: a serving process sees another's index run without a
 * restart (LISTEN/NOTIFY), and keeps answering from its snapshot until the new one is loaded.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runIndexer } from '../../../src/app/indexer.js';
import { openResearchService } from '../../../src/app/service.js';
import { makeWorkspace } from '../../support/workspace.js';

const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn('PostgreSQL service tests skipped: TEST_DATABASE_URL is not set (bash .ci/postgres.sh starts a server and sets it).');

describe.skipIf(!url)('the service on PostgreSQL', () => {
  const schema = `watch_${process.pid}_${Date.now().toString(36)}`;
  const workspace = makeWorkspace();
  Object.assign(workspace.env, { DATABASE_URL: url!, DATABASE_SCHEMA: schema });
  const config = workspace.reload();

  afterAll(async () => {
    workspace.cleanup();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('serves another process’s re-index without a restart', async () => {
    const service = await openResearchService(config, { buildIfMissing: true });
    try {
      const before = service.info();
      expect(before.articles).toBe(fs.readdirSync(workspace.seedsDir).length);
      const removed = fs.readdirSync(workspace.seedsDir).sort()[0]!;
      fs.rmSync(path.join(workspace.seedsDir, removed));
      // What `npm run index` does in another process: it writes through the database only.
      const report = await runIndexer(config);
      expect(report.removed).toEqual([removed]);
      await vi.waitFor(() => expect(service.info().articles).toBe(before.articles - 1), { timeout: 20_000, interval: 50 });
      expect(service.articles().map((a) => a.articleId)).not.toContain(removed);
    } finally {
      await service.close();
    }
  });
});
