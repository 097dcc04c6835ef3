/** What every command, button and event handler gets: the service, settings and shared state. */
import type { ResearchService } from '../app/service-types.js';
import type { DiscordConfig } from '../config.js';
import { RecentAnswers } from './answer-memory.js';
import { AskQueue } from './ask-queue.js';
import { BoundedMap } from '../bounded-map.js';
import { Cooldowns } from './cooldown.js';
import { FeedbackLog } from './feedback.js';
import type { Logger } from './logger.js';

export interface BotContext {
  service: ResearchService;
  config: DiscordConfig;
  logger: Logger;
  answers: RecentAnswers;
  /** Questions wait here to be answered one at a time. */
  asking: AskQueue;
  cooldowns: Cooldowns;
  feedback: FeedbackLog;
  /** Threads the bot started (id → whether it already explained it can't read unmentioned messages). */
  threads: BoundedMap<string, { hinted: boolean }>;
  /** An interaction not answered within this many ms is deferred (Discord allows 3 s); at once when questions are waiting. */
  deferAfterMs: number;
}

export interface ContextOptions {
  service: ResearchService;
  config: DiscordConfig;
  logger: Logger;
  /** Defer interactions not answered within this many ms (default 1000). */
  deferAfterMs?: number;
  /** How many recent answers `/cite` and the buttons can reach (default 500). */
  answersKept?: number;
  /** Clock for cooldowns. */
  now?: () => number;
}

/** Leaves about 2 s of Discord's 3 s for the defer request itself to arrive. */
export const DEFAULT_DEFER_AFTER_MS = 1000;
const THREADS_KEPT = 1000;

export function createContext({ service, config, logger, deferAfterMs, answersKept, now }: ContextOptions): BotContext {
  return {
    service,
    config,
    logger,
    answers: new RecentAnswers(answersKept),
    asking: new AskQueue(),
    cooldowns: new Cooldowns(config.cooldownSeconds, now),
    feedback: new FeedbackLog(config.feedbackFile),
    threads: new BoundedMap(THREADS_KEPT),
    deferAfterMs: deferAfterMs ?? DEFAULT_DEFER_AFTER_MS,
  };
}
