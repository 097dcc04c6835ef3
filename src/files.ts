/** File helpers every layer uses: atomic writes, bounded reads of regular files only, JSON, folders made one at a time. */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** A temporary file beside `file`, unique to this process and call: `<file>.<pid>.<8 hex>.tmp`. */
export const temporaryName = (file: string) => `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;

/** Whether `name` is exactly what `temporaryName` makes of a file named `base` (nothing else is ever removed as one). */
export const isTemporaryName = (name: string, base: string) =>
  name.startsWith(`${base}.`) && /^\d+\.[0-9a-f]{8}\.tmp$/.test(name.slice(base.length + 1));

/**
 * Writes a file so that a reader sees either the old content or the new, never a part:
 * write a temporary file, flush it to disk, then rename it over the target. A failed write
 * removes its temporary file.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  const temp = temporaryName(file);
  try {
    const handle = await fs.open(temp, 'w');
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** Flushes a folder's entries (new files, renames) to disk. */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await fs.open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Why a file was not read: it is not a plain file of its own, or it is too large. */
export class UnreadableFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: 'symbolic link' | 'not a regular file' | 'too large',
    readonly size?: number,
  ) {
    super(`${file}: ${describeUnreadable(reason, size)}`);
    this.name = 'UnreadableFileError';
  }

  /** "it is a symbolic link", "it is not a regular file", "it is too large (N bytes)". */
  get problem(): string {
    return describeUnreadable(this.reason, this.size);
  }
}

function describeUnreadable(reason: UnreadableFileError['reason'], size?: number): string {
  if (reason === 'symbolic link') return 'it is a symbolic link';
  if (reason === 'not a regular file') return 'it is not a regular file (a FIFO, socket, device or folder)';
  return `it is too large (${size} bytes)`;
}

// O_NOFOLLOW: a symbolic link fails to open (ELOOP) instead of being followed. O_NONBLOCK: a FIFO
// opens at once instead of waiting for a writer (on a regular file it changes nothing).
const SAFE_OPEN = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * Opens `file` for reading only if it is a regular file (not a symbolic link, FIFO, socket or
 * device) of at most `maxBytes`; else throws UnreadableFileError. Other errors (ENOENT, EMFILE…)
 * pass through.
 */
export async function openRegularFile(file: string, maxBytes: number): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await fs.open(file, SAFE_OPEN);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new UnreadableFileError(file, 'symbolic link');
    if (code === 'ENXIO' || code === 'EOPNOTSUPP') throw new UnreadableFileError(file, 'not a regular file'); // a socket
    throw error;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new UnreadableFileError(file, 'not a regular file');
    if (stat.size > maxBytes) throw new UnreadableFileError(file, 'too large', stat.size);
    return { handle, size: stat.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The content of a regular file of at most `maxBytes` (see openRegularFile). */
export async function readRegularFile(file: string, maxBytes: number): Promise<Buffer> {
  const { handle, size } = await openRegularFile(file, maxBytes);
  try {
    const buffer = Buffer.alloc(size);
    let at = 0;
    // Up to the size it had when opened: a file that grows meanwhile is not read past it.
    while (at < size) {
      const { bytesRead } = await handle.read(buffer, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return at === size ? buffer : buffer.subarray(0, at);
  } finally {
    await handle.close();
  }
}

/** V8's longest string is about 512 MiB: no JSON file of the index can be larger. */
export const MAX_JSON_BYTES = 512 * 1024 * 1024;

export async function readJson(file: string): Promise<unknown> {
  return JSON.parse((await readRegularFile(file, MAX_JSON_BYTES)).toString('utf8'));
}

export const exists = (file: string) =>
  fs.access(file).then(
    () => true,
    () => false,
  );

/**
 * Creates `folder` and any missing folder above it, one at a time (Node's recursive mkdir never
 * returns where mkdir fails with ENOENT under an existing folder, e.g. /proc/x). A failure throws
 * the failing mkdir's own error, whose `path` names the folder.
 */
export async function makeFolder(folder: string): Promise<void> {
  const missing: string[] = [];
  for (let at = path.resolve(folder); path.dirname(at) !== at; at = path.dirname(at)) {
    const stat = await fs.stat(at).catch(() => null);
    if (stat) break;
    missing.unshift(at);
  }
  for (const at of missing) {
    await fs.mkdir(at).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST' || !(await fs.stat(at)).isDirectory()) throw error;
    });
  }
}
