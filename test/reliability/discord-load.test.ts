/**
 * The bot under a burst, end to end: the bot as operators run it (its own process, the real
 * service over the seeds) against the fake Discord in the test's process. 500 `/ask` at once
 * are each acknowledged within Discord's 3-second deadline, measured from the fake Discord's
 * timestamps (sent → callback arrived), and answered exactly as when asked one at a time; 500
 * feedback clicks at once leave 500 whole JSONL lines.
 *
 * The keyword-only seed index takes about 10 ms of CPU per question, so the last of 500 answers
 * is ready seconds after the burst: only acknowledging (deferring) first, before the answers
 * take the CPU, keeps every interaction within the deadline.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallbackType, type SentInteraction } from '../../src/dev/fake-discord/index.js';
import { FakeDiscord } from '../../src/dev/fake-discord/index.js';
import type { MessageBody } from '../discord/discord-limits.js';
import { botEnvWithSeeds, startBotProcess, untilRegistered, type BotProcess } from '../support/bot-process.js';

/** Discord drops an interaction not acknowledged (reply or defer) within 3 s of sending it. */
const DISCORD_DEADLINE_MS = 3000;
const BURST = 500;
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

/** What the user reads, without what differs between two askings (answer id, time taken). */
function answerContent(body: AnswerBody) {
  const { title, description, fields, color } = body.embeds[0]!;
  return { title, description, fields, color, mode: body.embeds[0]!.footer.text.split(' · ')[0] };
}

describe('the Discord bot under a burst', { timeout: 120_000 }, () => {
  let fake: FakeDiscord;
  let env: Record<string, string>;
  let bot: BotProcess;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    env = await botEnvWithSeeds(fake);
    bot = startBotProcess(env);
    await untilRegistered(fake, bot);
  });
  afterAll(async () => {
    if (bot) expect(await bot.stop()).toBe(0);
    await fake?.close();
  });

  const ask = (question: string) => fake.slashCommand({ name: 'ask', options: { question } });

  /** Milliseconds from the gateway sending the interaction to its callback request arriving. */
  async function acknowledgement(sent: SentInteraction) {
    const { gateway } = fake;
    const dispatched = gateway.events.find((e) => e.kind === 'sent' && e.frame.t === 'INTERACTION_CREATE' && (e.frame.d as { id: string }).id === sent.id);
    const callback = await fake.waitForRequest((r) => r.path === `/interactions/${sent.id}/${sent.token}/callback`, `the callback of ${sent.id}`, 60_000);
    return { type: callback.body.type as number, ms: callback.arrivedAt - gateway.events.timeOf(dispatched!) };
  }

  let burstAnswers: AnswerBody[] = [];

  it(`acknowledges ${BURST} /ask sent at once within ${DISCORD_DEADLINE_MS} ms each, and answers them as it answers one at a time`, async () => {
    const alone = new Map<string, ReturnType<typeof answerContent>>();
    for (const question of QUESTIONS) alone.set(question, answerContent((await fake.interactionReply(ask(question))).message));

    const questions = Array.from({ length: BURST }, (_, i) => QUESTIONS[i % QUESTIONS.length]!);
    const sent = questions.map(ask);
    const acks = await Promise.all(sent.map(acknowledgement));
    for (const [i, ack] of acks.entries()) {
      expect([CallbackType.Reply, CallbackType.DeferredReply], `interaction ${i}`).toContain(ack.type);
      expect(ack.ms, `interaction ${i} acknowledged after ${Math.round(ack.ms)} ms`).toBeLessThan(DISCORD_DEADLINE_MS);
    }
    burstAnswers = (await Promise.all(sent.map((s) => fake.interactionReply(s, 60_000)))).map((r) => r.message as AnswerBody);
    burstAnswers.forEach((message, i) => expect(answerContent(message), `answer ${i}`).toEqual(alone.get(questions[i]!)));
  });

  it(`writes ${BURST} whole feedback lines for ${BURST} clicks at once`, async () => {
    expect(burstAnswers).toHaveLength(BURST);
    const clicks = burstAnswers.map((answer, i) => answer.components[0]!.components[i % 2]!.custom_id);
    const sent = clicks.map((customId) => fake.clickButton({ customId }));
    await Promise.all(sent.map((s) => fake.interactionReply(s, 60_000)));

    const lines = (await readFile(env.FEEDBACK_FILE!, 'utf8')).split('\n');
    expect(lines.pop()).toBe(''); // the file ends with a newline
    expect(lines).toHaveLength(BURST);
    const entries = lines.map((line) => JSON.parse(line) as { answerId: string; choice: string; question: string });
    const written = entries.map((e) => `fb:${e.choice}:${e.answerId}`).sort();
    expect(written).toEqual([...clicks].sort());
    for (const entry of entries) expect(QUESTIONS).toContain(entry.question);
  });
});
