/**
 * One index writer at a time, across processes (CLI `index`, an `ask` that builds a missing
 * index, the bot's `/reindex`), and across containers that share the index folder: an exclusive
 * lock the operating system holds on a file in the folder (`writer-lock.sqlite`, locked with
 * SQLite's own file locking through better-sqlite3: `BEGIN EXCLUSIVE`, held for the run).
 *
 * The kernel releases it when its holder's process ends, however it ends (a crash, kill -9), so
 * a dead holder never keeps it; and it needs no pid, which says nothing across PID namespaces
 * (two containers on one volume each have their pid 7). The holder writes its pid and host
 * beside it (`writer.lock`), only to name itself in a second writer's message.
 *
 * The lock file is never opened other than through SQLite: closing any descriptor of a file
 * drops the POSIX locks this process holds on it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { UserFacingError } from '../errors.js';
import { temporaryName, writeFileAtomic } from '../files.js';
import { makeIndexFolder } from './index-folder.js';
import { indexWriteError } from './write-errors.js';

/** The file the operating system's lock is held on (a SQLite database; kept between runs). */
export const WRITER_LOCK_DB = 'writer-lock.sqlite';
/** Who holds the lock: `{ pid, host, since }`, written by the holder once it has the lock. */
export const WRITER_LOCK_FILE = 'writer.lock';
const POLL_MS = 100;

/** Another process holds the writer lock. */
export class IndexBusyError extends UserFacingError {
  constructor(
    /** The holder's pid as it recorded it (in its own PID namespace), or null when it has not said. */
    readonly holderPid: number | null,
    indexDir: string,
    host?: string,
  ) {
    const who = holderPid === null ? '' : ` (pid ${holderPid}${host && host !== os.hostname() ? ` on host ${host}` : ''})`;
    super(`Another index run${who} is writing ${indexDir} (INDEX_DIR).`, 'Wait for it to finish, then try again.');
    this.name = 'IndexBusyError';
  }
}

export interface WriterLock {
  release(): Promise<void>;
}

export interface WriterLockOptions {
  /** How long to wait for the holder to finish before giving up with IndexBusyError. */
  waitMs?: number;
}

function parseHolder(text: string | null): { pid: number; host?: string } | null {
  try {
    const value = JSON.parse(text ?? '') as { pid?: unknown; host?: unknown };
    return Number.isInteger(value.pid) && (value.pid as number) > 0 ? { pid: value.pid as number, ...(typeof value.host === 'string' ? { host: value.host } : {}) } : null;
  } catch {
    return null;
  }
}

const readText = (file: string) => fs.readFile(file, 'utf8').catch(() => null);

/** SQLite says "unable to open database file": the file system's own error says why (read-only, no permission…). */
async function whyUnwritable(folder: string, error: unknown): Promise<unknown> {
  const probe = temporaryName(path.join(folder, WRITER_LOCK_DB));
  try {
    await fs.writeFile(probe, '', { flag: 'wx' });
    await fs.rm(probe, { force: true });
    return error;
  } catch (fsError) {
    return fsError;
  }
}

/** Takes the lock if it is free now; false when another connection (any process) holds it. */
function tryLock(db: Database.Database): boolean {
  try {
    db.exec('BEGIN EXCLUSIVE');
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw error;
  }
}

/**
 * Takes the index folder's writer lock, waiting up to `waitMs` for its holder to finish;
 * creates the folder if needed. Release it in a `finally`.
 */
export async function lockIndexWriter(indexDir: string, options: WriterLockOptions = {}): Promise<WriterLock> {
  const holderFile = path.join(indexDir, WRITER_LOCK_FILE);
  const lockFile = path.join(indexDir, WRITER_LOCK_DB);
  const deadline = Date.now() + (options.waitMs ?? 3000);
  let db: Database.Database;
  try {
    await makeIndexFolder(indexDir);
  } catch (error) {
    throw indexWriteError(error, indexDir, holderFile);
  }
  try {
    db = new Database(lockFile, { timeout: 0 });
  } catch (error) {
    throw indexWriteError(await whyUnwritable(indexDir, error), indexDir, lockFile);
  }
  try {
    while (!tryLock(db)) {
      if (Date.now() >= deadline) {
        const holder = parseHolder(await readText(holderFile));
        throw new IndexBusyError(holder?.pid ?? null, indexDir, holder?.host);
      }
      await delay(POLL_MS);
    }
  } catch (error) {
    db.close();
    throw error instanceof UserFacingError ? error : indexWriteError(error, indexDir, lockFile);
  }
  const own = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString(), nonce: randomBytes(4).toString('hex') });
  try {
    await writeFileAtomic(holderFile, own);
  } catch (error) {
    db.close();
    throw indexWriteError(error, indexDir, holderFile);
  }
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      try {
        // Still holding the lock: no later writer has written its own name yet.
        if ((await readText(holderFile)) === own) await fs.rm(holderFile, { force: true });
      } finally {
        db.close();
      }
    },
  };
}
