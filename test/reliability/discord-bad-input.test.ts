/**
 * Bad input through the bot, end to end: every question of BAD_QUESTIONS sent through `/ask`
 * and through a mention, against the real service over the seeds. Each gets an answer, an
 * abstention or a short explanation; nothing the user typed pings anyone or renders as
 * markdown; and the bot answers a normal question right after.
 */
import { describe, expect, it } from 'vitest';
import { MAX_QUESTION_CHARS } from '../../src/answer/engine.js';
import { embedText, expectWithinDiscordLimits, type MessageBody } from '../discord/discord-limits.js';
import { useSeedBot } from '../discord/seed-bot.js';
import { BAD_QUESTIONS } from '../support/bad-questions.js';
import { expectNoPings, sentMessages, unescapedMarkdown } from './support/bot-messages.js';

const NORMAL_QUESTION = 'Hvor mange land signerte konvensjonen?';
/** Discord's own ceiling for a string option's max_length; the 20,000-character case goes by message only. */
const SLASH_OPTION_CEILING = 6000;

/** An answer, an abstention with its reason, or a short text: never an error, never empty. */
function expectSensibleReply(body: MessageBody & { embeds?: Array<{ title?: string; description?: string }> }): void {
  expectWithinDiscordLimits(body);
  const embed = body.embeds?.[0];
  if (!embed) {
    expect(body.content).toMatch(/^Ask me a question/);
    return;
  }
  expect(embed.description).toMatch(/^(\*\*The corpus does not answer this\.\*\*\n.{10,}|\*\*.+\*\*|No single answer)/);
  // The question is echoed as the title, as typed: no live markdown.
  expect(embed.title!.length).toBeGreaterThan(0);
  expect(unescapedMarkdown(embed.title!)).toEqual([]);
}

describe('bad input through the Discord bot', () => {
  const suite = useSeedBot();

  async function slashAsk(question: string) {
    return (await suite.h.fake.interactionReply(suite.h.fake.slashCommand({ name: 'ask', options: { question } }))).message;
  }

  /** `@bot question` in a channel: the answer in the thread started on it, or a reply to it. */
  async function mentionAsk(question: string) {
    const posted = suite.h.fake.postMessage({ content: `<@${suite.h.fake.world.bot.id}> ${question}`, mentionsBot: true });
    const reply = await suite.h.fake.waitForSuccess(
      (r) => r.method === 'POST' && (r.path === `/channels/${posted.id}/messages` || r.body?.message_reference?.message_id === posted.id),
      'the answer to the mention',
    );
    return reply.body;
  }

  it(`keeps the /ask option within Discord's limit (max_length ${MAX_QUESTION_CHARS} ≤ ${SLASH_OPTION_CEILING})`, async () => {
    const put = await suite.h.fake.waitForRequest((r) => r.method === 'PUT', 'command registration');
    const ask = put.body.find((c: { name: string }) => c.name === 'ask');
    expect(ask.options[0].max_length).toBe(MAX_QUESTION_CHARS);
    expect(MAX_QUESTION_CHARS).toBeLessThanOrEqual(SLASH_OPTION_CEILING);
  });

  const through = [
    ['/ask', slashAsk, BAD_QUESTIONS.filter(([, q]) => q.length <= SLASH_OPTION_CEILING)],
    ['a mention', mentionAsk, BAD_QUESTIONS],
  ] as const;

  for (const [path, send, table] of through) {
    for (const [name, question] of table) {
      it(`${path}: ${name} gets a sensible reply, pings no one, and the bot answers normally afterwards`, async () => {
        const since = suite.h.fake.rest.requests.items.length;
        expectSensibleReply(await send(question));
        expectNoPings(sentMessages(suite.h.fake, since), suite.h.fake.world.bot.id);
        expect(embedText(await send(NORMAL_QUESTION))).toContain('72');
      });
    }
  }

  it('shows markdown from the question as typed wherever the question is echoed', async () => {
    const [, markdown] = BAD_QUESTIONS.find(([name]) => name.startsWith('Discord markdown'))!;
    for (const body of [await slashAsk(markdown), await mentionAsk(markdown)]) {
      const title = body.embeds[0].title as string;
      expect(title).toContain('\\*\\*Hvor\\*\\*');
      expect(title).toContain('\\|\\|signerte\\|\\|');
      expect(title).toContain('\\`\\`\\`konvensjonen\\`\\`\\`');
    }
  });

  it('shows mentions from the question as text', async () => {
    const [, mentions] = BAD_QUESTIONS.find(([name]) => name.startsWith('@everyone'))!;
    const title = (await slashAsk(mentions)).embeds[0].title as string;
    expect(title).toContain('@\u200beveryone @\u200bhere <@\u200b123456789012345678> <@\u200b&223456789012345678> <#\u200b323456789012345678>');
  });

  it('says that only the start of a 20,000-character message was used', async () => {
    const [, flood] = BAD_QUESTIONS.find(([, q]) => q.length === 20_000)!;
    expect((await mentionAsk(flood)).embeds[0].description).toContain('Only the first 1000 characters of the question were used.');
  });
});
