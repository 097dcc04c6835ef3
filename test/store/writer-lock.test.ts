import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexBusyError, lockIndexWriter, WRITER_LOCK_FILE } from '../../src/store/writer-lock.js';

let dir: string;
const holders: ChildProcess[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'writer-lock-'));
});
afterEach(() => {
  for (const holder of holders.splice(0)) holder.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

const lockFile = () => path.join(dir, WRITER_LOCK_FILE);
/** The pid of a process that has run and exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

/** Another process that takes the lock and holds it until killed; resolves once it holds it. */
async function lockInAnotherProcess(): Promise<ChildProcess> {
  const module = path.resolve(__dirname, '../../src/store/writer-lock.ts');
  const code = `const { lockIndexWriter } = await import(${JSON.stringify(module)}); await lockIndexWriter(${JSON.stringify(dir)}); console.log('held'); setInterval(() => {}, 60_000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  holders.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
    child.on('exit', (code) => reject(new Error(`the lock holder exited (${code}) before it held the lock`)));
  });
  return child;
}

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

  it('names a holder in another process', async () => {
    const holder = await lockInAnotherProcess();
    await expect(lockIndexWriter(dir, { waitMs: 0 })).rejects.toThrow(`Another index run (pid ${holder.pid}) is writing ${dir} (INDEX_DIR).`);
  });

  it('is free as soon as its holder dies (kill -9 leaves nothing to take over)', async () => {
    const holder = await lockInAnotherProcess();
    await expect(lockIndexWriter(dir, { waitMs: 0 })).rejects.toThrow(IndexBusyError);
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    const lock = await lockIndexWriter(dir, { waitMs: 0 });
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('holds across PID namespaces: a holder whose recorded pid means nothing here still keeps a second writer out', async () => {
    // As a writer in another container sharing the folder looks from here: its pid is not a live process of ours.
    await lockInAnotherProcess();
    const elsewhere = deadPid();
    fs.writeFileSync(lockFile(), JSON.stringify({ pid: elsewhere, host: 'container-b' }));
    const error = await lockIndexWriter(dir, { waitMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexBusyError);
    expect((error as Error).message).toBe(`Another index run (pid ${elsewhere} on host container-b) is writing ${dir} (INDEX_DIR).`);
  });

  it('releases without removing a holder record that is not its own', async () => {
    const lock = await lockIndexWriter(dir);
    const other = JSON.stringify({ pid: deadPid() });
    fs.writeFileSync(lockFile(), other);
    await lock.release();
    expect(fs.readFileSync(lockFile(), 'utf8')).toBe(other);
    // …and the lock itself is free.
    await (await lockIndexWriter(dir, { waitMs: 0 })).release();
  });

  it('says in one line that INDEX_DIR is a file', async () => {
    const file = path.join(dir, 'index');
    fs.writeFileSync(file, '');
    await expect(lockIndexWriter(file)).rejects.toThrow(`INDEX_DIR ${file} is a file, not a folder.`);
    await expect(lockIndexWriter(path.join(file, 'below'))).rejects.toThrow(`INDEX_DIR ${path.join(file, 'below')} cannot be a folder: ${file} on its path is a file, not a folder.`);
  });
});
