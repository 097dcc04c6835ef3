import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runIndexer } from '../../src/app/indexer.js';
import { BUILD_TIMEOUT_MS, buildIfStale, runCli } from '../support/cli-process.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

let workspace: Workspace;
afterEach(() => workspace?.cleanup());

beforeAll(buildIfStale, BUILD_TIMEOUT_MS);

const ask = (w: Workspace) => runCli(['ask', 'Hvor mange land signerte?'], w.env);

function generationFile(w: Workspace, name: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(w.indexDir, 'manifest.json'), 'utf8'));
  return path.join(w.indexDir, manifest.generation, name);
}

type Damage = [string, (w: Workspace) => void, RegExp];
const DAMAGES: Damage[] = [
  ['an empty manifest', (w) => fs.writeFileSync(path.join(w.indexDir, 'manifest.json'), ''), /manifest\.json is damaged/],
  ['a truncated manifest', (w) => fs.truncateSync(path.join(w.indexDir, 'manifest.json'), 40), /manifest\.json is damaged/],
  ['a manifest of the wrong shape', (w) => fs.writeFileSync(path.join(w.indexDir, 'manifest.json'), '{"format": 1}'), /manifest\.json is damaged \(unexpected content\)/],
  ['a truncated keyword index', (w) => fs.truncateSync(generationFile(w, 'keyword.sqlite'), 100), /keyword\.sqlite is damaged/],
  ['a hand-edited keyword index', (w) => fs.writeFileSync(generationFile(w, 'keyword.sqlite'), '[{"id": 1}]'), /keyword\.sqlite is damaged/],
  ['a missing keyword index', (w) => fs.rmSync(generationFile(w, 'keyword.sqlite')), /keyword\.sqlite is damaged \(missing\)/],
];

describe('a damaged index', () => {
  for (const [what, damage, message] of DAMAGES) {
    it(`gives one clear line with the fix for ${what}`, async () => {
      workspace = makeWorkspace();
      await runIndexer(workspace.config);
      damage(workspace);
      const result = ask(workspace);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/Run `npm run index` to rebuild it\.$/m);
      // And the fix works.
      const rebuilt = await runIndexer(workspace.config);
      expect(rebuilt.articles).toBe(5);
      expect(ask(workspace).code).toBe(0);
    });
  }

  it('a damaged vector file of a hybrid index names the file', async () => {
    workspace = makeWorkspace({ model: 'tiny' });
    await runIndexer(workspace.config);
    fs.writeFileSync(generationFile(workspace, path.join('vectors', 'index.pb')), '{"items": [');
    const result = ask(workspace);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: The index file .*vectors\/index\.pb is damaged .*Run `npm run index`/);
  });
});
