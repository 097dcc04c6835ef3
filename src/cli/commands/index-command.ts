import { runIndexer } from '../../app/indexer.js';
import type { AppConfig } from '../../config.js';
import { formatIndexReport, indexProgressReporter } from '../progress.js';

/** `npm run index [-- --rebuild]`: brings the index up to date with the seeds folder. */
export async function indexCommand(config: AppConfig, args: string[]): Promise<number> {
  const report = await runIndexer(config, { rebuild: args.includes('--rebuild'), onProgress: indexProgressReporter() });
  console.log(formatIndexReport(report, config));
  return 0;
}
