/** Starts the real bot (real discord.js Client) against a fake Discord, with a given service. */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ResearchService } from '../../src/app/service-types.js';
import type { DiscordConfig } from '../../src/config.js';
import { createBot, type Bot } from '../../src/discord/bot.js';
import { memoryLogger, type MemoryLogger } from '../support/memory-logger.js';
import { FakeDiscord } from '../../src/dev/fake-discord/index.js';

export const TEST_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.fake-token.for-tests-only_0123456789';

export interface Harness {
  fake: FakeDiscord;
  bot: Bot;
  config: DiscordConfig;
  logger: MemoryLogger;
  close(): Promise<void>;
}

export interface HarnessOptions {
  service: ResearchService;
  config?: Partial<DiscordConfig>;
  deferAfterMs?: number;
  now?: () => number;
}

export async function startHarness({ service, config = {}, deferAfterMs, now }: HarnessOptions): Promise<Harness> {
  const fake = await FakeDiscord.start();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'discord-bot-'));
  const fullConfig: DiscordConfig = {
    token: TEST_TOKEN,
    applicationId: fake.world.applicationId,
    guildId: fake.world.guild.id,
    apiUrl: fake.apiUrl,
    allowedChannelIds: [],
    cooldownSeconds: 0,
    feedbackFile: path.join(dir, 'feedback.jsonl'),
    registerOnStart: true,
    readyTimeoutSeconds: 10,
    ...config,
  };
  const logger = memoryLogger([TEST_TOKEN]);
  const bot = createBot({ service, config: fullConfig, logger, ...(deferAfterMs !== undefined ? { deferAfterMs } : {}), ...(now ? { now } : {}) });
  await bot.start();
  return {
    fake,
    bot,
    config: fullConfig,
    logger,
    async close() {
      await bot.stop();
      await fake.close();
    },
  };
}
