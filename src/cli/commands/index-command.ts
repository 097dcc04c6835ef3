import { fanOutEmbedding, MAX_LOCAL_WORKERS, serveIndexWorker } from '../../app/index-workers.js';
import { runIndexer } from '../../app/indexer.js';
import { defineCommand, usageError, wholeNumberOption } from '../args.js';
import { loadCliConfig } from '../cli-config.js';
import { formatIndexReport, indexProgressReporter } from '../progress.js';

/** `npm run index [-- --rebuild] [--workers N | --worker]`: brings the index up to date with the seeds folder. */
export const indexCommand = defineCommand({
  name: 'index',
  invocation: 'npm run index --',
  summary: 'brings index/ up to date with seeds/: embeds only new and changed articles, drops deleted ones',
  options: {
    rebuild: { type: 'boolean', description: 'rebuild everything, also what has not changed' },
    workers: { type: 'string', value: '<n>', description: 'embed in n worker processes (PostgreSQL: DATABASE_URL), with any `--worker` running elsewhere' },
    worker: { type: 'boolean', description: 'embed batches for index runs on DATABASE_URL (from any machine) until stopped' },
  },
  notes: [
    'Loads no model when nothing changed. SEEDS_DIR and INDEX_DIR (.env) choose the folders.',
    'With DATABASE_URL, `--workers 2` embeds in two processes here, and `npm run index -- --worker` on other machines (same DATABASE_URL and model) takes batches too; the run is applied in one transaction once every batch is in.',
  ],
  run: async ({ rebuild, workers, worker }) => {
    // The command line first: a mistake in it is named before any setting is read.
    if (worker && (workers !== undefined || rebuild)) throw usageError(indexCommand, '--worker embeds for other index runs; it takes neither --workers nor --rebuild');
    const count = workers === undefined ? 0 : wholeNumberOption(indexCommand, 'workers', workers, { min: 1, max: MAX_LOCAL_WORKERS });
    const config = loadCliConfig();
    if (worker) {
      const stop = new AbortController();
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
      await serveIndexWorker(config, { signal: stop.signal, onReady: (name) => console.error(`Index worker ${name} ready: embedding batches of index runs on the database until stopped.`) });
      return 0;
    }
    const fanOut = count > 0 ? await fanOutEmbedding(config, { workers: count }) : null;
    try {
      const report = await runIndexer(config, { rebuild, onProgress: indexProgressReporter(), ...(fanOut ? { embedFresh: fanOut.embed } : {}) });
      console.log(formatIndexReport(report, config));
    } finally {
      await fanOut?.close();
    }
    return 0;
  },
});
