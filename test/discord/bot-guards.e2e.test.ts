/**
 * The bot's guards end to end, with a stub service whose answers the tests control: Discord
 * limits, the cooldown, deferral of slow answers, the channel allow-list, failures, DMs and the
 * hint for thread messages Discord hides without Message Content.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { UserFacingError } from '../../src/errors.js';
import { CallbackType, EPHEMERAL } from '../../src/dev/fake-discord/index.js';
import { embedText, expectWithinDiscordLimits } from './discord-limits.js';
import { makeAnswer } from './fixtures.js';
import { startHarness, type Harness, type HarnessOptions } from './harness.js';
import { createStubService, type StubService } from './stub-service.js';

describe('Discord bot guards', { timeout: 15_000 }, () => {
  let h: Harness | undefined;
  let service: StubService;

  async function start(options: Omit<HarnessOptions, 'service'> = {}): Promise<Harness> {
    service = createStubService();
    h = await startHarness({ service, ...options });
    return h;
  }

  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('trims an answer far past every limit before it reaches Discord, as a reply and in a thread', async () => {
    const { fake } = await start();
    const { message } = await fake.interactionReply(fake.slashCommand({ name: 'ask', options: { question: 'HUGE answer please' } }));
    expectWithinDiscordLimits(message);
    expect(message.embeds[0].fields.at(-1).name).toBe('More quotes');

    const question = fake.postMessage({ content: `<@${fake.world.bot.id}> HUGE again`, mentionsBot: true });
    const inThread = await fake.waitForRequest((r) => r.path === `/channels/${question.id}/messages`, 'the huge answer in the thread');
    expectWithinDiscordLimits(inThread.body);
  });

  it('answers a second question within the cooldown privately with when to try again', async () => {
    const { fake } = await start({ config: { cooldownSeconds: 60 } });
    const first = await fake.interactionReply(fake.slashCommand({ name: 'ask', options: { question: 'Hvor mange land?' } }));
    expect(first.message.flags ?? 0).toBe(0);

    const second = await fake.interactionReply(fake.slashCommand({ name: 'ask', options: { question: 'Hvor mange land igjen?' } }));
    expect(second.message.flags).toBe(EPHEMERAL);
    const [, unix] = /<t:(\d+):R>/.exec(second.message.content) ?? [];
    expect(Number(unix)).toBeGreaterThan(Date.now() / 1000 + 50);
    expect(service.asked).toEqual(['Hvor mange land?']);

    const otherUser = await fake.interactionReply(
      fake.slashCommand({ name: 'ask', options: { question: 'Hvor mange land?' }, user: fake.world.users.bob }),
    );
    expect(otherUser.message.flags ?? 0).toBe(0);
  });

  it('defers a slow answer within the deadline and fills it in when ready', async () => {
    const { fake } = await start({ deferAfterMs: 20 });
    let finish!: (answer: Answer) => void;
    const pending = new Promise<Answer>((resolve) => (finish = resolve));
    service.answerWith(() => pending);

    const sent = fake.slashCommand({ name: 'ask', options: { question: 'Hvor mange land?' } });
    const deferral = await fake.waitForRequest((r) => r.path.startsWith(`/interactions/${sent.id}/`), 'the deferral');
    expect(deferral.body.type).toBe(CallbackType.DeferredReply);
    expect(deferral.body.data?.flags ?? 0).toBe(0); // the answer is for everyone, not ephemeral

    finish(makeAnswer({ id: 'slow1', question: 'Hvor mange land?' }));
    const { message, deferred } = await fake.interactionReply(sent);
    expect(deferred).toBe(true);
    expect(embedText(message)).toContain('72');
  });

  it('refuses commands outside the allowed channels privately, and ignores mentions there', async () => {
    const { fake } = await start();
    h!.config.allowedChannelIds.push(fake.researchChannelId);

    const refused = await fake.interactionReply(
      fake.slashCommand({ name: 'ask', options: { question: 'Hvor mange land?' }, channelId: fake.otherChannelId }),
    );
    expect(refused.message).toMatchObject({ flags: EPHEMERAL, content: `I don't answer in this channel. Ask me in <#${fake.researchChannelId}>.` });

    const mention = (channelId: string) =>
      fake.postMessage({ content: `<@${fake.world.bot.id}> Hvor mange land?`, mentionsBot: true, channelId });
    const ignored = mention(fake.otherChannelId);
    const answered = mention(fake.researchChannelId);
    // Handled in order: by the time the second mention is answered, the first would have started its thread.
    await fake.waitForRequest((r) => r.path === `/channels/${answered.id}/messages`, 'the answer in the allowed channel');
    expect(fake.rest.requests.items.filter((r) => r.path.includes(ignored.id))).toEqual([]);
    expect(service.asked).toEqual(['Hvor mange land?']);
  });

  it('tells the user when answering fails instead of leaving the interaction unanswered', async () => {
    const { fake } = await start();
    service.answerWith(() => Promise.reject(new UserFacingError('The index is damaged.')));
    const { message } = await fake.interactionReply(fake.slashCommand({ name: 'ask', options: { question: 'Hvor mange land?' } }));
    expect(message).toMatchObject({ flags: EPHEMERAL, content: 'Sorry, that failed: The index is damaged.' });
    expect(h!.logger.entries().some((e) => e.event === 'ask' && e.outcome === 'error')).toBe(true);
  });

  it('keeps one feedback line per user and answer, the latest vote, however often they click', async () => {
    const { fake } = await start();
    const { message } = await fake.interactionReply(fake.slashCommand({ name: 'ask', options: { question: 'Hvor mange land?' } }));
    const [up, down] = message.components[0].components.map((b: { custom_id: string }) => b.custom_id);
    const clicks = Array.from({ length: 40 }, (_, i) => fake.clickButton({ customId: i % 2 ? up : down }));
    clicks.push(fake.clickButton({ customId: down, user: fake.world.users.bob }));
    await Promise.all(clicks.map((sent) => fake.interactionReply(sent)));
    const lines = (await readFile(h!.config.feedbackFile, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => l.choice)).toEqual(['up', 'down']);
    expect(new Set(lines.map((l) => l.voter)).size).toBe(2);
  });

  it('answers DMs as replies, without a thread', async () => {
    const { fake } = await start();
    const question = fake.postMessage({ content: 'Hvor mange land signerte?', dm: true });
    const reply = await fake.waitForRequest((r) => r.path === `/channels/${question.channel_id}/messages`, 'the DM reply');
    expect(reply.body.message_reference.message_id).toBe(question.id);
    expect(embedText(reply.body)).toContain('72');
    expect(fake.rest.requests.find((r) => r.path.endsWith('/threads'))).toBeUndefined();
  });

  it('explains once per thread that it cannot read messages hidden by the missing Message Content intent', async () => {
    const { fake } = await start();
    const question = fake.postMessage({ content: `<@${fake.world.bot.id}> Hvor mange land?`, mentionsBot: true });
    await fake.waitForRequest((r) => r.path === `/channels/${question.id}/messages`, 'the answer in the thread');

    const hidden = fake.postMessage({ channelId: question.id, content: '' });
    const hint = await fake.waitForRequest((r) => r.body?.message_reference?.message_id === hidden.id, 'the hint');
    expect(hint.body.content).toContain(`Start your question with <@${fake.world.bot.id}>`);

    fake.postMessage({ channelId: question.id, content: '' });
    const mentioned = fake.postMessage({ channelId: question.id, content: `<@${fake.world.bot.id}> Hvor mange land?`, mentionsBot: true });
    await fake.waitForRequest((r) => r.body?.message_reference?.message_id === mentioned.id, 'the answer to the mention');
    const hints = fake.rest.requests.items.filter((r) => r.body?.content?.includes?.('Start your question'));
    expect(hints).toHaveLength(1);
  });

  it('replies in the channel when Discord refuses to start a thread', async () => {
    const { fake } = await start();
    fake.rest.intercept((r) => (r.path.endsWith('/threads') ? { status: 403, body: { message: 'Missing Permissions', code: 50013 } } : undefined), { times: 1 });
    const question = fake.postMessage({ content: `<@${fake.world.bot.id}> Hvor mange land?`, mentionsBot: true });
    const reply = await fake.waitForRequest((r) => r.path === `/channels/${question.channel_id}/messages`, 'the fallback reply');
    expect(reply.body.message_reference.message_id).toBe(question.id);
    expect(embedText(reply.body)).toContain('72');
  });

  it('a 👍 keeps the lines of the feedback file that are not votes (issue 22, item 18)', async () => {
    const { fake, config } = await start();
    const others = ['# votes since the launch', '{"note":"reviewed by the desk"}'];
    await writeFile(config.feedbackFile, `${others.join('\n')}\n`);
    const { message } = await fake.interactionReply(fake.slashCommand({ name: 'ask', options: { question: 'Hvor mange land?' } }));
    const [up] = message.components[0].components as { custom_id: string }[];
    await fake.interactionReply(fake.clickButton({ customId: up!.custom_id }));
    const lines = (await readFile(config.feedbackFile, 'utf8')).trim().split('\n');
    expect(lines.slice(0, 2)).toEqual(others);
    expect(lines.slice(2).map((line) => JSON.parse(line).choice)).toEqual(['up']);
  });
});
