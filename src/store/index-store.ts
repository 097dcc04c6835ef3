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
