/**
 * The research service as the bot opens it. A damaged index, an index built with another model,
 * or an index that cannot be built does not stop the bot: it connects, and every command that
 * reads the index answers with one line saying what is wrong and how to fix it, until a
 * `/reindex` builds an index it can open. A database it cannot reach only says so, and the bot
 * tries again by itself (sooner when someone asks) until it answers. A setting it cannot run with
 * (SettingError: INDEX_DIR on /proc, or a file) stops it at start with its one line.
 */
import path from 'node:path';
import { runIndexer } from '../app/indexer.js';
import { openResearchService, watchIndexRuns, type OpenOptions } from '../app/service.js';
import { DatabaseUnreachableError, type IndexReport, type ResearchService } from '../app/service-types.js';
import type { AppConfig } from '../config.js';
import { SettingError, UserFacingError } from '../errors.js';

/** Why the bot cannot answer, worded for Discord users: the problem, then the two ways to fix it. */
export class ServiceUnavailableError extends UserFacingError {}

export interface BotService {
  service: ResearchService;
  /** Why the service is not answering yet, or null when it is. */
  problem: ServiceUnavailableError | null;
}

export interface BotServiceOptions extends OpenOptions {
  /** The service opened after all, on a later try (the database is back). */
  onRecovered?: (service: ResearchService) => void;
}

export async function openBotService(config: AppConfig, options: BotServiceOptions = {}): Promise<BotService> {
  try {
    return { service: await openResearchService(config, options), problem: null };
  } catch (error) {
    // A setting no /reindex can repair (INDEX_DIR on /proc, or a file) stops the bot at start, as an invalid setting does.
    if (error instanceof SettingError) throw error;
    const problem = unavailable(error, config);
    return { service: unavailableService(problem, config, options), problem };
  }
}

/** The wait before the `attempt`-th new try (from 0) to reach the database: doubling from 1 s up to 15 s. */
const retryDelay = (attempt: number) => Math.min(15_000, 1000 * 2 ** Math.min(attempt, 4));

/** Whether `problem` may pass by itself, so that opening the service again may succeed. */
const passes = (problem: ServiceUnavailableError) => problem.cause instanceof DatabaseUnreachableError;

/**
 * The failure as Discord users should read it: without its CLI hint, paths from the project
 * folder. An error not written for users is only summed up; the detail stays in `cause`, for the log.
 */
function unavailable(error: unknown, config: AppConfig): ServiceUnavailableError {
  if (error instanceof DatabaseUnreachableError) return new ServiceUnavailableError(error.message, error.hint, { cause: error });
  const reason = error instanceof UserFacingError ? error.message : 'it could not be opened (the details are in the bot\'s log).';
  const shortPaths = reason.split(path.dirname(config.indexDir) + path.sep).join('');
  return new ServiceUnavailableError(
    `The index is unavailable: ${shortPaths}`,
    'An admin can rebuild it with /reindex, or by running npm run index where the bot runs.',
    { cause: error },
  );
}

/**
 * A service whose every read throws `problem` (so every command that reads the index reports
 * it) and whose `reindex` rebuilds the index and opens it: from then on it is the real service.
 * While the problem is one that passes (the database is unreachable), it also tries to open the
 * service again: after a wait that doubles, and at once when someone asks. So it does after
 * another process's index run (`npm run index`, as the problem's fix says), as soon as it sees it.
 */
export function unavailableService(problem: ServiceUnavailableError, config: AppConfig, options: BotServiceOptions = {}): ResearchService {
  let real: ResearchService | null = null;
  let current = problem;
  let repairing: Promise<IndexReport> | null = null;
  let reopening: Promise<void> | null = null;
  let retry: NodeJS.Timeout | null = null;
  let attempts = 0;
  let closed = false;
  // Another process's index run (as the problem's fix says: npm run index) may repair it.
  const runs = watchIndexRuns(config, () => {
    if (!real && !repairing) void reopen();
  });
  const reopen = () =>
    (reopening ??= (async () => {
      if (retry) clearTimeout(retry);
      retry = null;
      try {
        const opened = await openResearchService(config, options);
        if (closed || real) await opened.close();
        else {
          real = opened;
          options.onRecovered?.(opened);
        }
      } catch (error) {
        current = unavailable(error, config);
        runs.failed();
        if (passes(current) && !closed) later();
      } finally {
        reopening = null;
      }
    })());
  const later = () => {
    retry = setTimeout(() => void reopen(), retryDelay(attempts++));
    retry.unref();
  };
  if (passes(problem)) later();
  const service = (): ResearchService => {
    if (real) return real;
    if (passes(current) && !repairing) void reopen();
    // In case the watcher missed a run: the next command gets the index.
    else if (!repairing) {
      void runs.changed().then((yes) => {
        if (yes && !real && !repairing) void reopen();
      });
    }
    throw current;
  };
  const repair = async (onProgress: Parameters<ResearchService['reindex']>[0]): Promise<IndexReport> => {
    try {
      const report = await runIndexer(config, { onProgress });
      real = await openResearchService(config).catch((error: unknown) => {
        current = unavailable(error, config);
        runs.failed();
        throw current;
      });
      return report;
    } finally {
      repairing = null;
    }
  };
  return {
    ask: async (question) => {
      if (!real && (passes(current) || (!repairing && (await runs.changed())))) await reopen();
      return service().ask(question);
    },
    passage: (passageId) => service().passage(passageId),
    articles: () => service().articles(),
    info: () => service().info(),
    // One repair at a time; a second /reindex meanwhile shares its report, as the real service does.
    reindex: (onProgress) => (real ? real.reindex(onProgress) : (repairing ??= repair(onProgress))),
    add: async (items) => service().add(items),
    close: async () => {
      closed = true;
      if (retry) clearTimeout(retry);
      await runs.stop();
      await reopening;
      await real?.close();
    },
  };
}
