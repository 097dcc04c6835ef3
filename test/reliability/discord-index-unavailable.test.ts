/**
 * The bot with an index it cannot use: damaged, built with another model, or impossible to
 * build. It starts the way `npm start` does (openBotService, then createBot), stays connected,
 * answers /ask, /cite, /sources and mentions with one line saying the index is unavailable and
 * how to fix it, and answers normally once /reindex has rebuilt the index. A missing or broken
 * model folder only makes answers keyword-only, with one warning line naming MODEL_DIR.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runIndexer } from '../../src/app/indexer.js';
import { openBotService } from '../../src/discord/bot-service.js';
import { EPHEMERAL, FakeDiscord } from '../../src/dev/fake-discord/index.js';
import { embedText } from '../discord/discord-limits.js';
import { startHarness, type Harness } from '../discord/harness.js';
import { makeWorkspace, REPO_SEEDS, type Workspace } from '../support/workspace.js';
import { botEnv, logEntries, startBotProcess, untilRegistered, type BotProcess } from '../support/bot-process.js';

const QUESTION = 'Hvor mange land signerte konvensjonen?';

let workspace: Workspace | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  await h?.bot.context.service.close();
  workspace?.cleanup();
  h = undefined;
  workspace = undefined;
});

function generationFile(w: Workspace, name: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(w.indexDir, 'manifest.json'), 'utf8'));
  return path.join(w.indexDir, manifest.generation, name);
}

/** Overwrites bytes in the middle of a file, keeping its size. */
function corrupt(file: string): void {
  const bytes = fs.readFileSync(file);
  bytes.fill(0x7a, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 64);
  fs.writeFileSync(file, bytes);
}

type Damage = [string, (w: Workspace) => void, RegExp];
const DAMAGES: Damage[] = [
  ['an empty manifest', (w) => fs.writeFileSync(path.join(w.indexDir, 'manifest.json'), ''), /index\/manifest\.json is damaged/],
  ['a truncated manifest', (w) => fs.truncateSync(path.join(w.indexDir, 'manifest.json'), 40), /index\/manifest\.json is damaged/],
  ['a truncated keyword index', (w) => fs.truncateSync(generationFile(w, 'keyword.sqlite'), 100), /keyword\.sqlite is damaged/],
  ['a corrupted keyword index', (w) => corrupt(generationFile(w, 'keyword.sqlite')), /keyword\.sqlite is damaged/],
  ['a deleted index generation', (w) => fs.rmSync(path.dirname(generationFile(w, 'keyword.sqlite')), { recursive: true }), /gen-[\w-]+(\/[\w.]+)? is damaged/],
];

/** The one line every command answers with while the index is unavailable. */
function expectUnavailableLine(content: string, problem: RegExp, w: Workspace): void {
  const text = content.replace(/\\(.)/g, '$1'); // as Discord shows it, markdown escapes gone
  expect(text).toMatch(/^Sorry, that failed: The index is unavailable: /);
  expect(text).toMatch(problem);
  expect(text).toMatch(/An admin can rebuild it with \/reindex, or by running npm run index where the bot runs\.$/);
  expect(text).not.toContain('\n');
  expect(text).not.toContain(w.dir); // paths from the project folder only
}

/** /ask, /cite and /sources, then a mention: each answered with the line. */
async function expectEveryCommandExplains(fake: FakeDiscord, problem: RegExp, w: Workspace): Promise<void> {
  for (const [name, options] of [['ask', { question: QUESTION }], ['cite', { n: 1 }], ['sources', {}]] as const) {
    const { message } = await fake.interactionReply(fake.slashCommand({ name, options }));
    expect(message.flags, `/${name}`).toBe(EPHEMERAL);
    expectUnavailableLine(message.content, problem, w);
  }
  const posted = fake.postMessage({ content: `<@${fake.world.bot.id}> ${QUESTION}`, mentionsBot: true });
  const inThread = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${posted.id}/messages`, 'the reply in the thread');
  expectUnavailableLine(inThread.body.content, problem, w);
}

/** /reindex rebuilds the index and the same bot answers from it. */
async function expectReindexRepairs(fake: FakeDiscord): Promise<void> {
  const rebuilt = await fake.interactionReply(fake.slashCommand({ name: 'reindex' }), 20_000);
  expect(rebuilt.message.embeds[0].title).toBe('Index updated');
  expect(embedText((await fake.interactionReply(fake.slashCommand({ name: 'ask', options: { question: QUESTION } }))).message)).toContain('72');
  expect((await fake.interactionReply(fake.slashCommand({ name: 'sources' }))).message.embeds[0].title).toBe('Indexed articles (5)');
}

/** The bot as `npm start` opens it over an index damaged by `damage`, which it reports as `problem`. */
async function startOverDamagedIndex([, damage, problem]: Damage) {
  workspace = makeWorkspace();
  await runIndexer(workspace.config);
  damage(workspace);
  const opened = await openBotService(workspace.config, { buildIfMissing: true });
  expect(opened.problem?.message).toMatch(problem);
  h = await startHarness({ service: opened.service });
  return { h, workspace, service: opened.service };
}

describe('the Discord bot with an unusable index', () => {
  for (const damaged of DAMAGES) {
    const [what, , problem] = damaged;
    it(`stays up with ${what}, says so in one line with the fix, and answers after /reindex`, async () => {
      const { h, workspace } = await startOverDamagedIndex(damaged);
      await expectEveryCommandExplains(h.fake, problem, workspace);
      await expectReindexRepairs(h.fake);
    });
  }

  for (const damaged of [DAMAGES[0]!, DAMAGES[2]!]) {
    const [what, , problem] = damaged;
    it(`with ${what}, answers from the index that npm run index -- --rebuild wrote meanwhile, without /reindex (issue 22, item 12)`, async () => {
      const { h, workspace, service } = await startOverDamagedIndex(damaged);
      const ask = () => h.fake.interactionReply(h.fake.slashCommand({ name: 'ask', options: { question: QUESTION } }));
      expectUnavailableLine((await ask()).message.content, problem, workspace);

      // Another process's run, as the line tells the admin: the bot sees it, and takes the index.
      await runIndexer(workspace.config, { rebuild: true });
      await vi.waitFor(() => service.info(), { timeout: 10_000, interval: 50 });
      expect(embedText((await ask()).message)).toContain('72');
      expect((await h.fake.interactionReply(h.fake.slashCommand({ name: 'sources' }))).message.embeds[0].title).toBe('Indexed articles (5)');
    });
  }

  it('stays up with an index built with another model, naming the setting, and answers after /reindex', async () => {
    workspace = makeWorkspace({ model: 'tiny' });
    await runIndexer(workspace.config);
    workspace.env.MODEL_ID = 'another-model';
    const opened = await openBotService(workspace.reload());
    const problem = /built with the model tiny-bert \(q8\), but the configured model is another-model \(q8\) \(MODEL_ID, MODEL_DTYPE, EMBED_PREFIXES\)/;
    expect(opened.problem?.message).toMatch(problem);
    h = await startHarness({ service: opened.service });
    await expectEveryCommandExplains(h.fake, problem, workspace);
    await expectReindexRepairs(h.fake);
    expect(h.bot.context.service.info()).toMatchObject({ mode: 'hybrid', model: 'another-model' });
  });

  it('stays up when the index cannot be built, and /reindex says why until the seeds are back', async () => {
    workspace = makeWorkspace({ seeds: {} });
    const opened = await openBotService(workspace.config, { buildIfMissing: true });
    const problem = /no readable articles in seeds/;
    expect(opened.problem?.message).toMatch(problem);
    h = await startHarness({ service: opened.service });
    await expectEveryCommandExplains(h.fake, problem, workspace);

    const refused = await h.fake.interactionReply(h.fake.slashCommand({ name: 'reindex' }));
    expect(refused.message.content).toMatch(/^Sorry, that failed: .*no readable articles in /);
    fs.cpSync(REPO_SEEDS, workspace.seedsDir, { recursive: true });
    await expectReindexRepairs(h.fake);
  });

  for (const [what, breakModel] of [
    ['a missing model folder', (w: Workspace) => fs.rmSync(w.env.MODEL_DIR!, { recursive: true })],
    ['a model folder without its weights', (w: Workspace) => fs.rmSync(path.join(w.env.MODEL_DIR!, 'onnx'), { recursive: true })],
  ] as const) {
    it(`answers keyword-only with ${what}, after one warning line naming MODEL_DIR`, async () => {
      workspace = makeWorkspace({ model: 'tiny' });
      await runIndexer(workspace.config);
      breakModel(workspace);
      const warnings: string[] = [];
      const opened = await openBotService(workspace.config, { onWarning: (line) => warnings.push(line) });
      expect(opened.problem).toBeNull();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^Keyword search only: Could not load the embedding model .* Check MODEL_DIR: /);
      expect(warnings[0]).not.toMatch(/\n|^\s+at /m);
      h = await startHarness({ service: opened.service });
      const { message } = await h.fake.interactionReply(h.fake.slashCommand({ name: 'ask', options: { question: QUESTION } }));
      expect(message.embeds[0].description).toContain('Keyword search only: the embedding model could not be loaded.');
      expect(embedText(message)).toContain('72');
    });
  }
});

describe('npm start with a damaged index', { timeout: 60_000 }, () => {
  let fake: FakeDiscord | undefined;
  let bot: BotProcess | undefined;
  afterEach(async () => {
    if (bot?.child.exitCode === null) bot.child.kill('SIGKILL');
    await fake?.close();
  });

  it('connects, logs one line with the problem and the fix, answers with it, and recovers through /reindex', async () => {
    workspace = makeWorkspace();
    await runIndexer(workspace.config);
    fs.truncateSync(generationFile(workspace, 'keyword.sqlite'), 100);
    fake = await FakeDiscord.start();
    bot = startBotProcess(botEnv(fake, workspace.dir));
    await untilRegistered(fake, bot);

    const { message } = await fake.interactionReply(fake.slashCommand({ name: 'ask', options: { question: QUESTION } }));
    expectUnavailableLine(message.content, /keyword\.sqlite is damaged/, workspace);
    await expectReindexRepairs(fake);

    expect(await bot.stop()).toBe(0);
    expect(bot.stderr()).toBe('');
    const unavailable = logEntries(bot.stdout()).filter((e) => e.event === 'service-unavailable');
    expect(unavailable).toEqual([
      expect.objectContaining({
        level: 'error',
        problem: expect.stringMatching(/^The index is unavailable: The index file index\/gen-[\w-]+\/keyword\.sqlite is damaged/),
        fix: expect.stringContaining('/reindex'),
      }),
    ]);
  });
});
