/**
 * Indexing the seed corpus as `npm run index` does it (model load included), then again with
 * nothing changed, in a child process of its own so its peak RSS is indexing's.
 */
import { rm } from 'node:fs/promises';
import { runIndexer } from '../app/indexer.js';
import type { AppConfig } from '../config.js';
import { peakRssMb } from './memory.js';
import { round } from './stats.js';

export interface IndexingParams {
  config: AppConfig;
}

export interface IndexingResult {
  articles: number;
  passages: number;
  mode: string;
  /** Full build from an empty folder, model load included (runIndexer's own clock). */
  buildSeconds: number;
  /** The same call again with nothing changed. */
  unchangedSeconds: number;
  peakRssMb: number;
}

export async function indexingTask({ config }: IndexingParams): Promise<IndexingResult> {
  await rm(config.indexDir, { recursive: true, force: true });
  const built = await runIndexer(config);
  const unchanged = await runIndexer(config);
  return {
    articles: built.articles,
    passages: built.passages,
    mode: built.mode,
    buildSeconds: round(built.seconds, 3),
    unchangedSeconds: round(unchanged.seconds, 3),
    peakRssMb: round(peakRssMb(), 1),
  };
}
