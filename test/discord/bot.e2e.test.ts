/**
 * The bot end to end: the real discord.js Client against the fake Discord, answering from the
 * real research service over the repository's seeds (keyword-only index).
 */
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { voterOf } from '../../src/discord/feedback.js';
import { CallbackType, EPHEMERAL, Op } from '../../src/dev/fake-discord/index.js';
import { embedText, expectWithinDiscordLimits } from './discord-limits.js';
import { TEST_TOKEN } from './harness.js';
import { useSeedBot } from './seed-bot.js';

const VTV_URL = 'https://vtv.vn/phat-bieu-cua-bo-truong-bo-cong-an-tai-phien-be-mac-le-mo-ky-cong-uoc-ha-noi-100251026210701246.htm';
const COUNTRIES_QUESTION = 'Hvor mange land signerte konvensjonen?';

describe('Discord bot over the seed corpus', { timeout: 15_000 }, () => {
  const suite = useSeedBot();

  /** How many numbered quotes a rendered answer shows. */
  const citationsShown = (message: { embeds: Array<{ fields: Array<{ name: string }> }> }) =>
    message.embeds[0]!.fields.filter((f) => /^\[\d+\]/.test(f.name)).length;

  /** Runs `/ask` and returns the message the user sees. */
  async function ask(question: string) {
    const reply = await suite.h.fake.interactionReply(suite.h.fake.slashCommand({ name: 'ask', options: { question } }));
    return reply.message;
  }

  it('connects through the gateway without privileged intents and registers the commands in the guild', async () => {
    const identify = suite.h.fake.gateway.events.find((e) => e.kind === 'received' && e.frame.op === Op.Identify);
    const intents = (identify as { frame: { d: { intents: number } } }).frame.d.intents;
    expect(intents).toBe(1 | 512 | 4096); // Guilds | GuildMessages | DirectMessages
    expect(intents & (1 << 15)).toBe(0); // no MessageContent

    const put = await suite.h.fake.waitForRequest((r) => r.method === 'PUT', 'command registration');
    expect(put.path).toBe(`/applications/${suite.h.fake.world.applicationId}/guilds/${suite.h.fake.world.guild.id}/commands`);
    expect(put.headers.authorization).toBe(`Bot ${TEST_TOKEN}`);
    const byName = Object.fromEntries(put.body.map((c: { name: string }) => [c.name, c]));
    expect(Object.keys(byName)).toEqual(['ask', 'cite', 'sources', 'reindex', 'add']);
    expect(byName.reindex.default_member_permissions).toBe('32'); // Manage Server
    expect(byName.add.default_member_permissions).toBe('32');
    expect(byName.ask.options[0]).toMatchObject({ name: 'question', type: 3, required: true });
  });

  it('/ask answers with the value, the numbered quote and a link to its source', async () => {
    const message = await ask(COUNTRIES_QUESTION);
    const text = embedText(message);
    expect(message.embeds[0].description).toContain('**The articles disagree: 72 (4 of 5 articles) · nästan 70');
    // The disagreement first, with each value's quotes; then the numbered quotes.
    expect(message.embeds[0].fields[0]).toMatchObject({ name: 'The sources disagree' });
    expect(message.embeds[0].fields[0].value).toContain('nästan 70');
    expect(message.embeds[0].fields[1].name).toMatch(/^\[1\] /);
    expect(message.embeds[0].fields[1].value).toContain('72 land');
    expect(text).toContain(`(${VTV_URL})`);
    expect(message.embeds[0].footer.text).toMatch(/^keyword search · \d+ ms · answer [\w-]+$/);
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.components[0].components.map((b: { custom_id: string }) => b.custom_id.split(':')[0])).toEqual(['fb', 'fb', 'src']);
    expectWithinDiscordLimits(message);
  });

  it('/cite shows the full passage behind a citation, for the latest answer or a given one', async () => {
    const answer = await ask(COUNTRIES_QUESTION);
    const answerId = answer.embeds[0].footer.text.split('answer ')[1];

    const latest = (await suite.h.fake.interactionReply(suite.h.fake.slashCommand({ name: 'cite', options: { n: 1 } }))).message;
    expect(latest.embeds[0].title).toMatch(/^\[1\] General Luong Tam Quang/);
    expect(latest.embeds[0].url).toBe(VTV_URL);
    expect(latest.embeds[0].description).toContain('**Signeringsseremonien for FNs konvensjon');
    expect(latest.embeds[0].fields).toContainEqual({ name: 'Language', value: 'no', inline: true });
    expect(latest.embeds[0].fields[0].value).toMatch(/^\d+ of \d+$/);

    const given = (await suite.h.fake.interactionReply(suite.h.fake.slashCommand({ name: 'cite', options: { n: 1, answer: answerId } }))).message;
    expect(given.embeds[0].footer.text).toContain(answerId);

    const missing = await suite.h.fake.interactionReply(suite.h.fake.slashCommand({ name: 'cite', options: { n: 9 } }));
    expect(missing.message.flags).toBe(EPHEMERAL);
    expect(missing.message.content).toBe(`That answer has citations [1] to [${citationsShown(answer)}], not [9].`);
  });

  it('/sources lists the indexed articles with the index mode and model', async () => {
    const { message } = await suite.h.fake.interactionReply(suite.h.fake.slashCommand({ name: 'sources' }));
    const embed = message.embeds[0];
    expect(embed.title).toBe('Indexed articles (5)');
    expect(embed.description.split('\n')).toHaveLength(5);
    expect(embed.description).toContain(`](${VTV_URL}) · no · 23 passages`);
    expect(embed.fields).toContainEqual({ name: 'Mode', value: 'keyword search', inline: true });
    expect(embed.fields).toContainEqual({ name: 'Model', value: 'none (keyword-only index)', inline: true });
  });

  it('the 👍 button records a feedback line; the Sources button lists the cited articles privately', async () => {
    const answer = await ask(COUNTRIES_QUESTION);
    const [up, , sources] = answer.components[0].components as { custom_id: string }[];

    const thanks = await suite.h.fake.interactionReply(suite.h.fake.clickButton({ customId: up!.custom_id }));
    expect(thanks.callback.body).toMatchObject({ type: CallbackType.Reply, data: { flags: EPHEMERAL } });
    const lines = (await readFile(suite.h.config.feedbackFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.at(-1)).toEqual({
      answerId: up!.custom_id.slice('fb:up:'.length),
      question: COUNTRIES_QUESTION,
      choice: 'up',
      voter: voterOf(up!.custom_id.slice('fb:up:'.length), suite.h.fake.world.users.alice.id),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    const list = await suite.h.fake.interactionReply(suite.h.fake.clickButton({ customId: sources!.custom_id }));
    expect(list.message.flags).toBe(EPHEMERAL);
    // Each quote of this answer comes from another article.
    expect(list.message.embeds[0].title).toBe(`Sources cited (${citationsShown(answer)})`);
    expect(list.message.embeds[0].description).toContain(`(${VTV_URL}) · no · [1]`);
  });

  it('answers a mention in a thread started on the message, then a follow-up in that thread without a mention', async () => {
    const bot = suite.h.fake.world.bot;
    const question = suite.h.fake.postMessage({ content: `<@${bot.id}> ${COUNTRIES_QUESTION}`, mentionsBot: true });

    const thread = await suite.h.fake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${question.channel_id}/messages/${question.id}/threads`,
      'the thread on the question',
    );
    expect(thread.body.name).toBe(COUNTRIES_QUESTION);
    const threadId = question.id; // Discord gives a message's thread the message's id
    const answer = await suite.h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${threadId}/messages`, 'the answer in the thread');
    expect(answer.seq).toBeGreaterThan(thread.seq);
    expect(embedText(answer.body)).toContain('72');
    expect(answer.body.allowed_mentions).toEqual({ parse: [] });

    const followUp = suite.h.fake.postMessage({ channelId: threadId, content: 'Hvor mange delegater deltok i seremonien?' });
    const reply = await suite.h.fake.waitForRequest(
      (r) => r.path === `/channels/${threadId}/messages` && r.body?.message_reference?.message_id === followUp.id,
      'the answer to the follow-up',
    );
    expect(reply.body.embeds[0].title).toBe('Hvor mange delegater deltok i seremonien?');
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('abstains on a question the corpus does not answer', async () => {
    const message = await ask('Who won the 2022 football World Cup?');
    expect(message.embeds[0].description).toContain('The corpus does not answer this.');
    // Keyword search only here: an English question cannot be matched, and the bot says so and why.
    expect(message.embeds[0].description).toContain('Your question is in English; without the embedding model only keyword search runs');
    expect(message.embeds[0].fields).toEqual([]);
  });

  it('never pings: @everyone and <@123> in a question are escaped and no mention is allowed', async () => {
    const message = await ask('Did @everyone sign it, asks <@123> **loudly**?');
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.embeds[0].title).toBe('Did @\u200beveryone sign it, asks <@\u200b123> \\*\\*loudly\\*\\*?');
    expect(JSON.stringify(message)).not.toMatch(/@everyone|<@123>/);
  });

  it('resumes after the gateway asks it to reconnect (op 7) and still answers', async () => {
    const before = suite.h.fake.gateway.connectionNumber;
    suite.h.fake.gateway.requestReconnect();
    await suite.h.fake.gateway.waitForSession(before);
    const resume = suite.h.fake.gateway.events.find((e) => e.kind === 'received' && e.connection > before && e.frame.op === Op.Resume);
    expect(resume).toBeDefined();

    const message = await ask(COUNTRIES_QUESTION);
    expect(embedText(message)).toContain('72');
  });

  it('/reindex reports what changed and answers from the new index without a restart', async () => {
    await appendFile(path.join(suite.seeds.seedsDir, '004_7b129aeb4f296bfc.txt'), '\nUne phrase ajoutée pour le test.\n');
    const { callback, message, deferred } = await suite.h.fake.interactionReply(suite.h.fake.slashCommand({ name: 'reindex' }));
    expect(deferred).toBe(true);
    expect(callback.body).toEqual({ type: CallbackType.DeferredReply, data: { flags: EPHEMERAL } });
    expect(message.embeds[0].title).toBe('Index updated');
    expect(message.embeds[0].fields).toContainEqual({ name: 'Changed (1)', value: '• 004\\_7b129aeb4f296bfc.txt' });
    expect(embedText(await ask(COUNTRIES_QUESTION))).toContain('72');
  });

  it('logs JSON lines with the question length and timings, never the question or the token', () => {
    const asks = suite.h.logger.entries().filter((e) => e.event === 'ask');
    expect(asks.length).toBeGreaterThan(0);
    expect(asks[0]).toMatchObject({ via: 'slash', questionChars: COUNTRIES_QUESTION.length, outcome: 'answered', mode: 'lexical' });
    expect(asks[0]!.ms).toEqual(expect.any(Number));
    const all = suite.h.logger.lines.join('\n');
    expect(all).not.toContain(COUNTRIES_QUESTION);
    expect(all).not.toContain(TEST_TOKEN);
  });
});
