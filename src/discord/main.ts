/**
 * `npm start`: loads the index and the model once, connects to Discord, and answers until
 * SIGINT or SIGTERM, which disconnect and close the service cleanly. An index that cannot be
 * loaded does not stop it: it connects and says what is wrong until `/reindex` repairs it.
 */
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

  const loading = performance.now();
  const { service, problem } = await openBotService(app, {
    buildIfMissing: true,
    onIndexReport: (report) =>
      logger.info('index-built', { articles: report.articles, passages: report.passages, mode: report.mode, warnings: report.warnings }),
    onWarning: (line) => logger.warn('keyword-only', { reason: line }),
  });
  if (problem) logger.error('service-unavailable', { problem: problem.message, fix: problem.hint, error: problem.cause });
  else {
    const info = service.info();
    logger.info('service-loaded', { ...info, answers: describeRetrieval(info, app).line, ms: Math.round(performance.now() - loading) });
  }

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

// A start that failed may leave discord.js reconnecting in the background: the line is written, stop here.
if (process.exitCode) process.exit();

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
