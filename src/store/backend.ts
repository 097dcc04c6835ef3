/** The store the configuration names: the embedded one in INDEX_DIR (PostgreSQL joins behind the same seam). */
import type { AppConfig } from '../config.js';
import { EmbeddedBackend } from './embedded/backend.js';
import type { IndexBackend } from './seam.js';

export interface BackendOptions {
  /** How long a second writer waits for the first before giving up (default 3 s). */
  lockWaitMs?: number;
}

export function openBackend(config: AppConfig, options: BackendOptions = {}): IndexBackend {
  return new EmbeddedBackend(config.indexDir, options);
}
