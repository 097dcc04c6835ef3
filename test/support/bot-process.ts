/**
 * The bot and the command registration as real processes against a fake Discord, configured only
 * through the environment, with their output kept for the test to read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, statSync } from 'node:fs';
import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';
import { TEST_TOKEN } from '../discord/harness.js';
import type { FakeDiscord } from '../../src/dev/fake-discord/index.js';
import { withTimeout } from '../../src/dev/fake-discord/wait.js';

/**
 * How an operator runs the bot under a process manager: `node` itself, so that SIGTERM reaches
 * the bot (npm exits without waiting for its child; the tsx CLI force-kills it 30 ms after
 * relaying the signal). The compiled `dist/discord/<script>.js` when a build newer than every
 * source file exists; otherwise the same code through tsx's loader, still in one node process.
 */
function botCommand(script: string): string[] {
  const built = path.join(PROJECT_ROOT, 'dist', 'discord', script.replace(/\.ts$/, '.js'));
  if (isNewerThanSources(built)) return [built];
  return ['--import', 'tsx', path.join('src', 'discord', script)];
}

function isNewerThanSources(file: string): boolean {
  const builtMs = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
  if (builtMs === undefined) return false;
  const src = path.join(PROJECT_ROOT, 'src');
  return readdirSync(src, { recursive: true, encoding: 'utf8' }).every((name) => statSync(path.join(src, name)).mtimeMs <= builtMs);
}
/** Process start-up (tsx compiling, the index being read or built) takes a few seconds. */
export const STARTUP_MS = 20_000;

export interface BotProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The exit code (null when killed by a signal). */
  exit: Promise<number | null>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Every setting the bot reads, given explicitly so that a developer's .env cannot change a test
 * (values already in the environment win over .env). `dir` holds the seeds, index and feedback.
 */
export function botEnv(fake: FakeDiscord, dir: string): Record<string, string> {
  return {
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_APPLICATION_ID: fake.world.applicationId,
    DISCORD_GUILD_ID: fake.world.guild.id,
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_ALLOWED_CHANNELS: '',
    ASK_COOLDOWN_SECONDS: '0',
    FEEDBACK_FILE: path.join(dir, 'feedback.jsonl'),
    REGISTER_COMMANDS_ON_START: 'true',
    SEEDS_DIR: path.join(dir, 'seeds'),
    INDEX_DIR: path.join(dir, 'index'),
    LEXICAL_ONLY: 'true',
    LOG_LEVEL: 'info',
  };
}

/** `botEnv` over a new temporary folder holding a copy of the repository's seeds. */
export async function botEnvWithSeeds(fake: FakeDiscord): Promise<Record<string, string>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'discord-bot-process-'));
  await cp(path.join(PROJECT_ROOT, 'seeds'), path.join(dir, 'seeds'), { recursive: true });
  return botEnv(fake, dir);
}

/** Starts `src/discord/<script>` (`main.ts` is the bot, `register.ts` the registration) with exactly `env`. */
export function startBotProcess(env: Record<string, string>, script = 'main.ts'): BotProcess {
  const child = spawn(process.execPath, botCommand(script), {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exit,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return withTimeout(exit, 10_000, 'the bot to exit');
    },
  };
}

/** `waiting`, failing at once (with the bot's stderr) if the bot exits first. */
function whileRunning<T>(bot: BotProcess, waiting: Promise<T>, what: string): Promise<T> {
  const exited = bot.exit.then((code) => {
    throw new Error(`The bot exited with ${code} before ${what}. stderr: ${bot.stderr()}`);
  });
  exited.catch(() => undefined);
  return Promise.race([waiting, exited]);
}

/** Resolves once the bot has registered its commands (it is connected). */
export function untilRegistered(fake: FakeDiscord, bot: BotProcess): Promise<unknown> {
  return whileRunning(bot, fake.waitForRequest((r) => r.method === 'PUT', 'registration at start-up', STARTUP_MS), 'registering its commands');
}

/** Resolves with the first log entry of `event` the bot prints. */
export function untilLogged(bot: BotProcess, event: string, ms = 10_000): Promise<Record<string, unknown>> {
  let check = () => {};
  const logged = new Promise<Record<string, unknown>>((resolve) => {
    check = () => {
      const entry = logEntries(bot.stdout()).find((e) => e.event === event);
      if (entry) resolve(entry);
    };
    bot.child.stdout!.on('data', check);
    check();
  });
  const what = `logging ${event}`;
  return withTimeout(whileRunning(bot, logged, what), ms, what).finally(() => bot.child.stdout!.off('data', check));
}

/** The bot's JSON log lines; fails on any line that is not one (a stack trace, say). */
export function logEntries(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
