/**
 * Issue 9, items 3 and 4: every file of an index is verified before it is trusted, and only
 * regular files inside the generation folder are ever opened, whatever the manifest names.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runIndexer } from '../../src/app/indexer.js';
import { describeError } from '../../src/errors.js';
import { EmbeddedBackend } from '../../src/store/embedded/backend.js';
import { MAX_INDEX_FILE_BYTES } from '../../src/store/integrity.js';
import { BUILD_TIMEOUT_MS, buildIfStale, runCli, type CliRun } from '../support/cli-process.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

beforeAll(buildIfStale, BUILD_TIMEOUT_MS);

let workspace: Workspace;
afterEach(() => workspace?.cleanup());

/** `npm run ask` in a child process; a hang ends at the timeout (code null). */
const ask = (w: Workspace) => runCli(['ask', 'Wie viele Länder müssen das Übereinkommen ratifizieren?'], w.env);

const manifestFile = (w: Workspace) => path.join(w.indexDir, 'manifest.json');
const readManifest = (w: Workspace) => JSON.parse(fs.readFileSync(manifestFile(w), 'utf8'));
const generationFile = (w: Workspace, name: string) => path.join(w.indexDir, readManifest(w).generation, name);

function expectDamaged(result: CliRun, file: RegExp, problem: RegExp) {
  expect(result.code).toBe(1);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expectDamagedLine(lines[0]!.replace(/^Error: /, ''), file, problem);
}

function expectDamagedLine(line: string, file: RegExp, problem: RegExp) {
  expect(line).toMatch(/^The index file /);
  expect(line).toMatch(file);
  expect(line).toMatch(problem);
  expect(line).toMatch(/Run `npm run index` to rebuild it\.$/);
}

/** What loading the index says (in this process: the CLI prints the same line, as the first test shows). */
const loadError = async (w: Workspace) =>
  describeError(
    await new EmbeddedBackend(w.indexDir).open().then(
      (snapshot) => snapshot.close().then(() => null),
      (error: unknown) => error,
    ),
  );

/** How many passages the index holds, read through the store. */
async function storedPassages(w: Workspace): Promise<number> {
  const snapshot = await new EmbeddedBackend(w.indexDir).open();
  const { documents } = await snapshot.keyword.stats();
  await snapshot.close();
  return documents;
}

describe('the vectors file of a hybrid index', () => {
  it('is detected when deleted: ask says the index is damaged, and npm run index rebuilds it', async () => {
    workspace = makeWorkspace({ model: 'tiny' });
    await runIndexer(workspace.config);
    fs.rmSync(generationFile(workspace, 'vectors/index.pb'));
    expectDamaged(ask(workspace), /vectors\/index\.pb is damaged/, /\(missing\)/);

    const repaired = await runIndexer(workspace.config);
    expect(repaired.added).toHaveLength(5);
    const answered = ask(workspace);
    expect(answered.code).toBe(0);
    expect(answered.stdout).toMatch(/^mindestens 40 — /);
  }, 120_000);

  it('is detected when overwritten with zeros of the same size, and npm run index rebuilds it', async () => {
    workspace = makeWorkspace({ model: 'tiny' });
    await runIndexer(workspace.config);
    const vectors = generationFile(workspace, 'vectors/index.pb');
    fs.writeFileSync(vectors, Buffer.alloc(fs.statSync(vectors).size));
    expectDamagedLine(await loadError(workspace), /vectors\/index\.pb is damaged/, /its content is not what was written/);
    expect((await runIndexer(workspace.config)).added).toHaveLength(5);
    expect(await storedPassages(workspace)).toBeGreaterThan(0);
  }, 120_000);

  it('is covered by the checksums of every manifest (an index written without them is rebuilt)', async () => {
    workspace = makeWorkspace({ model: 'tiny' });
    await runIndexer(workspace.config);
    const manifest = readManifest(workspace);
    expect(Object.keys(manifest.files).sort()).toEqual(['keyword.sqlite', 'vectors/index.pb', 'vectors/int8-rows.bin']);
    delete manifest.files['vectors/index.pb'];
    fs.writeFileSync(manifestFile(workspace), JSON.stringify(manifest));
    expectDamagedLine(await loadError(workspace), /vectors\/index\.pb is damaged/, /the manifest has no checksum for it/);
    expect((await runIndexer(workspace.config)).added).toHaveLength(5);
  }, 120_000);
});

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('files the manifest names', () => {
  for (const name of ['../../../../etc/passwd', '/etc/passwd', 'vectors/../../../etc/passwd', '..\\..\\etc\\passwd', '.hidden']) {
    it(`are never opened outside the generation folder: ${JSON.stringify(name)} makes the manifest damaged`, async () => {
      workspace = makeWorkspace();
      await runIndexer(workspace.config);
      const manifest = readManifest(workspace);
      manifest.files[name] = sha256('/etc/passwd'); // the right hash: only the name can give it away
      fs.writeFileSync(manifestFile(workspace), JSON.stringify(manifest));
      expectDamagedLine(await loadError(workspace), /manifest\.json is damaged/, /\(unexpected content\)/);
    });
  }

  it('must be regular files: a symbolic link with the right content is refused', async () => {
    workspace = makeWorkspace();
    await runIndexer(workspace.config);
    const keywords = generationFile(workspace, 'keyword.sqlite');
    const elsewhere = path.join(workspace.dir, 'keyword-copy.sqlite');
    fs.renameSync(keywords, elsewhere);
    fs.symlinkSync(elsewhere, keywords);
    expectDamagedLine(await loadError(workspace), /keyword\.sqlite is damaged/, /it is a symbolic link/);
  });

  it('lie in real folders: a vectors folder that is a symbolic link (to an identical copy) is refused', async () => {
    workspace = makeWorkspace({ model: 'tiny' });
    await runIndexer(workspace.config);
    const vectors = generationFile(workspace, 'vectors');
    const elsewhere = path.join(workspace.dir, 'vectors-copy');
    fs.renameSync(vectors, elsewhere);
    fs.symlinkSync(elsewhere, vectors);
    expectDamagedLine(await loadError(workspace), /index file \S+\/vectors is damaged/, /\(not a folder\)/);
  }, 60_000);

  it('must be regular files: a FIFO in place of a file gives the one line instead of hanging', async () => {
    workspace = makeWorkspace();
    await runIndexer(workspace.config);
    const keywords = generationFile(workspace, 'keyword.sqlite');
    fs.rmSync(keywords);
    execFileSync('mkfifo', [keywords]);
    expectDamaged(ask(workspace), /keyword\.sqlite is damaged/, /it is not a regular file/);
    // And the indexer rebuilds it rather than hanging too.
    expect((await runIndexer(workspace.config)).added).toHaveLength(5);
  }, 120_000);

  it('are read up to a size cap: a file larger than any index writes is refused before it is read', async () => {
    workspace = makeWorkspace();
    await runIndexer(workspace.config);
    // Sparse: no disk used, and it would take seconds to read.
    fs.truncateSync(generationFile(workspace, 'keyword.sqlite'), MAX_INDEX_FILE_BYTES + 1);
    expectDamagedLine(await loadError(workspace), /keyword\.sqlite is damaged/, /it is too large/);
  });
});
