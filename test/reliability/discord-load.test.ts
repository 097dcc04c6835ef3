/**
 * The bot under a burst, end to end against the real service over the seeds: 50 `/ask` at once
 * are each acknowledged within Discord's 3-second deadline and answered exactly as when asked
 * one at a time; 50 feedback clicks at once leave 50 whole JSONL lines.
 *
 * The keyword-only seed index answers in a few milliseconds, which no burst of 50 could make
 * late. The service here answers one question at a time and takes MODEL_MS for each, as a
 * CPU-bound embedding model does: the last of 50 answers is ready after about 4 s, so only
 * deferring the slow ones keeps every interaction within the deadline.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResearchService } from '../../src/app/service-types.js';
import { CallbackType, type SentInteraction } from '../../src/dev/fake-discord/index.js';
import type { MessageBody } from '../discord/discord-limits.js';
import { startHarness, type Harness } from '../discord/harness.js';
import { openSeedService, type SeedService } from '../discord/seed-service.js';

/** Discord drops an interaction not acknowledged (reply or defer) within 3 s of sending it. */
const DISCORD_DEADLINE_MS = 3000;
const BURST = 50;
const MODEL_MS = 80;
const QUESTIONS = [
  'Hvor mange land signerte konvensjonen?',
  'Wie viele Länder müssen das Übereinkommen ratifizieren?',
  'Combien de pays et territoires ont participé ?',
  'Who won the 2022 football World Cup?',
  'Hvor mange delegater deltok i seremonien?',
];

interface AnswerBody extends MessageBody {
  embeds: Array<{ title: string; description: string; fields: Array<{ name: string; value: string }>; color: number; footer: { text: string } }>;
  components: Array<{ components: Array<{ custom_id: string }> }>;
}

/** `service`, answering one question at a time, each after `ms` of (simulated) model work. */
function oneAtATime(service: ResearchService, ms: number): ResearchService {
  let queue: Promise<unknown> = Promise.resolve();
  const ask = (question: string) => {
    const turn = queue.then(() => new Promise((resolve) => setTimeout(resolve, ms))).then(() => service.ask(question));
    queue = turn.catch(() => undefined);
    return turn;
  };
  return { ...service, ask };
}

/** What the user reads, without what differs between two askings (answer id, time taken). */
function answerContent(body: AnswerBody) {
  const { title, description, fields, color } = body.embeds[0]!;
  return { title, description, fields, color, mode: body.embeds[0]!.footer.text.split(' · ')[0] };
}

describe('the Discord bot under a burst', () => {
  let seeds: SeedService;
  let h: Harness;

  beforeAll(async () => {
    seeds = await openSeedService();
    h = await startHarness({ service: oneAtATime(seeds.service, MODEL_MS) });
  });
  afterAll(async () => {
    await h?.close();
    await seeds?.service.close();
  });

  const ask = (question: string) => h.fake.slashCommand({ name: 'ask', options: { question } });

  /** Milliseconds from the gateway sending the interaction to its callback request arriving. */
  async function acknowledgement(sent: SentInteraction) {
    const { gateway, rest } = h.fake;
    const dispatched = gateway.events.find((e) => e.kind === 'sent' && e.frame.t === 'INTERACTION_CREATE' && (e.frame.d as { id: string }).id === sent.id);
    const callback = await h.fake.waitForRequest((r) => r.path === `/interactions/${sent.id}/${sent.token}/callback`, `the callback of ${sent.id}`, 10_000);
    return { type: callback.body.type as number, ms: rest.requests.timeOf(callback) - gateway.events.timeOf(dispatched!) };
  }

  let burstAnswers: AnswerBody[] = [];

  it(`acknowledges ${BURST} /ask sent at once within ${DISCORD_DEADLINE_MS} ms each, and answers them as it answers one at a time`, async () => {
    const alone = new Map<string, ReturnType<typeof answerContent>>();
    for (const question of QUESTIONS) alone.set(question, answerContent((await h.fake.interactionReply(ask(question))).message));

    const questions = Array.from({ length: BURST }, (_, i) => QUESTIONS[i % QUESTIONS.length]!);
    const sent = questions.map(ask);
    const acks = await Promise.all(sent.map(acknowledgement));
    for (const [i, ack] of acks.entries()) {
      expect([CallbackType.Reply, CallbackType.DeferredReply], `interaction ${i}`).toContain(ack.type);
      expect(ack.ms, `interaction ${i} acknowledged after ${Math.round(ack.ms)} ms`).toBeLessThan(DISCORD_DEADLINE_MS);
    }
    burstAnswers = (await Promise.all(sent.map((s) => h.fake.interactionReply(s, 15_000)))).map((r) => r.message as AnswerBody);
    burstAnswers.forEach((message, i) => expect(answerContent(message), `answer ${i}`).toEqual(alone.get(questions[i]!)));
  });

  it(`writes ${BURST} whole feedback lines for ${BURST} clicks at once`, async () => {
    expect(burstAnswers).toHaveLength(BURST);
    const clicks = burstAnswers.map((answer, i) => answer.components[0]!.components[i % 2]!.custom_id);
    const sent = clicks.map((customId) => h.fake.clickButton({ customId }));
    await Promise.all(sent.map((s) => h.fake.interactionReply(s, 10_000)));

    const lines = (await readFile(h.config.feedbackFile, 'utf8')).split('\n');
    expect(lines.pop()).toBe(''); // the file ends with a newline
    expect(lines).toHaveLength(BURST);
    const entries = lines.map((line) => JSON.parse(line) as { answerId: string; choice: string; question: string });
    const written = entries.map((e) => `fb:${e.choice}:${e.answerId}`).sort();
    expect(written).toEqual([...clicks].sort());
    for (const entry of entries) expect(QUESTIONS).toContain(entry.question);
  });
});
