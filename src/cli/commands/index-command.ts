import { runIndexer } from '../../app/indexer.js';
import { defineCommand } from '../args.js';
import { loadCliConfig } from '../cli-config.js';
import { formatIndexReport, indexProgressReporter } from '../progress.js';

/** `npm run index [-- --rebuild]`: brings the index up to date with the seeds folder. */
export const indexCommand = defineCommand({
  name: 'index',
  invocation: 'npm run index --',
  summary: 'brings index/ up to date with seeds/: embeds only new and changed articles, drops deleted ones',
  options: {
    rebuild: { type: 'boolean', description: 'rebuild everything, also what has not changed' },
  },
  notes: ['Loads no model when nothing changed. SEEDS_DIR and INDEX_DIR (.env) choose the folders.'],
  run: async ({ rebuild }) => {
    const config = loadCliConfig();
    const report = await runIndexer(config, { rebuild, onProgress: indexProgressReporter() });
    console.log(formatIndexReport(report, config));
    return 0;
  },
});
