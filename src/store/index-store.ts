/** What every store says when the index cannot be used, and the manifest as a file in the index folder. */
import path from 'node:path';
import { UserFacingError } from '../errors.js';
import { readJson } from '../files.js';
import { manifestSchema, type Manifest } from './manifest.js';

/** The index cannot be used; the message names the file and says to run the indexer. */
export class IndexUnavailableError extends UserFacingError {}

/** There is no index at all (as opposed to a damaged one): front ends may build it. */
export class IndexMissingError extends IndexUnavailableError {}

/** The current manifest of an index folder, or null when there is none or it cannot be read. */
export async function readManifest(indexDir: string): Promise<Manifest | null> {
  try {
    return manifestSchema.parse(await readJson(path.join(indexDir, 'manifest.json')));
  } catch {
    return null;
  }
}

/**
 * The database server cannot be reached (down, restarting, refusing connections, or the
 * connection dropped). Users read only that; `detail` names the server, without credentials,
 * and the cause, for the operator. It passes: the next read tries again.
 */
export class DatabaseUnreachableError extends UserFacingError {
  constructor(options: { detail: string; cause: unknown }) {
    super('The database is unreachable.', 'Try again in a moment; if it stays down, an admin should check the PostgreSQL server and DATABASE_URL.', options);
    this.name = 'DatabaseUnreachableError';
  }
}

/**
 * A snapshot can no longer be read as it was opened: the index was written since (its
 * transaction had ended, its connection dropped). Whoever holds it opens the current one.
 */
export class IndexChangedError extends Error {
  constructor() {
    super('The index changed since this snapshot was opened.');
    this.name = 'IndexChangedError';
  }
}
