/** The bot over the seed corpus, for the end-to-end suites that need the real service. */
import { afterAll, beforeAll } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { openSeedService, type SeedService } from './seed-service.js';

export interface SeedBot {
  h: Harness;
  seeds: SeedService;
}

/** Starts the bot over the seeds before the enclosing block's tests and stops it after them. */
export function useSeedBot(): SeedBot {
  const bot = {} as SeedBot;
  beforeAll(async () => {
    bot.seeds = await openSeedService();
    bot.h = await startHarness({ service: bot.seeds.service });
  });
  afterAll(async () => {
    await bot.h?.close();
    await bot.seeds?.service.close();
  });
  return bot;
}
