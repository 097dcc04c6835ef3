/**
 * The real research service over a copy of the repository's seeds, indexed keyword-only in a
 * temporary folder (the embedding model is not available in tests).
 */
import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openResearchService } from '../../src/app/service.js';
import type { ResearchService } from '../../src/app/service-types.js';
import { loadConfig, PROJECT_ROOT } from '../../src/config.js';

export interface SeedService {
  service: ResearchService;
  /** The copied seeds folder: tests may change it and run /reindex. */
  seedsDir: string;
}

export async function openSeedService(): Promise<SeedService> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'discord-seeds-'));
  const seedsDir = path.join(dir, 'seeds');
  await cp(path.join(PROJECT_ROOT, 'seeds'), seedsDir, { recursive: true });
  const config = loadConfig({ SEEDS_DIR: seedsDir, INDEX_DIR: path.join(dir, 'index'), LEXICAL_ONLY: 'true', LOG_LEVEL: 'silent' });
  const service = await openResearchService(config, { buildIfMissing: true });
  return { service, seedsDir };
}
