/**
 * The bot: loads the index and the model once, connects to Discord, and answers until SIGINT or
 * SIGTERM, which finish (or abandon, telling the users) the replies under way, disconnect and
 * close the service, exiting with 0. An index that cannot be
 * loaded does not stop it: it connects and says what is wrong until `/reindex` repairs it.
 */
import type { ResearchService } from '../app/service-types.js';
import { loadConfig, loadDiscordConfig, loadDotenvFile } from '../config.js';
import { describeRetrieval } from '../embed/model-description.js';
import { createBot } from './bot.js';
import { openBotService } from './bot-service.js';
import { createLogger, type Logger } from './logger.js';
import { logUncaughtErrors, runEntryPoint } from './startup-errors.js';

await runEntryPoint(async (secrets) => {
  loadDotenvFile();
  const discord = loadDiscordConfig();
  secrets.push(discord.token);
  const app = loadConfig();
  const logger = createLogger({ level: app.logLevel, secrets });
  logUncaughtErrors(logger);
  // From the start, so that a signal while the index loads also ends the process with 0.
  const shutdown = stopOnSignals(logger);

  const loading = performance.now();
  const loaded = (opened: ResearchService) => {
    const info = opened.info();
    logger.info('service-loaded', { ...info, answers: describeRetrieval(info, app).line, ms: Math.round(performance.now() - loading) });
  };
  const { service, problem } = await openBotService(app, {
    buildIfMissing: true,
    onIndexReport: (report) =>
      logger.info('index-built', { articles: report.articles, passages: report.passages, mode: report.mode, warnings: report.warnings }),
    onWarning: (line) => logger.warn('keyword-only', { reason: line }),
    // The index runs of other processes: heard of again once the database connection is back.
    onWatchStatus: (status) =>
      status.connected ? logger.info('index-watch', { outcome: 'reconnected' }) : logger.warn('index-watch', { outcome: 'disconnected', error: status.error }),
    onRecovered: loaded,
  });
  if (problem) logger.error('service-unavailable', { problem: problem.message, fix: problem.hint, error: problem.cause });
  else loaded(service);

  shutdown.onStop(() => service.close());
  const bot = createBot({ service, config: discord, logger });
  shutdown.onStop(() => bot.stop());
  await bot.start().catch(async (error: unknown) => {
    await shutdown.run().catch(() => undefined);
    throw error;
  });
});

// A start that failed may leave discord.js reconnecting in the background: the line is written, stop here.
if (process.exitCode) process.exit();

/**
 * SIGINT and SIGTERM run the registered steps, the latest first (the bot finishes or abandons
 * its replies and disconnects, then the service closes), and exit with 0; a step that fails
 * exits with 1, and so does a second signal while stopping ("now").
 */
function stopOnSignals(logger: Logger) {
  const steps: Array<() => Promise<void>> = [];
  const run = async () => {
    for (const step of steps.splice(0).reverse()) await step();
  };
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info('shutdown', { signal });
    run().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { onStop: (step: () => Promise<void>) => void steps.push(step), run };
}
