import os from 'node:os';
import { fanOutEmbedding, MAX_LOCAL_WORKERS, serveIndexWorker } from '../../app/index-workers.js';
import { runIndexer } from '../../app/indexer.js';
import { defineCommand, usageError, wholeNumberOption } from '../args.js';
import { loadCliConfig } from '../cli-config.js';
import { formatIndexReport, indexProgressReporter } from '../progress.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

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
      for (const signal of SIGNALS) process.once(signal, () => stop.abort());
      // Started by an index writer (`--workers n`): its IPC channel closes when the writer ends, however it ends.
      if (process.channel) {
        process.channel.unref();
        process.once('disconnect', () => {
          if (!stop.signal.aborted) console.error('Index worker: its index writer is gone; stopping.');
          stop.abort();
        });
      }
      await serveIndexWorker(config, {
        signal: stop.signal,
        onReady: (name) => console.error(`Index worker ${name} ready: embedding batches of index runs on the database until stopped.`),
        onNotice: (line) => console.error(line),
      });
      if (process.connected) process.disconnect();
      return 0;
    }
    if (count === 0) {
      console.log(formatIndexReport(await runIndexer(config, { rebuild, onProgress: indexProgressReporter() }), config));
      return 0;
    }
    // SIGINT or SIGTERM while workers embed: stop them, drop the run's batches, and say so; at any other moment the run ends as the signal ends it (the index is safe either way).
    const stop = new AbortController();
    const fanOut = await fanOutEmbedding(config, { workers: count, signal: stop.signal });
    const onSignal = (signal: NodeJS.Signals) => {
      if (fanOut.running && !stop.signal.aborted) return stop.abort(signal);
      for (const s of SIGNALS) process.off(s, onSignal);
      process.kill(process.pid, signal);
    };
    for (const s of SIGNALS) process.on(s, onSignal);
    try {
      const report = await runIndexer(config, { rebuild, onProgress: indexProgressReporter(), embedFresh: fanOut.embed });
      console.log(formatIndexReport(report, config));
      return 0;
    } catch (error) {
      if (!stop.signal.aborted) throw error;
      const signal = stop.signal.reason as NodeJS.Signals;
      console.error(`Index run stopped by ${signal}: its workers are stopped and its queued batches dropped; the index is unchanged.`);
      return 128 + os.constants.signals[signal];
    } finally {
      for (const s of SIGNALS) process.off(s, onSignal);
    }
  },
});
