/**
 * Issue 9, item 1: two index runs at once must never destroy the index. Real processes, each
 * the CLI's `index --rebuild`, over a corpus with one large article so that their writes overlap.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIndexer } from '../../src/app/indexer.js';
import { openResearchService } from '../../src/app/service.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { BUILD_TIMEOUT_MS, buildIfStale, LAUNCHER } from '../support/cli-process.js';
import { ServiceUnavailableError, unavailableService } from '../../src/discord/bot-service.js';
import { IndexBusyError, lockIndexWriter } from '../../src/store/writer-lock.js';
import { EmbeddedBackend } from '../../src/store/embedded/backend.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

let workspace: Workspace;
beforeAll(() => {
  buildIfStale();
  workspace = makeWorkspace();
  // About 2.5 MB of news paragraphs in one article (the limits raised to let it in).
  const paragraphs = fs
    .readdirSync(workspace.seedsDir)
    .flatMap((name) => fs.readFileSync(path.join(workspace.seedsDir, name), 'utf8').split('\n\n'))
    .filter((p) => p.length > 80);
  const big: string[] = [];
  for (let i = 0, size = 0; size < 2_500_000; i++) {
    const paragraph = `${paragraphs[i % paragraphs.length]} (${i})`;
    big.push(paragraph);
    size += paragraph.length + 2;
  }
  fs.writeFileSync(path.join(workspace.seedsDir, 'big.txt'), big.join('\n\n'));
  Object.assign(workspace.env, { MAX_ARTICLE_BYTES: '10000000', MAX_ARTICLE_PASSAGES: '100000' });
  workspace.reload();
}, BUILD_TIMEOUT_MS);
afterAll(() => workspace?.cleanup());

function indexRebuild(w: Workspace): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [LAUNCHER, 'index', '--rebuild'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...w.env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

/** What a run printed on stderr, without the progress lines. */
const errorLines = (stderr: string) =>
  stderr
    .split(/[\r\n]+/)
    .filter((line) => line.trim() && !/^(Writing the index|Indexing|Embedding)/.test(line.trim()));

describe('two index runs at once', () => {
  it('leave a loadable index every time; each run succeeds or says in one line which process holds the index', async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 8; round++) {
      const runs = await Promise.all([indexRebuild(workspace), indexRebuild(workspace)]);
      for (const run of runs) {
        if (run.code === 0) {
          outcomes.push('ok');
          continue;
        }
        expect(run.code).toBe(1);
        expect(errorLines(run.stderr)).toEqual([expect.stringMatching(/^Error: Another index run \(pid \d+\) is writing .* \(INDEX_DIR\)\. Wait for it to finish, then try again\.$/)]);
        outcomes.push('busy');
      }
      const stored = await new EmbeddedBackend(workspace.indexDir).open();
      expect(await stored.documents.articles()).toHaveLength(6);
      await stored.close();
      // Nothing left behind: one generation, no holder record, no temporary file (the lock's file stays, unheld).
      expect(fs.readdirSync(workspace.indexDir).sort()).toEqual([stored.manifest.generation, 'manifest.json', 'writer-lock.sqlite']);
    }
    expect(outcomes).toContain('ok');
  }, 600_000);
});

describe('every way of writing the index takes the same lock', () => {
  it('an ask that builds a missing index, a reindex of the running service and the bot\'s /reindex repair all wait for it, then name the holder', async () => {
    const missing = makeWorkspace();
    const present = makeWorkspace();
    try {
      await runIndexer(present.config);
      const service = await openResearchService(present.config);
      const locks = [await lockIndexWriter(missing.indexDir), await lockIndexWriter(present.indexDir)];
      try {
        const repair = unavailableService(new ServiceUnavailableError('The index is unavailable.'), present.config);
        const outcomes = await Promise.allSettled([
          openResearchService(missing.config, { buildIfMissing: true }),
          service.reindex(),
          repair.reindex(),
        ]);
        for (const outcome of outcomes) {
          expect(outcome.status).toBe('rejected');
          expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(IndexBusyError);
          expect(((outcome as PromiseRejectedResult).reason as IndexBusyError).holderPid).toBe(process.pid);
        }
      } finally {
        for (const lock of locks) await lock.release();
        await service.close();
      }
    } finally {
      missing.cleanup();
      present.cleanup();
    }
  }, 60_000);
});
