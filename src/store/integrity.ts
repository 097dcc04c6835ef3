/**
 * Every file of an index generation is checksummed when written and verified before it is
 * trusted. Only plain names inside the generation folder are ever opened, and only regular files
 * (no symbolic links, FIFOs or devices) up to a size cap are read: a hand-edited manifest cannot
 * make the loader read outside the index, hang on a FIFO or stream /dev/zero.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { openRegularFile, UnreadableFileError } from '../files.js';

/**
 * A file of a generation as the manifest names it: plain names (letters, digits, `_`, `.`, `-`,
 * not starting with a dot), at most one sub-folder, `/`-separated. So no `..`, no absolute path,
 * no backslash.
 */
export const GENERATION_FILE_NAME = /^(?:[A-Za-z0-9_][\w.-]*\/)?[A-Za-z0-9_][\w.-]*$/;

/** Far above any file this product writes (100k passages of 1024 dimensions: 400 MB of vectors). */
export const MAX_INDEX_FILE_BYTES = 4 * 1024 ** 3;

export interface Damage {
  /** The damaged file's path. */
  file: string;
  /** What is wrong with it, e.g. "missing", "its content is not what was written". */
  problem: string;
}

const CHUNK = 1 << 20;

/** SHA-256 of a regular file's content (see openRegularFile). */
export async function sha256OfFile(file: string, maxBytes = MAX_INDEX_FILE_BYTES): Promise<string> {
  const { handle, size } = await openRegularFile(file, maxBytes);
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(1, size)));
    for (let at = 0; ; ) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
      if (bytesRead === 0) break;
      at += bytesRead;
      if (at > maxBytes) throw new UnreadableFileError(file, 'too large', at);
      hash.update(buffer.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}

/** Checksums of every file in a generation folder just written, by name relative to it (`/`-separated). */
export async function checksumGeneration(folder: string): Promise<Record<string, string>> {
  const names: string[] = [];
  // One sub-folder level at most, as GENERATION_FILE_NAME allows.
  for (const entry of await fs.readdir(folder, { withFileTypes: true })) {
    if (entry.isFile()) names.push(entry.name);
    if (!entry.isDirectory()) continue;
    for (const inner of await fs.readdir(path.join(folder, entry.name), { withFileTypes: true })) {
      if (inner.isFile()) names.push(`${entry.name}/${inner.name}`);
    }
  }
  const sums: Record<string, string> = {};
  for (const name of names.sort()) {
    if (!GENERATION_FILE_NAME.test(name)) throw new Error(`unexpected file name in the index: ${name}`);
    sums[name] = await sha256OfFile(path.join(folder, ...name.split('/')));
  }
  return sums;
}

/** False when `folder` exists but is not a real folder (a symbolic link, a file); a missing one is left to its files to report. */
const isPlainFolderOrMissing = (folder: string) =>
  fs.lstat(folder).then(
    (s) => s.isDirectory(),
    (error: NodeJS.ErrnoException) => error.code === 'ENOENT',
  );

/**
 * The first file of a generation that is missing, not a regular file, or changed since it was
 * written, or a `required` file the checksums do not cover; null when every file is intact.
 */
export async function findDamagedFile(folder: string, checksums: Readonly<Record<string, string>>, required: readonly string[] = []): Promise<Damage | null> {
  for (const name of required) {
    if (!(name in checksums)) return { file: path.join(folder, name), problem: 'the manifest has no checksum for it' };
  }
  if (!(await isPlainFolderOrMissing(folder))) return { file: folder, problem: 'not a folder' };
  for (const [name, expected] of Object.entries(checksums)) {
    // The manifest's schema checks names too; this guards every caller.
    if (!GENERATION_FILE_NAME.test(name)) return { file: name, problem: 'not a file name inside the index' };
    const file = path.join(folder, ...name.split('/'));
    if (name.includes('/') && !(await isPlainFolderOrMissing(path.dirname(file)))) return { file: path.dirname(file), problem: 'not a folder' };
    const actual = await sha256OfFile(file).catch((error: unknown) => error);
    if (actual === expected) continue;
    if (actual instanceof UnreadableFileError) return { file, problem: actual.problem };
    if ((actual as NodeJS.ErrnoException).code === 'ENOENT') return { file, problem: 'missing' };
    if (actual instanceof Error) return { file, problem: `cannot read it (${(actual as NodeJS.ErrnoException).code ?? actual.message})` };
    return { file, problem: 'its content is not what was written' };
  }
  return null;
}
