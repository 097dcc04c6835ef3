/**
 * `npm start` on PostgreSQL outlives its database: the bot as a real process on the fake
 * Discord, its DATABASE_URL (with a password in the userinfo, holding '@', and another in the
 * query) pointing at a relay that stops and starts as a server would. Started while the server
 * is down, it says the database is unreachable (never the password, host, port or database to
 * users; the URL without credentials to the operator) and answers once it is back; its
 * connections terminated or dropped by a restart, it stays up and answers again; and it still
 * hears of another process's index run after its LISTEN connection dropped. Refused by a
 * role's connection limit at start, it answers once the limit is lifted.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runIndexer } from '../../src/app/indexer.js';
import { FakeDiscord } from '../../src/dev/fake-discord/index.js';
import { openBotService } from '../../src/discord/bot-service.js';
import { embedText } from '../discord/discord-limits.js';
import { botEnv, logEntries, startBotProcess, untilLogged, untilRegistered, type BotProcess } from '../support/bot-process.js';
import { tcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { makeWorkspace } from '../support/workspace.js';
import { sentMessages, shownText } from './support/bot-messages.js';

const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn('PostgreSQL bot fault tests skipped: TEST_DATABASE_URL is not set (bash .ci/postgres.sh starts a server and sets it).');

const QUESTION = 'Hvor mange land signerte konvensjonen?';
/** An article the question does not need, removed by another process's index run. */
const UNASKED = '001_2bbfcbddf29d72c1.txt';
/** The server trusts local connections: any password gets in, and none may be shown. */
const PASSWORDS = ['p@ss@hunter2', 'query-hunter3'];

describe.skipIf(!url)('the bot on PostgreSQL when the database goes away', { timeout: 90_000 }, () => {
  const schema = `botfaults_${process.pid}_${Date.now().toString(36)}`;
  const workspace = makeWorkspace();
  Object.assign(workspace.env, { DATABASE_URL: url!, DATABASE_SCHEMA: schema });
  const config = workspace.reload();
  let fake: FakeDiscord | undefined;
  let bot: BotProcess | undefined;
  let proxy: TcpProxy | undefined;

  afterAll(async () => {
    if (bot?.child.exitCode === null) bot.child.kill('SIGKILL');
    await fake?.close();
    await proxy?.close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    workspace.cleanup();
  });

  const ask = async () => fake!.interactionReply(fake!.slashCommand({ name: 'ask', options: { question: QUESTION } }));
  /** Asks until the bot answers from the index (it retries the database by itself, and when asked). */
  const untilAnswered = () =>
    vi.waitFor(async () => expect(embedText((await ask()).message)).toContain('72'), { timeout: 30_000, interval: 250 });
  const expectAlive = () => expect(bot!.child.exitCode, bot!.stdout()).toBeNull();

  it('says the database is unreachable without its credentials, and answers once it is back, after terminated connections and a restart', async () => {
    await runIndexer(config);
    const server = new URL(url!);
    proxy = await tcpProxy({ host: server.hostname, port: Number(server.port) });
    const dbName = server.pathname.slice(1);
    const databaseUrl = `postgres://postgres:${PASSWORDS[0]}@127.0.0.1:${proxy.port}/${dbName}?password=${PASSWORDS[1]}`;
    fake = await FakeDiscord.start();
    bot = startBotProcess({ ...botEnv(fake, workspace.dir), DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema });
    await untilRegistered(fake, bot);

    // Down at start: users read only that the database is unreachable.
    const unavailable = await untilLogged(bot, 'service-unavailable');
    expect(unavailable.problem).toBe('The database is unreachable.');
    const refused = (await ask()).message.content.replace(/\\(.)/g, '$1');
    expect(refused).toMatch(/^Sorry, that failed: The database is unreachable\. /);
    for (const shown of [String(proxy.port), dbName, '127.0.0.1', 'postgres://']) expect(refused).not.toContain(shown);
    // The operator reads which server, without any credential.
    expect(JSON.stringify(unavailable)).toContain(`postgres://postgres@127.0.0.1:${proxy.port}/${dbName}`);

    await proxy.up();
    await untilAnswered();
    await untilLogged(bot, 'service-loaded');

    // Every connection of the bot terminated (an administrator, a failover): it answers again.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name LIKE $1`,
        [`newsdesk % pid ${bot.child.pid}%`],
      );
      expect(rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    expect(embedText((await ask()).message)).toContain('72');
    expectAlive();

    // A restart: every connection dropped, refused for a while, then back.
    await proxy.down();
    expect((await ask()).message.content).toMatch(/^Sorry, that failed: The database is unreachable\. /);
    expectAlive();
    await proxy.up();
    await untilAnswered();

    // Another process's index run, after the LISTEN connection dropped with the rest.
    await untilLogged(bot, 'index-watch');
    fs.rmSync(path.join(workspace.seedsDir, UNASKED));
    await runIndexer(config);
    await vi.waitFor(
      async () => expect((await fake!.interactionReply(fake!.slashCommand({ name: 'sources' }))).message.embeds[0].title).toBe('Indexed articles (4)'),
      { timeout: 20_000, interval: 250 },
    );

    expect(await bot.stop()).toBe(0);
    const logged = logEntries(bot.stdout());
    expect(logged.filter((e) => e.event === 'index-watch').map((e) => e.outcome)).toEqual(expect.arrayContaining(['disconnected', 'reconnected']));
    expect(logged.some((e) => e.event === 'uncaught-exception')).toBe(false);
    const everything = [bot.stdout(), bot.stderr(), ...sentMessages(fake).map(({ body }) => shownText(body))].join('\n');
    for (const password of PASSWORDS) expect(everything).not.toContain(password);
  });

  it('answers once a connection limit that refused it at start is lifted', async () => {
    const role = `botfaults_limited_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const database = new URL(url!).pathname.slice(1);
      // Not a superuser: the limit does not hold for superusers.
      await admin.query(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT 0`);
      await admin.query(`GRANT CONNECT, CREATE ON DATABASE ${database} TO ${role}`);
      await admin.query(`GRANT ALL ON SCHEMA ${schema} TO ${role}`);
      await admin.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${role}`);
      const limited = new URL(url!);
      limited.username = role;
      workspace.env.DATABASE_URL = limited.toString();
      const opened = await openBotService(workspace.reload());
      expect(opened.problem?.message).toBe('The database is unreachable.');
      await expect(opened.service.ask(QUESTION)).rejects.toThrow(/^The database is unreachable\.$/);
      await admin.query(`ALTER ROLE ${role} CONNECTION LIMIT -1`);
      // Asking tries again at once.
      expect((await opened.service.ask(QUESTION)).answerLine).toMatch(/^72\b/);
      await opened.service.close();
    } finally {
      workspace.env.DATABASE_URL = url!;
      workspace.reload();
      await admin.query(`DROP OWNED BY ${role}`).catch(() => undefined);
      await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      await admin.end();
    }
  });
});
