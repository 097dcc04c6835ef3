/**
 * Discord misbehaving, end to end: the gateway reconnecting, invalidating and dropping the
 * session one fault after another on the same bot, and REST failing on the interaction callback
 * and on the webhook that fills a deferred reply. After each, the answer still arrives.
 *
 * Single faults already tested in test/discord: op 7 (bot.e2e), a resumable op 9, a close with
 * 4000 and events replayed on RESUME, a 429 on the callback, a 500 on a channel message
 * (fake-discord.e2e). Here: the ones those leave out, and all of them in a row.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallbackType, Op, type FakeDiscord } from '../../src/dev/fake-discord/index.js';
import { embedText } from '../discord/discord-limits.js';
import { makeAnswer } from '../discord/fixtures.js';
import { startHarness, type Harness } from '../discord/harness.js';
import { createStubService, type StubService } from '../discord/stub-service.js';

const QUESTION = 'Hvor mange land signerte konvensjonen?';

type GatewayFault = [string, (fake: FakeDiscord) => void, 'resume' | 'identify'];

const GATEWAY_FAULTS: GatewayFault[] = [
  ['reconnect request (op 7)', (fake) => fake.gateway.requestReconnect(), 'resume'],
  ['resumable invalid session (op 9, true)', (fake) => fake.gateway.invalidateSession(true), 'resume'],
  ['invalid session that cannot be resumed (op 9, false)', (fake) => fake.gateway.invalidateSession(false), 'identify'],
  ['connection closed with 4000 (resumable)', (fake) => fake.gateway.dropConnection(4000), 'resume'],
  ['connection cut without a close frame', (fake) => fake.gateway.dropConnection('terminate'), 'resume'],
];

describe('the Discord bot through Discord faults', { timeout: 30_000 }, () => {
  let h: Harness;
  let service: StubService;

  beforeEach(async () => {
    service = createStubService();
    h = await startHarness({ service, deferAfterMs: 20 });
  });
  afterEach(async () => h.close());

  const askSlash = () => h.fake.slashCommand({ name: 'ask', options: { question: QUESTION } });

  it('comes back after every gateway fault in a row, resuming or identifying again as Discord asks, and answers each time', async () => {
    const { events } = h.fake.gateway;
    for (const [fault, inflict, expected] of GATEWAY_FAULTS) {
      const mark = events.items.length;
      const after = (match: (e: (typeof events.items)[number]) => boolean) => (e: (typeof events.items)[number]) => events.items.indexOf(e) >= mark && match(e);
      inflict(h.fake);
      // A resumable op 9 resumes on the same connection; the others reconnect first.
      await events.waitFor(after((e) => e.kind === 'sent' && (e.frame.t === 'READY' || e.frame.t === 'RESUMED')), `a session after the ${fault}`, 10_000);
      const start = events.find(after((e) => e.kind === 'received' && (e.frame.op === Op.Resume || e.frame.op === Op.Identify)));
      expect(start?.kind === 'received' ? start.frame.op : null, fault).toBe(expected === 'resume' ? Op.Resume : Op.Identify);
      expect(embedText((await h.fake.interactionReply(askSlash())).message), fault).toContain('72');
    }
  });

  /** A service slower than `deferAfterMs`, so the reply is deferred and then filled in through the webhook. */
  function answerAfterAWhile() {
    service.answerWith((question) => new Promise((resolve) => setTimeout(() => resolve(makeAnswer({ id: `slow-${question.length}`, question })), 60)));
  }

  const statuses = (h: Harness, match: (path: string) => boolean) =>
    h.fake.rest.answered.items.filter((r) => match(r.path)).map((r) => r.response?.status);

  it('retries the interaction callback after a 500', async () => {
    h.fake.rest.intercept((r) => (r.path.endsWith('/callback') ? { status: 500, body: { message: 'Internal Server Error', code: 0 } } : undefined), { times: 1 });
    const sent = askSlash();
    expect(embedText((await h.fake.interactionReply(sent)).message)).toContain('72');
    expect(statuses(h, (p) => p.startsWith(`/interactions/${sent.id}/`))).toEqual([500, 204]);
  });

  for (const [what, failure] of [
    ['a 429 with retry-after', { status: 429, body: { message: 'You are being rate limited.', retry_after: 0.05, global: false }, headers: { 'retry-after': '0.05' } }],
    ['a 500', { status: 500, body: { message: 'Internal Server Error', code: 0 } }],
  ] as const) {
    it(`fills a deferred reply in after ${what} on the webhook`, async () => {
      answerAfterAWhile();
      h.fake.rest.intercept((r) => (r.method === 'PATCH' && r.path.startsWith('/webhooks/') ? failure : undefined), { times: 1 });
      const sent = askSlash();
      const reply = await h.fake.interactionReply(sent);
      expect(reply.callback.body.type).toBe(CallbackType.DeferredReply);
      expect(embedText(reply.message)).toContain('72');
      expect(statuses(h, (p) => p.startsWith(`/webhooks/${h.fake.world.applicationId}/${sent.token}/`))).toEqual([failure.status, 200]);
    });
  }
});
