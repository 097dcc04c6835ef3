/**
 * Secrets and configuration. The bot token never appears in what `npm start` prints (logs,
 * start-up errors, crashes) nor in anything it sends to Discord, even when an error message
 * quotes it; `.env` stays out of git; and every setting with a form to check names itself and
 * that form when it is wrong.
 */
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, loadDiscordConfig, PROJECT_ROOT } from '../../src/config.js';
import { describeError, UserFacingError } from '../../src/errors.js';
import { INTERNAL_ERROR } from '../../src/discord/render/notices.js';
import { FakeDiscord, snowflake } from '../../src/dev/fake-discord/index.js';
import { withTimeout } from '../../src/dev/fake-discord/wait.js';
import { embedText } from '../discord/discord-limits.js';
import { TEST_TOKEN } from '../discord/harness.js';
import { botEnvWithSeeds, logEntries, startBotProcess, STARTUP_MS, untilLogged, untilRegistered, type BotProcess } from '../support/bot-process.js';

const QUESTION = 'Hvor mange land signerte konvensjonen?';
/** An error message quoting the token, as a proxy's error page echoing the request might. */
const ECHOED = { message: `Invalid Form Body (request had Authorization: Bot ${TEST_TOKEN})`, code: 50035 };

describe('the bot token in npm start', { timeout: 60_000 }, () => {
  let fake: FakeDiscord;
  let env: Record<string, string>;
  let bot: BotProcess | undefined;

  beforeEach(async () => {
    fake = await FakeDiscord.start();
    env = await botEnvWithSeeds(fake);
  });
  afterEach(async () => {
    if (bot?.child.exitCode === null) bot.child.kill('SIGKILL');
    bot = undefined;
    await fake.close();
  });

  /** Nowhere in the output, and only ever in the Authorization header of what reached Discord. */
  function expectTokenNowhere(run: BotProcess): void {
    expect(run.stdout()).not.toContain(TEST_TOKEN);
    expect(run.stderr()).not.toContain(TEST_TOKEN);
    for (const request of fake.rest.requests.items) {
      expect(JSON.stringify([request.path, request.query, request.body ?? null]), `${request.method} ${request.path}`).not.toContain(TEST_TOKEN);
    }
  }

  it('stays out of a normal run, a handler failure quoting it, and a malformed event that makes discord.js reject with it', async () => {
    bot = startBotProcess(env);
    await untilRegistered(fake, bot);
    expect(fake.rest.requests.items.find((r) => r.method === 'PUT')!.headers.authorization).toBe(`Bot ${TEST_TOKEN}`);

    expect(embedText((await fake.interactionReply(fake.slashCommand({ name: 'ask', options: { question: QUESTION } }))).message)).toContain('72');
    const posted = fake.postMessage({ content: `<@${fake.world.bot.id}> ${QUESTION}`, mentionsBot: true });
    await fake.waitForSuccess((r) => r.path === `/channels/${posted.id}/messages`, 'the answer in the thread');

    // The reply fails with an error quoting the token: the bot logs it, masked, and tells the user a plain sentence.
    fake.rest.intercept((r) => (r.path.endsWith('/callback') ? { status: 400, body: ECHOED } : undefined), { times: 1 });
    const failed = await fake.interactionReply(fake.slashCommand({ name: 'sources' }));
    expect(failed.message.content).toBe(INTERNAL_ERROR);

    // A permissions field discord.js cannot parse: it rejects, quoting the value, outside any handler.
    const malformed = fake.slashCommand({ name: 'ask', options: { question: QUESTION } });
    fake.gateway.dispatch('INTERACTION_CREATE', { ...interactionOf(fake, malformed.id), app_permissions: TEST_TOKEN });
    const rejection = await untilLogged(bot, 'unhandled-rejection');
    expect(rejection).toMatchObject({ level: 'error', error: { message: expect.stringContaining('[redacted]') } });
    expect(embedText((await fake.interactionReply(fake.slashCommand({ name: 'ask', options: { question: QUESTION } }))).message)).toContain('72');

    expect(await bot.stop()).toBe(0);
    expect(bot.stderr()).toBe('');
    expect(logEntries(bot.stdout()).map((e) => e.event)).toEqual(expect.arrayContaining(['ready', 'ask', 'command', 'unhandled-rejection', 'stopped']));
    expect(logEntries(bot.stdout())).toContainEqual(
      expect.objectContaining({ event: 'command', outcome: 'error', error: expect.objectContaining({ message: 'Invalid Form Body (request had Authorization: Bot [redacted])' }) }),
    );
    expectTokenNowhere(bot);
  });

  it('stays out of the line for a rejected token (401)', async () => {
    fake.rest.intercept(() => ({ status: 401, body: { message: `401: Unauthorized (Bot ${TEST_TOKEN})`, code: 0 } }));
    bot = startBotProcess(env);
    expect(await withTimeout(bot.exit, STARTUP_MS, 'start to fail')).toBe(1);
    expect(bot.stderr()).toMatch(/^Discord rejected DISCORD_TOKEN \(401 Unauthorized\)\. .*\n$/);
    expectTokenNowhere(bot);
  });

  it('stays out of the line for a start-up failure whose error quotes it', async () => {
    fake.rest.intercept((r) => (r.method === 'PUT' ? { status: 400, body: ECHOED } : undefined));
    bot = startBotProcess(env);
    expect(await withTimeout(bot.exit, STARTUP_MS, 'start to fail')).toBe(1);
    expect(bot.stderr()).toBe('Invalid Form Body (request had Authorization: Bot [redacted])\n');
    expectTokenNowhere(bot);
  });
});

/** The raw INTERACTION_CREATE the fake sent for `id`, to send again altered. */
function interactionOf(fake: FakeDiscord, id: string): Record<string, unknown> {
  const sent = fake.gateway.events.find((e) => e.kind === 'sent' && e.frame.t === 'INTERACTION_CREATE' && (e.frame.d as { id: string }).id === id);
  const d = sent?.kind === 'sent' ? (sent.frame.d as Record<string, unknown>) : {};
  return { ...d, id: snowflake(), token: `${d.token}-again` };
}

describe('configuration', () => {
  it('keeps .env out of git', () => {
    const ignored = spawnSync('git', ['check-ignore', '--quiet', '.env'], { cwd: PROJECT_ROOT });
    expect(ignored.status).toBe(0);
    const tracked = spawnSync('git', ['ls-files', '--', '.env'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(tracked.stdout).toBe('');
  });

  const DISCORD = { DISCORD_TOKEN: TEST_TOKEN, DISCORD_APPLICATION_ID: '123456789012345678' };
  /** Each setting that has a form to check, with a value out of it, and the words that describe the form. */
  const BAD_VALUES: Array<[string, string, RegExp, 'core' | 'discord']> = [
    ['DISCORD_TOKEN', 'Bot abc def', /expected the bot token from the Developer Portal/, 'discord'],
    ['DISCORD_APPLICATION_ID', 'my-app', /expected the application id, a snowflake of 17–20 digits/, 'discord'],
    // All digits, too short: the message says how long an id is, not that it should be numeric.
    ['DISCORD_APPLICATION_ID', '123', /expected the application id, a snowflake of 17–20 digits \(Developer Portal → General Information → Application ID\)/, 'discord'],
    ['DISCORD_GUILD_ID', 'newsroom', /expected a server id, a snowflake of 17–20 digits \(with Developer Mode on: right-click the server → Copy Server ID\)/, 'discord'],
    ['DISCORD_GUILD_ID', '1234567890123456789012', /expected a server id, a snowflake of 17–20 digits/, 'discord'],
    ['DISCORD_API_URL', 'discord api', /expected a URL such as https:\/\/discord\.com\/api/, 'discord'],
    ['DISCORD_ALLOWED_CHANNELS', '#research', /expected comma-separated channel ids, each a snowflake of 17–20 digits/, 'discord'],
    ['ASK_COOLDOWN_SECONDS', 'ten', /expected number/, 'discord'],
    ['ASK_COOLDOWN_SECONDS', '-5', /expected number to be >=0/, 'discord'],
    ['REGISTER_COMMANDS_ON_START', 'maybe', /expected true or false/, 'discord'],
    ['MODEL_DTYPE', 'fp64', /expected one of fp32, fp16, q8, int8, uint8, q4/, 'core'],
    ['EMBED_PREFIXES', 'bge', /expected auto, e5 or none/, 'core'],
    ['EMBED_BATCH_SIZE', '0', /expected number to be >0/, 'core'],
    ['EMBED_THREADS', 'two', /expected number/, 'core'],
    ['ANSWER_MAX_QUOTES', '11', /expected number to be <=10/, 'core'],
    ['LEXICAL_ONLY', 'sometimes', /expected true or false/, 'core'],
    ['LOG_LEVEL', 'loud', /expected one of "debug"\|"info"\|"warn"\|"error"\|"silent"/, 'core'],
  ];

  for (const [name, value, form, scope] of BAD_VALUES) {
    it(`names ${name} and its form when it is ${JSON.stringify(value)}, in one line`, () => {
      const load = scope === 'core' ? () => loadConfig({ [name]: value }) : () => loadDiscordConfig({ ...DISCORD, [name]: value });
      const error = catchError(load);
      expect(error).toBeInstanceOf(UserFacingError);
      const line = describeError(error);
      expect(line).toMatch(new RegExp(`^Invalid configuration: ${name}: `));
      expect(line).toMatch(form);
      expect(line).toMatch(/Fix it in \.env \(see \.env\.example\)\.$/);
      expect(line).not.toContain('\n');
      if (name === 'DISCORD_TOKEN') expect(line).not.toContain(value); // a mistyped token is still most of a token
    });
  }

  it('says which Discord settings are missing', () => {
    const line = describeError(catchError(() => loadDiscordConfig({ DISCORD_GUILD_ID: '' })));
    expect(line).toMatch(/DISCORD_TOKEN: not set; expected the bot token.*DISCORD_APPLICATION_ID: not set; expected the application id, a snowflake of 17–20 digits/);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
