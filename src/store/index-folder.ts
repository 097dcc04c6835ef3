/**
 * INDEX_DIR, checked before the embedded store reads or writes it: a path that is not a folder (a
 * file, a device), a folder on a file system that holds no files of ours (/proc, /sys), or a folder
 * that cannot be made is refused at once, with its reason. Folders are made one at a time: Node's
 * recursive mkdir never returns where mkdir fails with ENOENT under an existing folder (/proc/idx).
 */
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { SettingError } from '../errors.js';
import { makeFolder } from '../files.js';
import { indexWriteError } from './write-errors.js';

/** INDEX_DIR cannot hold an index: the message names the path and why. */
export class IndexFolderError extends SettingError {}

const FIX = 'Set INDEX_DIR to a folder on a disk (it is created if missing).';

/** Kernel file systems (statfs f_type) that hold no files of ours. */
const SPECIAL_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
]);

function kindOf(stat: Stats): string {
  if (stat.isFile()) return 'a file';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  return 'not a folder';
}

const statOf = (file: string) => fs.stat(file).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' || error.code === 'ENOTDIR' ? null : Promise.reject(error)));

/** The nearest folder on `indexDir`'s path that exists (itself when it does), or the reason there is none. */
async function nearestFolder(indexDir: string): Promise<string> {
  for (let at = indexDir; ; at = path.dirname(at)) {
    const stat = await statOf(at).catch((error: NodeJS.ErrnoException) => {
      const denied = error.code === 'EACCES' || error.code === 'EPERM';
      throw new IndexFolderError(
        denied ? `No permission to reach INDEX_DIR ${indexDir} (${error.code} on ${at}).` : `INDEX_DIR ${indexDir} cannot be read: ${error.code ?? error.message} on ${at}.`,
        denied ? 'Give this user access to it, or set INDEX_DIR to a folder elsewhere.' : FIX,
        { cause: error },
      );
    });
    if (stat?.isDirectory()) return at;
    if (stat) {
      const what = at === indexDir ? `INDEX_DIR ${indexDir} is ${kindOf(stat)}` : `INDEX_DIR ${indexDir} cannot be a folder: ${at} on its path is ${kindOf(stat)}`;
      throw new IndexFolderError(`${what}, not a folder.`, FIX);
    }
    if (path.dirname(at) === at) return at;
  }
}

/**
 * Refuses an INDEX_DIR that is, or lies under, something other than a folder, or that is on a
 * special file system. A missing INDEX_DIR passes (there is no index yet).
 */
export async function checkIndexFolder(indexDir: string): Promise<void> {
  const folder = await nearestFolder(indexDir);
  const type = await fs.statfs(folder).then((s) => s.type, () => null);
  const special = type === null ? undefined : SPECIAL_FILE_SYSTEMS.get(type);
  if (special) throw new IndexFolderError(`INDEX_DIR ${indexDir} is on ${folder}, a ${special} file system that holds no index files.`, FIX);
}

/** Checks INDEX_DIR, then creates it and any missing folder above it. */
export async function makeIndexFolder(indexDir: string): Promise<void> {
  await checkIndexFolder(indexDir);
  try {
    await makeFolder(indexDir);
  } catch (error) {
    const { code, path: folder = indexDir } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT') throw new IndexFolderError(`Cannot create INDEX_DIR ${indexDir}: ${path.dirname(folder)} takes no new folders.`, FIX, { cause: error });
    // The folder that refused is the one the new folder was to be made in.
    throw indexWriteError(error, indexDir, path.dirname(folder));
  }
}
