/** The store the configuration names: the embedded one in INDEX_DIR, or PostgreSQL when DATABASE_URL is set. */
import type { AppConfig } from '../config.js';
import { EmbeddedBackend } from './embedded/backend.js';
import type { PostgresBackendOptions } from './postgres/backend.js';
import type { IndexBackend } from './seam.js';

export interface BackendOptions {
  /** How long a second writer waits for the first before giving up (default 3 s). */
  lockWaitMs?: number;
  /** PostgreSQL: how this process's connections show in pg_stat_activity (default `newsdesk <host> pid <pid>`). */
  applicationName?: string;
}

/** One connection pool per database and schema for the whole process, however often the service reloads. */
const postgresBackends = new Map<string, IndexBackend>();

export function openBackend(config: AppConfig, options: BackendOptions = {}): IndexBackend {
  if (!config.database) return new EmbeddedBackend(config.indexDir, options);
  const key = `${config.database.url}\u0000${config.database.schema}\u0000${options.lockWaitMs ?? ''}\u0000${options.applicationName ?? ''}`;
  let backend = postgresBackends.get(key);
  if (!backend) {
    const { lockWaitMs, applicationName } = options;
    const settings = lockWaitMs === undefined ? {} : { lockWaitMs };
    postgresBackends.set(key, (backend = loadedOnFirstUse({ url: config.database.url, schema: config.database.schema, applicationName, settings })));
  }
  return backend;
}

/**
 * The PostgreSQL backend, its module (pg, pgvector: ~80 ms and ~15 MiB at start-up) imported on
 * the first call, so that commands on the embedded store never load it.
 */
function loadedOnFirstUse(options: PostgresBackendOptions): IndexBackend {
  let loading: Promise<IndexBackend> | undefined;
  const backend = () => (loading ??= import('./postgres/backend.js').then(({ PostgresBackend }) => new PostgresBackend(options)));
  return {
    readManifest: async () => (await backend()).readManifest(),
    findDamage: async () => (await backend()).findDamage(),
    open: async () => (await backend()).open(),
    lockWriter: async () => (await backend()).lockWriter(),
    apply: async (change) => (await backend()).apply(change),
    watch: async (listener, onStatus) => (await backend()).watch!(listener, onStatus),
    embeddingQueue: async () => (await backend()).embeddingQueue!(),
  };
}
