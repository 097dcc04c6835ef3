/**
 * `npm start` and `npm run register` as real processes, configured only through the environment,
 * against the fake Discord: start-up with registration, an answer, clean shutdown on SIGTERM, and
 * one clear line when Discord rejects the token.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inviteUrl } from '../../src/discord/invite.js';
import { botEnvWithSeeds, startBotProcess, STARTUP_MS, type BotProcess } from '../support/bot-process.js';
import { FakeDiscord, Op } from '../../src/dev/fake-discord/index.js';
import { withTimeout } from '../../src/dev/fake-discord/wait.js';
import { embedText } from './discord-limits.js';
import { TEST_TOKEN } from './harness.js';

describe('entry points', { timeout: 40_000 }, () => {
  let fake: FakeDiscord;
  let env: Record<string, string>;
  const runs: BotProcess[] = [];

  beforeEach(async () => {
    fake = await FakeDiscord.start();
    // Every setting given explicitly, so a developer's .env cannot change the test.
    env = await botEnvWithSeeds(fake);
  });

  afterEach(async () => {
    for (const run of runs.splice(0)) if (run.child.exitCode === null) run.child.kill('SIGKILL');
    await fake.close();
  });

  /** Runs `src/discord/<script>` with the test environment; an `undefined` override removes a variable. */
  function run(script: string, overrides: Record<string, string | undefined> = {}): BotProcess {
    const merged = Object.entries({ ...env, ...overrides }).filter((entry): entry is [string, string] => entry[1] !== undefined);
    const started = startBotProcess(Object.fromEntries(merged), script);
    runs.push(started);
    return started;
  }

  it('npm start registers the commands, answers, and shuts down cleanly on SIGTERM', async () => {
    const bot = run('main.ts');
    await fake.waitForRequest((r) => r.method === 'PUT', 'registration at start-up', STARTUP_MS);

    const reply = await fake.interactionReply(fake.slashCommand({ name: 'ask', options: { question: 'Hvor mange land signerte konvensjonen?' } }));
    expect(embedText(reply.message)).toContain('72');

    bot.child.kill('SIGTERM');
    expect(await withTimeout(bot.exit, 10_000, 'the bot to exit')).toBe(0);
    await fake.gateway.events.waitFor((e) => e.kind === 'close', 'the gateway connection to close');
    const entries = bot.stdout().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map((e) => e.event)).toEqual(expect.arrayContaining(['service-loaded', 'ready', 'commands-registered', 'ask', 'shutdown', 'stopped']));
    // The operator reads from the start-up log how questions are answered, and why.
    expect(entries.find((e) => e.event === 'service-loaded')).toMatchObject({ mode: 'lexical', answers: expect.stringMatching(/^keyword search only\. LEXICAL_ONLY is set/) });
    expect(bot.stdout()).not.toContain(TEST_TOKEN);
  });

  it('gives up with one line and exit code 1 when the gateway never says READY', async () => {
    fake.gateway.sendReady = false;
    const bot = run('main.ts', { DISCORD_READY_TIMEOUT_SECONDS: '1' });
    expect(await withTimeout(bot.exit, STARTUP_MS, 'start to give up')).toBe(1);
    expect(fake.gateway.events.find((e) => e.kind === 'received' && e.frame.op === Op.Identify)).toBeDefined();
    expect(bot.stderr()).toBe(
      "Discord's gateway did not say READY within 1 s of connecting. Check the network (and DISCORD_API_URL if you set it) and https://discordstatus.com, then start again; DISCORD_READY_TIMEOUT_SECONDS sets how long to wait.\n",
    );
  });

  it('npm run register installs the commands globally when no server is set', async () => {
    const register = run('register.ts', { DISCORD_GUILD_ID: undefined });
    expect(await withTimeout(register.exit, STARTUP_MS, 'register to finish')).toBe(0);
    const put = fake.rest.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/applications/${fake.world.applicationId}/commands`);
    expect(register.stdout()).toBe(
      'Registered /ask, /cite, /sources, /reindex, /add globally (they can take up to an hour to appear).\n' +
        `Invite the bot to a server with: ${inviteUrl(fake.world.applicationId)}\n`,
    );
  });

  it('explains a configuration error or a rejected token in one line, exiting 1', async () => {
    const badId = run('register.ts', { DISCORD_APPLICATION_ID: '123' });
    expect(await withTimeout(badId.exit, STARTUP_MS, 'register to fail')).toBe(1);
    expect(badId.stderr()).toContain('DISCORD_APPLICATION_ID: expected the application id, a snowflake of 17–20 digits');

    fake.rest.intercept(() => ({ status: 401, body: { message: '401: Unauthorized', code: 0 } }));
    const rejected = run('main.ts');
    expect(await withTimeout(rejected.exit, STARTUP_MS, 'start to fail')).toBe(1);
    expect(rejected.stderr()).toBe(
      'Discord rejected DISCORD_TOKEN (401 Unauthorized). Copy the bot token again: Developer Portal → your application → Bot → Reset Token.\n',
    );
  });
});
