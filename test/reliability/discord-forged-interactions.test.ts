/**
 * Interactions the bot cannot act on, through the real discord.js client on the fake Discord
 * (issue 22, item 20): one that names no user (a forged or damaged event: a member without its
 * user) and a button whose id is not the bot's each get a short private refusal, never silence
 * and never a rejection outside any handler; the bot answers normally afterwards.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EPHEMERAL } from '../../src/dev/fake-discord/index.js';
import { embedText } from '../discord/discord-limits.js';
import { startHarness, type Harness } from '../discord/harness.js';
import { createStubService } from '../discord/stub-service.js';

describe('interactions the bot cannot act on', { timeout: 15_000 }, () => {
  let h: Harness;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => void rejections.push(reason);

  beforeAll(async () => {
    h = await startHarness({ service: createStubService() });
  });
  afterAll(() => h?.close());
  beforeEach(() => void process.on('unhandledRejection', onRejection));
  afterEach(async () => {
    process.off('unhandledRejection', onRejection);
    // Answered normally afterwards.
    const { message } = await h.fake.interactionReply(h.fake.slashCommand({ name: 'ask', options: { question: 'Hvor mange land?' } }));
    expect(embedText(message)).toContain('72');
    expect(rejections).toEqual([]);
  });

  const withoutUser = (payload: Record<string, unknown>) => {
    if (payload.member) payload.member = { ...(payload.member as object), user: undefined };
    else delete payload.user;
  };

  const forged = [
    ['a slash command from a member without a user', () => h.fake.slashCommand({ name: 'ask', options: { question: 'Hvor mange land?' }, alter: withoutUser })],
    ['a button press from a member without a user', () => h.fake.clickButton({ customId: 'sources:stub1', alter: withoutUser })],
    ['a slash command in a DM without a user', () => h.fake.slashCommand({ name: 'sources', dm: true, alter: withoutUser })],
  ] as const;

  for (const [name, send] of forged) {
    it(`refuses ${name} privately`, async () => {
      const { callback, message } = await h.fake.interactionReply(send());
      expect(callback.body.type).toBe(4);
      expect(message.flags).toBe(EPHEMERAL);
      expect(message.content).toBe("I can't act on this: it does not say who sent it.");
      expect(h.logger.entries()).toContainEqual(expect.objectContaining({ level: 'warn', event: 'interaction', outcome: 'refused' }));
    });
  }

  it('answers a button it does not know privately, and a select menu it never made', async () => {
    const selectMenu = (payload: Record<string, unknown>) => void (payload.data = { custom_id: 'sources:stub1', component_type: 3, values: ['1'] });
    for (const sent of [
      ...['poll:vote:3', 'feedback:nonsense', ''].map((customId) => h.fake.clickButton({ customId })),
      h.fake.clickButton({ customId: 'sources:stub1', alter: selectMenu }),
    ]) {
      const { message } = await h.fake.interactionReply(sent);
      expect(message.flags).toBe(EPHEMERAL);
      expect(message.content).toBe("I don't know that button or menu. Ask again with /ask.");
    }
  });
});
