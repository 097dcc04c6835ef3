/**
 * Issue 9, item 12 (disk): a full or read-only disk, or an INDEX_DIR that is a file, gives one
 * line naming the path and the setting and saying what to do; a failed write leaves nothing
 * behind (no .tmp, no half-written generation, no lock) and the previous index in use. The full
 * and read-only disks are real: a small tmpfs mounted in a private mount namespace.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runIndexer } from '../../src/app/indexer.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { describeError } from '../../src/errors.js';
import { BUILD_TIMEOUT_MS, buildIfStale, LAUNCHER } from '../support/cli-process.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

beforeAll(buildIfStale, BUILD_TIMEOUT_MS);

let workspace: Workspace;
afterEach(() => workspace?.cleanup());

/** Can this process mount a tmpfs in a mount namespace of its own (root, or CAP_SYS_ADMIN)? */
const canMount = spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=4k tmpfs /mnt']).status === 0;
const why = canMount ? '' : ' (skipped: cannot mount a tmpfs here; needs root or CAP_SYS_ADMIN and unshare)';

/**
 * Mounts a tmpfs of `kilobytes` on the index folder, runs `prepare` (shell), then `npm run index`,
 * and lists what is left in the index folder, all inside a private mount namespace.
 */
function indexOnTmpfs(w: Workspace, kilobytes: number, prepare = 'true') {
  const script = `mount -t tmpfs -o size=${kilobytes}k tmpfs "$INDEX_DIR" && ${prepare} || exit 99
"$0" "$1" index
echo "exit $?"
ls -A "$INDEX_DIR"`;
  fs.mkdirSync(w.indexDir, { recursive: true });
  return spawnSync('unshare', ['-m', 'bash', '-c', script, process.execPath, LAUNCHER], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...w.env },
    encoding: 'utf8',
  });
}

describe('writing the index', () => {
  it.skipIf(!canMount)(`on a full disk says so in one line naming the file and INDEX_DIR, and leaves nothing behind${why}`, () => {
    workspace = makeWorkspace();
    const result = indexOnTmpfs(workspace, 32);
    const stderr = result.stderr.split('\n').filter((l) => l && !l.startsWith('Writing the index'));
    expect(stderr).toEqual([
      expect.stringMatching(
        new RegExp(`^Error: No space left on the disk to write ${workspace.indexDir}/gen-[\\w-]+/\\S+ \\(INDEX_DIR is ${workspace.indexDir}\\)\\. Free some space, or set INDEX_DIR to a folder elsewhere\\.$`),
      ),
    ]);
    // Exit 1, and nothing left but the (empty, unheld) lock file: no temporary file, no generation.
    expect(result.stdout).toBe('exit 1\nwriter-lock.sqlite\n');
  }, 60_000);

  it.skipIf(!canMount)(`on a read-only file system says so in one line with the setting to change${why}`, () => {
    workspace = makeWorkspace();
    const result = indexOnTmpfs(workspace, 1024, 'mount -o remount,ro "$INDEX_DIR"');
    expect(result.stderr.trim()).toMatch(
      new RegExp(`^Error: Cannot write ${workspace.indexDir}/\\S+ \\(INDEX_DIR is ${workspace.indexDir}\\): the file system is read-only\\. Set INDEX_DIR to a writable folder\\.$`),
    );
    expect(result.stdout).toBe('exit 1\n');
  }, 60_000);

  it('into an INDEX_DIR that is a file says so in one line', async () => {
    workspace = makeWorkspace();
    fs.writeFileSync(workspace.indexDir, 'not a folder');
    const line = describeError(await runIndexer(workspace.config).catch((error: unknown) => error));
    expect(line).toBe(`INDEX_DIR ${workspace.indexDir} is a file, not a folder. Set INDEX_DIR to a folder on a disk (it is created if missing).`);
  });

  it('after a writer was killed while switching the manifest, the next run removes its temporary copy', async () => {
    workspace = makeWorkspace();
    await runIndexer(workspace.config);
    const leftover = path.join(workspace.indexDir, 'manifest.json.4242.0badc0de.tmp');
    fs.writeFileSync(leftover, '{"half": ');
    await runIndexer(workspace.config, { rebuild: true });
    expect(fs.readdirSync(workspace.indexDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
