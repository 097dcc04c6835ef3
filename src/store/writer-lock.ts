/**
 * One index writer at a time, across processes (CLI `index`, an `ask` that builds a missing
 * index, the bot's `/reindex`): a lock file in the index folder naming its holder's pid.
 *
 * It survives crashes: a lock whose holder is no longer running (by pid, and by the holder's
 * start time where /proc gives it, so a reused pid does not keep a dead lock alive) is taken
 * over. Why not proper-lockfile: it tells a live lock from a dead one by an mtime refreshed on a
 * timer, so it cannot name the holder, and a long synchronous stretch of indexing (splitting a
 * large corpus) lets the timer lapse and a second writer in.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { UserFacingError } from '../errors.js';
import { indexWriteError } from './write-errors.js';

export const WRITER_LOCK_FILE = 'writer.lock';
/** A lock file that cannot be parsed (a writer without link(2) died mid-write) counts as dead after this long. */
const UNREADABLE_LOCK_GRACE_MS = 10_000;
const POLL_MS = 100;

/** Another live process holds the writer lock. */
export class IndexBusyError extends UserFacingError {
  constructor(
    readonly holderPid: number,
    indexDir: string,
  ) {
    super(`Another index run (pid ${holderPid}) is writing ${indexDir} (INDEX_DIR).`, 'Wait for it to finish, then try again.');
    this.name = 'IndexBusyError';
  }
}

export interface WriterLock {
  release(): Promise<void>;
}

export interface WriterLockOptions {
  /** How long to wait for a live holder to finish before giving up with IndexBusyError. */
  waitMs?: number;
}

interface Holder {
  pid: number;
  /** The holder's start time in clock ticks since boot (Linux /proc), or null where unknown. */
  startTicks: number | null;
}

/** Field 22 of /proc/<pid>/stat; null off Linux or when the process is gone. */
async function startTicksOf(pid: number): Promise<number | null> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields?.[19]);
  return Number.isFinite(ticks) ? ticks : null;
}

async function isRunning(holder: Holder): Promise<boolean> {
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: it runs, under another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (holder.startTicks === null) return true;
  const ticks = await startTicksOf(holder.pid);
  return ticks === null || ticks === holder.startTicks;
}

function parseHolder(text: string): Holder | null {
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    return Number.isInteger(value.pid) && (value.pid as number) > 0 ? { pid: value.pid!, startTicks: typeof value.startTicks === 'number' ? value.startTicks : null } : null;
  } catch {
    return null;
  }
}

/** Creates `file` with `content` only if it does not exist; never leaves it empty or half-written. */
async function createExclusive(file: string, content: string): Promise<boolean> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fs.writeFile(temp, content, { flag: 'wx' });
  try {
    await fs.link(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    // A file system without hard links: O_EXCL create (a crash mid-write leaves an unreadable lock, see the grace).
    return fs.writeFile(file, content, { flag: 'wx' }).then(
      () => true,
      (e: NodeJS.ErrnoException) => (e.code === 'EEXIST' ? false : Promise.reject(e)),
    );
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** The lock's content, or null when it is gone. */
const readLock = (file: string) => fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)));

async function isDead(file: string, text: string): Promise<boolean> {
  const holder = parseHolder(text);
  if (holder) return !(await isRunning(holder));
  const age = await fs.stat(file).then((s) => Date.now() - s.mtimeMs, () => 0);
  return age > UNREADABLE_LOCK_GRACE_MS;
}

/**
 * Removes the dead lock `seen`, unless it changed meanwhile. Take-overs are serialised by a
 * second exclusive file, so two processes that both found the same dead lock cannot both remove
 * it (the second would remove the first one's fresh lock).
 */
async function takeOver(file: string, seen: string, own: string): Promise<void> {
  const guard = `${file}.takeover`;
  if (!(await createExclusive(guard, own))) {
    const text = await readLock(guard);
    if (text !== null && (await isDead(guard, text))) await fs.rm(guard, { force: true });
    return;
  }
  try {
    if ((await readLock(file)) === seen) await fs.rm(file, { force: true });
  } finally {
    await fs.rm(guard, { force: true });
  }
}

/**
 * Takes the index folder's writer lock, waiting up to `waitMs` for a live holder to finish;
 * creates the folder if needed. Release it in a `finally`.
 */
export async function lockIndexWriter(indexDir: string, options: WriterLockOptions = {}): Promise<WriterLock> {
  const file = path.join(indexDir, WRITER_LOCK_FILE);
  const own = JSON.stringify({ pid: process.pid, startTicks: await startTicksOf(process.pid), since: new Date().toISOString() });
  const deadline = Date.now() + (options.waitMs ?? 3000);
  try {
    await fs.mkdir(indexDir, { recursive: true });
    for (;;) {
      if (await createExclusive(file, own)) break;
      const seen = await readLock(file);
      if (seen === null) continue;
      if (await isDead(file, seen)) {
        await takeOver(file, seen, own);
        continue;
      }
      if (Date.now() >= deadline) throw new IndexBusyError(parseHolder(seen)?.pid ?? 0, indexDir);
      await delay(POLL_MS);
    }
  } catch (error) {
    throw indexWriteError(error, indexDir, file);
  }
  return {
    release: async () => {
      // Only our own lock: never one a later writer took over.
      if ((await readLock(file).catch(() => null)) === own) await fs.rm(file, { force: true });
    },
  };
}

