/**
 * `npm start`: loads the index and the model once, connects to Discord, and answers until
 * SIGINT or SIGTERM, which disconnect and close the service cleanly.
 */
import { openResearchService } from '../app/service.js';
import { loadConfig, loadDiscordConfig, loadDotenvFile } from '../config.js';
import { createBot } from './bot.js';
import { createLogger, type Logger } from './logger.js';
import { runEntryPoint } from './startup-errors.js';

await runEntryPoint(async () => {
  loadDotenvFile();
  const discord = loadDiscordConfig();
  const app = loadConfig();
  const logger = createLogger({ level: app.logLevel, secrets: [discord.token] });

  const loading = performance.now();
  const service = await openResearchService(app, {
    buildIfMissing: true,
    onIndexReport: (report) => logger.info('index-built', { articles: report.articles, passages: report.passages, mode: report.mode }),
  });
  logger.info('service-loaded', { ...service.info(), ms: Math.round(performance.now() - loading) });

  const bot = createBot({ service, config: discord, logger });
  const stop = async () => {
    await bot.stop();
    await service.close();
  };
  stopOnSignals(logger, stop);
  await bot.start().catch(async (error: unknown) => {
    await stop().catch(() => undefined);
    throw error;
  });
});

function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    // A second signal while stopping means "now".
    if (stopping) process.exit(1);
    stopping = true;
    logger.info('shutdown', { signal });
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
