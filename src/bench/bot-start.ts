/**
 * Measurement 3, bot half: `node bin/newsdesk.js start` (what `npm start` runs) against the fake
 * Discord of the end-to-end tests (src/dev/fake-discord), timed from spawn to its `ready` log line
 * and to its reply to a first `/ask` sent the moment it is ready; and its peak RSS then.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AppConfig } from '../config.js';
import { PROJECT_ROOT } from '../config.js';
import { childEnv } from './child.js';
import { COLD_QUESTION, LAUNCHER, productEnv } from './cold-start.js';
import { round } from './stats.js';

/** A made-up token of the right shape: the fake Discord accepts any. */
const FAKE_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.bench-token.not-a-real-one_0123456789';
const TIMEOUT_MS = 120_000;

export interface BotStartResult {
  readyMs: number;
  firstReplyMs: number;
  /** VmHWM of the bot process after its first reply, MiB. */
  peakRssMb: number;
}

export async function measureBotFirstReply(config: AppConfig): Promise<BotStartResult> {
  // A development tool (it needs the dev dependency ws): imported only when this measurement runs.
  const { FakeDiscord } = await import('../dev/fake-discord/index.js');
  const fake = await FakeDiscord.start();
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'bench-bot-'));
  const started = performance.now();
  const bot = spawn(process.execPath, [LAUNCHER, 'start'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv({
      ...productEnv(config),
      LOG_LEVEL: 'info',
      DISCORD_TOKEN: FAKE_TOKEN,
      DISCORD_APPLICATION_ID: fake.world.applicationId,
      DISCORD_GUILD_ID: fake.world.guild.id,
      DISCORD_API_URL: fake.apiUrl,
      REGISTER_COMMANDS_ON_START: 'false',
      FEEDBACK_FILE: path.join(scratch, 'feedback.jsonl'),
    }),
  });
  let stderr = '';
  bot.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(bot, 'exit');
  try {
    const readyMs = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the bot did not log ready in time')), TIMEOUT_MS);
      let buffered = '';
      bot.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        if (/"event":"ready"/.test(buffered)) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      });
      void exited.then(() => reject(new Error(`the bot exited: ${stderr.trim().split('\n').pop() ?? ''}`)));
    });
    const sent = fake.slashCommand({ name: 'ask', options: { question: COLD_QUESTION } });
    await fake.interactionReply(sent, TIMEOUT_MS);
    const firstReplyMs = performance.now() - started;
    const status = await readFile(`/proc/${bot.pid}/status`, 'utf8');
    const peakRssMb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
    return { readyMs: round(readyMs, 1), firstReplyMs: round(firstReplyMs, 1), peakRssMb: round(peakRssMb, 0) };
  } finally {
    bot.kill('SIGTERM');
    await exited;
    await fake.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
