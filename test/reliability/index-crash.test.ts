import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runIndexer } from '../../src/app/indexer.js';
import { openResearchService } from '../../src/app/service.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

let workspace: Workspace;
afterEach(() => workspace?.cleanup());

/** Adds copies of the seeds under new names, so the next index run has real embedding work to do. */
function addArticles(w: Workspace, copies: number) {
  for (const name of fs.readdirSync(w.seedsDir).filter((n) => !n.startsWith('copy'))) {
    const text = fs.readFileSync(path.join(w.seedsDir, name), 'utf8');
    for (let i = 0; i < copies; i++) fs.writeFileSync(path.join(w.seedsDir, `copy${i}_${name}`), `${text}\nKopi ${i}.`);
  }
}

/**
 * Starts `npm run index` (its entry point) in a child process and SIGKILLs it the moment
 * `killWhen` sees the moment arrive; resolves once it is dead.
 */
function indexAndKill(w: Workspace, killWhen: (child: ReturnType<typeof spawn>, kill: () => void) => void): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'index'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...w.env },
  });
  return new Promise((resolve) => {
    child.on('exit', (_code, signal) => resolve(signal));
    killWhen(child, () => child.kill('SIGKILL'));
  });
}

const killDuringEmbedding = (child: ReturnType<typeof spawn>, kill: () => void) => {
  let seen = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    seen += chunk.toString();
    if (/Embedding passages and sentences: [1-9]\d*\//.test(seen)) kill();
  });
};

/** The new generation folder appears before any of its files: kill as soon as it does. */
const killDuringWrite = (w: Workspace) => (_child: ReturnType<typeof spawn>, kill: () => void) => {
  const before = new Set(fs.readdirSync(w.indexDir));
  const watcher = fs.watch(w.indexDir, (_event, name) => {
    if (name && name.startsWith('gen-') && !before.has(name)) {
      kill();
      watcher.close();
    }
  });
  _child.on('exit', () => watcher.close());
};

async function expectPreviousIndexAnswers(w: Workspace, articles: number) {
  const service = await openResearchService(w.config);
  expect(service.info().articles).toBe(articles);
  const answer = await service.ask('Wie viele Länder müssen das Übereinkommen ratifizieren?');
  expect(answer.answerLine).toMatch(/^mindestens 40 — /);
  await service.close();
}

describe('an index run killed midway', () => {
  for (const [moment, killer] of [
    ['during embedding', () => killDuringEmbedding],
    ['while writing the new index', (w: Workspace) => killDuringWrite(w)],
  ] as const) {
    it(`leaves the previous index loading and answering when killed ${moment}, and the next run completes`, async () => {
      workspace = makeWorkspace({ model: 'tiny' });
      await runIndexer(workspace.config);
      addArticles(workspace, 6);
      const signal = await indexAndKill(workspace, killer(workspace));
      expect(signal).toBe('SIGKILL');

      await expectPreviousIndexAnswers(workspace, 5);
      const report = await runIndexer(workspace.config);
      expect(report.added).toHaveLength(30);
      expect(report.articles).toBe(35);
      // Leftovers of the killed run are cleaned up: one generation remains.
      expect(fs.readdirSync(workspace.indexDir).filter((n) => n.startsWith('gen-'))).toHaveLength(1);
    });
  }
});
