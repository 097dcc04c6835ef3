/**
 * Who may see what, end to end through the fake Discord: `/cite answer:<id>` and the Sources
 * button show an answer only where it was given (its channel and that channel's threads, its DM,
 * never another server), `/reindex` checks Manage Server in the bot itself, and internal errors
 * reach users as a plain sentence while the operator's log keeps the detail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserFacingError } from '../../src/errors.js';
import { EPHEMERAL, snowflake, type CommandInit, type SentInteraction } from '../../src/dev/fake-discord/index.js';
import { INTERNAL_ERROR } from '../../src/discord/render/notices.js';
import { startHarness, type Harness } from './harness.js';
import { createStubService, type StubService } from './stub-service.js';

const QUESTION = 'Hvor mange land signerte konvensjonen?';
const PASSAGE_WORDS = 'Signeringsseremonien for FNs konvensjon';

describe('Discord privacy, permissions and error wording', { timeout: 20_000 }, () => {
  let h: Harness;
  let service: StubService;
  beforeAll(async () => {
    service = createStubService();
    h = await startHarness({ service });
  });
  afterAll(async () => h?.close());

  const reply = async (sent: SentInteraction) => (await h.fake.interactionReply(sent)).message;
  const answerIdOf = (message: { embeds: Array<{ footer: { text: string } }> }) => message.embeds[0]!.footer.text.split('answer ')[1]!;

  /** What `/cite n:1 answer:<id>` shows, sent with `where`. */
  async function cite(answerId: string, where: Omit<CommandInit, 'name' | 'options'>) {
    return reply(h.fake.slashCommand({ name: 'cite', options: { n: 1, answer: answerId }, ...where }));
  }

  const refused = (answerId: string) => ({
    flags: EPHEMERAL,
    content: `I have no answer ${answerId} to show here: I show an answer only where it was given, and keep the most recent ones. Ask again with /ask.`,
  });

  describe('an answer given in a server channel', () => {
    let answerId: string;
    beforeAll(async () => {
      answerId = answerIdOf(await reply(h.fake.slashCommand({ name: 'ask', options: { question: QUESTION } })));
    });

    it('is shown to the members of that channel: the asker publicly, anyone else privately', async () => {
      const own = await cite(answerId, {});
      expect(own.flags ?? 0).toBe(0);
      expect(own.embeds[0].description).toContain(PASSAGE_WORDS);

      const bobs = await cite(answerId, { user: h.fake.world.users.bob });
      expect(bobs.flags).toBe(EPHEMERAL);
      expect(bobs.embeds[0].description).toContain(PASSAGE_WORDS);
      expect(bobs.embeds[0].footer.text).toContain(QUESTION);
    });

    it("is shown in a thread of that channel", async () => {
      const mention = h.fake.postMessage({ content: `<@${h.fake.world.bot.id}> ${QUESTION}`, mentionsBot: true });
      await h.fake.waitForRequest((r) => r.path === `/channels/${mention.id}/messages`, 'the answer in the thread');
      const inThread = await cite(answerId, { channelId: mention.id, user: h.fake.world.users.bob });
      expect(inThread.embeds[0].description).toContain(PASSAGE_WORDS);
    });

    it('is not shown in a DM, another channel or another server, by /cite or the Sources button', async () => {
      const bob = h.fake.world.users.bob;
      const elsewhere = { guildId: snowflake() };
      for (const where of [{ dm: true }, { dm: true, user: bob }, { channelId: h.fake.otherChannelId }, { channelId: snowflake(), elsewhere }]) {
        expect(await cite(answerId, where), JSON.stringify(where)).toEqual(expect.objectContaining(refused(answerId)));
        const sources = await reply(h.fake.clickButton({ customId: `src:${answerId}`, ...where }));
        expect(sources, JSON.stringify(where)).toEqual(expect.objectContaining(refused(answerId)));
      }
      // Nor as "the latest answer" of a channel with the same id in another server.
      const latest = await reply(h.fake.slashCommand({ name: 'cite', options: { n: 1 }, channelId: h.fake.researchChannelId, elsewhere }));
      expect(JSON.stringify(latest)).not.toContain(PASSAGE_WORDS);
    });
  });

  it('shows an answer given in a DM in that DM only', async () => {
    const alice = h.fake.world.users.alice;
    const answerId = answerIdOf(await reply(h.fake.slashCommand({ name: 'ask', options: { question: QUESTION }, dm: true })));
    expect((await cite(answerId, { dm: true, user: alice })).embeds[0].description).toContain(PASSAGE_WORDS);
    expect(await cite(answerId, {})).toEqual(expect.objectContaining(refused(answerId)));
    expect(await cite(answerId, { dm: true, user: h.fake.world.users.bob })).toEqual(expect.objectContaining(refused(answerId)));
  });

  it('refuses /reindex to a member without Manage Server, whatever Discord let through', async () => {
    let reindexed = 0;
    const reindex = service.reindex;
    service.reindex = async (...args) => {
      reindexed += 1;
      return reindex(...args);
    };
    const denied = await reply(h.fake.slashCommand({ name: 'reindex', permissions: '0' }));
    expect(denied).toMatchObject({ flags: EPHEMERAL, content: 'Only members with the Manage Server permission can re-index.' });
    expect(reindexed).toBe(0);

    const manageServer = String(1 << 5);
    const allowed = await reply(h.fake.slashCommand({ name: 'reindex', permissions: manageServer }));
    expect(allowed.embeds[0].title).toBe('Index updated');
    expect(reindexed).toBe(1);
  });

  describe('errors', () => {
    const failures: Array<[string, Error]> = [
      ['a dimension mismatch', new Error('query has 32 dimensions, the index 0')],
      ['a file error with an absolute path', Object.assign(new Error("ENOENT: no such file or directory, open '/srv/newsdesk/index/gen-7/vectors.f32'"), { code: 'ENOENT' })],
      ['stack text', new Error('Unexpected token\n    at JSON.parse (<anonymous>)\n    at readIndex (/srv/newsdesk/src/store/files.ts:31:7)')],
    ];

    for (const [what, error] of failures) {
      it(`answers ${what} with a plain sentence, by /ask and by mention, and logs the detail`, async () => {
        service.answerWith(() => Promise.reject(error));
        const slash = await reply(h.fake.slashCommand({ name: 'ask', options: { question: QUESTION } }));
        expect(slash).toMatchObject({ flags: EPHEMERAL, content: INTERNAL_ERROR });

        const mention = h.fake.postMessage({ content: `<@${h.fake.world.bot.id}> ${QUESTION}`, mentionsBot: true });
        const inThread = await h.fake.waitForRequest((r) => r.path === `/channels/${mention.id}/messages`, 'the reply in the thread');
        expect(inThread.body.content).toBe(INTERNAL_ERROR);

        const logged = JSON.stringify(h.logger.entries().filter((e) => e.level === 'error'));
        expect(logged).toContain(JSON.stringify(error.message).slice(1, -1));
      });
    }

    it('shows an error written for users, with absolute paths cut to the folder name', async () => {
      service.answerWith(() => Promise.reject(new UserFacingError('There are no readable articles in /srv/newsdesk/seeds.', 'Add articles.')));
      const { content } = await reply(h.fake.slashCommand({ name: 'ask', options: { question: QUESTION } }));
      expect(content).toBe('Sorry, that failed: There are no readable articles in seeds. Add articles.');
    });
  });
});
