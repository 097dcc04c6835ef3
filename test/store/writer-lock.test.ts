import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexBusyError, lockIndexWriter, WRITER_LOCK_FILE } from '../../src/store/writer-lock.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'writer-lock-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const lockFile = () => path.join(dir, WRITER_LOCK_FILE);
/** The pid of a process that has run and exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('the index writer lock', () => {
  it('is held by one writer at a time: a second one waits, then names the holder', async () => {
    const first = await lockIndexWriter(dir);
    const error = await lockIndexWriter(dir, { waitMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexBusyError);
    expect((error as Error).message).toBe(`Another index run (pid ${process.pid}) is writing ${dir} (INDEX_DIR).`);
    await first.release();
    const second = await lockIndexWriter(dir, { waitMs: 0 });
    await second.release();
    expect(fs.existsSync(lockFile())).toBe(false);
  });

  it('lets the waiting writer in as soon as the holder releases', async () => {
    const first = await lockIndexWriter(dir);
    const waiting = lockIndexWriter(dir, { waitMs: 30_000 });
    await first.release();
    const second = await waiting;
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8')).pid).toBe(process.pid);
    await second.release();
  });

  it('names a live holder in another process', async () => {
    const holder = spawn('sleep', ['60']);
    try {
      fs.writeFileSync(lockFile(), JSON.stringify({ pid: holder.pid, startTicks: null }));
      await expect(lockIndexWriter(dir, { waitMs: 0 })).rejects.toThrow(`Another index run (pid ${holder.pid})`);
    } finally {
      holder.kill();
    }
  });

  it('takes over the lock of a holder that died (a crash leaves it behind)', async () => {
    fs.writeFileSync(lockFile(), JSON.stringify({ pid: deadPid(), startTicks: null }));
    const lock = await lockIndexWriter(dir, { waitMs: 0 });
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it.skipIf(!fs.existsSync('/proc/self/stat'))('takes over a lock whose pid now belongs to another process (pid reuse)', async () => {
    // Our own pid, but a start time that is not ours: the process that wrote it is gone.
    fs.writeFileSync(lockFile(), JSON.stringify({ pid: process.pid, startTicks: 1 }));
    const lock = await lockIndexWriter(dir, { waitMs: 0 });
    await lock.release();
  });

  it('never releases a lock another writer took over', async () => {
    const lock = await lockIndexWriter(dir);
    const other = JSON.stringify({ pid: deadPid(), startTicks: null });
    fs.writeFileSync(lockFile(), other);
    await lock.release();
    expect(fs.readFileSync(lockFile(), 'utf8')).toBe(other);
  });

  it('says in one line that INDEX_DIR is a file', async () => {
    const file = path.join(dir, 'index');
    fs.writeFileSync(file, '');
    await expect(lockIndexWriter(file)).rejects.toThrow(/INDEX_DIR, or a folder on its path, is a file, not a folder/);
  });
});
