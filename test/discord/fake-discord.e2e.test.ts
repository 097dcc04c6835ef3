/**
 * The fake Discord's fault hooks, and the bot surviving them: a 429 with retry-after, a 500
 * once, a resumable invalid session (op 9), a dropped connection with events sent meanwhile,
 * and several questions at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Op } from '../../src/dev/fake-discord/index.js';
import { embedText } from './discord-limits.js';
import { startHarness, type Harness } from './harness.js';
import { createStubService } from './stub-service.js';

const QUESTION = 'Hvor mange land signerte konvensjonen?';

describe('bot against a misbehaving Discord', { timeout: 15_000 }, () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ service: createStubService() });
  });
  afterEach(async () => h.close());

  const askSlash = () => h.fake.slashCommand({ name: 'ask', options: { question: QUESTION } });

  it('waits out a 429 with retry-after and sends the reply again', async () => {
    h.fake.rest.intercept(
      (r) => (r.path.endsWith('/callback') ? { status: 429, body: { message: 'You are being rate limited.', retry_after: 0.05, global: false }, headers: { 'retry-after': '0.05' } } : undefined),
      { times: 1 },
    );
    const sent = askSlash();
    const { message } = await h.fake.interactionReply(sent);
    expect(embedText(message)).toContain('72');
    const attempts = h.fake.rest.answered.items.filter((r) => r.path.startsWith(`/interactions/${sent.id}/`));
    expect(attempts.map((r) => r.response?.status)).toEqual([429, 204]);
  });

  it('retries a message that failed once with 500', async () => {
    h.fake.rest.intercept((r) => (r.method === 'POST' && r.path.match(/^\/channels\/\d+\/messages$/) ? { status: 500, body: { message: 'oops' } } : undefined), {
      times: 1,
    });
    const question = h.fake.postMessage({ content: QUESTION, dm: true });
    const sends = () => h.fake.rest.answered.items.filter((r) => r.path === `/channels/${question.channel_id}/messages`);
    await h.fake.waitForSuccess((r) => r.path === `/channels/${question.channel_id}/messages`, 'the retried reply');
    expect(sends().map((r) => r.response?.status)).toEqual([500, 200]);
  });

  it('resumes after a resumable invalid session (op 9)', async () => {
    const frames = h.fake.gateway.events;
    h.fake.gateway.invalidateSession(true);
    await frames.waitFor((e) => e.kind === 'received' && e.frame.op === Op.Resume, 'the RESUME');
    await frames.waitFor((e) => e.kind === 'sent' && e.frame.t === 'RESUMED', 'RESUMED');
    expect(embedText((await h.fake.interactionReply(askSlash())).message)).toContain('72');
  });

  it('resumes after a dropped connection and answers what was sent while it was away', async () => {
    const before = h.fake.gateway.connectionNumber;
    h.fake.gateway.dropConnection(4000);
    await h.fake.gateway.events.waitFor((e) => e.kind === 'close' && e.connection === before, 'the close');
    const sentWhileAway = askSlash(); // queued in the session, replayed on RESUME
    await h.fake.gateway.waitForSession(before);
    expect(embedText((await h.fake.interactionReply(sentWhileAway)).message)).toContain('72');
  });

  it('answers ten questions sent at once', async () => {
    const sent = Array.from({ length: 10 }, askSlash);
    const replies = await Promise.all(sent.map((s) => h.fake.interactionReply(s)));
    for (const { message } of replies) expect(embedText(message)).toContain('72');
  });
});
