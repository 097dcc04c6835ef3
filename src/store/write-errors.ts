import { UserFacingError } from '../errors.js';

/** The index could not be written: the message names the path and the setting, the hint what to do. */
export class IndexWriteError extends UserFacingError {}

/**
 * A file-system error met while writing the index, as one line for whoever runs the indexer;
 * other errors pass through unchanged.
 */
export function indexWriteError(error: unknown, indexDir: string, file: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const where = `${file} (INDEX_DIR is ${indexDir})`;
  const elsewhere = 'or set INDEX_DIR to a folder elsewhere';
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new IndexWriteError(`No space left on the disk to write ${where}.`, `Free some space, ${elsewhere}.`, { cause: error });
    case 'EROFS':
      return new IndexWriteError(`Cannot write ${where}: the file system is read-only.`, 'Set INDEX_DIR to a writable folder.', { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new IndexWriteError(`No permission to write ${where}.`, `Give this user write access to it, ${elsewhere}.`, { cause: error });
    case 'EEXIST':
    case 'ENOTDIR':
      return new IndexWriteError(
        `Cannot write ${where}: INDEX_DIR, or a folder on its path, is a file, not a folder.`,
        'Move that file away, or set INDEX_DIR to a folder.',
        { cause: error },
      );
    default:
      return error;
  }
}
