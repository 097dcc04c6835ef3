/**
 * Issue 22, item 14: the embedded store removes only names of the exact form it writes in
 * INDEX_DIR, and refuses to write into a folder that holds other things and no index.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runIndexer } from '../../../src/app/indexer.js';
import { describeError } from '../../../src/errors.js';
import { makeWorkspace, type Workspace } from '../../support/workspace.js';

let workspace: Workspace;
afterEach(() => workspace?.cleanup());

const listing = (dir: string) => fs.readdirSync(dir).sort();

describe('the index folder', () => {
  it("keeps a user's files whose names look like the store's, and removes the store's own leftovers", async () => {
    workspace = makeWorkspace();
    await runIndexer(workspace.config);
    const dir = workspace.indexDir;
    fs.mkdirSync(path.join(dir, 'gen-quarterly-reports'));
    fs.writeFileSync(path.join(dir, 'gen-quarterly-reports', 'q3.xlsx'), 'figures');
    fs.writeFileSync(path.join(dir, 'manifest.json.backup.tmp'), '{"mine": true}');
    fs.writeFileSync(path.join(dir, 'gen-notes'), 'a file, not a folder');
    // Leftovers of the store's own: a killed run's generation and temporary manifest.
    fs.mkdirSync(path.join(dir, 'gen-mh1x2k3a-0f1e2d'));
    fs.writeFileSync(path.join(dir, 'manifest.json.4242.0badc0de.tmp'), '{"half": ');

    await runIndexer(workspace.config, { rebuild: true });

    const generation = (JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { generation: string }).generation;
    expect(listing(dir)).toEqual([generation, 'gen-notes', 'gen-quarterly-reports', 'manifest.json', 'manifest.json.backup.tmp', 'writer-lock.sqlite'].sort());
    expect(fs.readFileSync(path.join(dir, 'gen-quarterly-reports', 'q3.xlsx'), 'utf8')).toBe('figures');
  });

  it('refuses a folder that holds other files and no index, in one line naming them, and writes nothing there', async () => {
    workspace = makeWorkspace();
    const dir = workspace.indexDir;
    fs.mkdirSync(path.join(dir, 'reports'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const error = await runIndexer(workspace.config).catch((e: unknown) => e);
    expect(describeError(error)).toBe(
      `INDEX_DIR (${dir}) is not an index folder: it holds notes.txt, reports, and no manifest.json. ` +
        'Set INDEX_DIR to a new or empty folder (the index writes gen-… folders and manifest.json there), or move those files away.',
    );
    expect(listing(dir)).toEqual(['notes.txt', 'reports']);
  });

  it('builds in a new folder, an empty one, or one with only hidden files', async () => {
    workspace = makeWorkspace();
    fs.mkdirSync(workspace.indexDir);
    fs.writeFileSync(path.join(workspace.indexDir, '.gitkeep'), '');
    const report = await runIndexer(workspace.config);
    expect(report.articles).toBeGreaterThan(0);
    expect(listing(workspace.indexDir)).toContain('manifest.json');
  });
});
