/**
 * Clean shutdown as a process manager does it: the bot run the way the README tells operators
 * to (node itself, no npm or tsx CLI in between), on a machine made busy by the test's own
 * CPU-bound child processes, stopped by SIGTERM or SIGINT while answers are under way. It exits
 * with 0 after answering (or telling "restarting") every question it had acknowledged, and after
 * closing the gateway connection normally.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeDiscord, type SentInteraction } from '../../src/dev/fake-discord/index.js';
import { withTimeout } from '../../src/dev/fake-discord/wait.js';
import { RESTARTING_NOTICE } from '../../src/discord/in-flight.js';
import { botEnvWithSeeds, logEntries, startBotProcess, untilRegistered, type BotProcess } from '../support/bot-process.js';
import { embedText } from './discord-limits.js';

const QUESTIONS = 100;
const QUESTION = 'Hvor mange land signerte konvensjonen?';
/** The bot's own bound: 5 s of grace for running work, 3 s to close the gateway. */
const EXIT_MS = 15_000;

/** One child spinning on each core, for as long as the test runs. */
function busyMachine(): ChildProcess[] {
  return Array.from({ length: os.availableParallelism() }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
}

describe('the bot stopped by a process manager on a busy machine', { timeout: 90_000 }, () => {
  let fake: FakeDiscord;
  let bot: BotProcess | undefined;
  let busy: ChildProcess[] = [];

  beforeEach(async () => {
    // Discord's own heartbeat interval: the fake's default 300 ms makes a busy client look dead and resume.
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 41_250 });
  });
  afterEach(async () => {
    for (const child of busy) child.kill('SIGKILL');
    busy = [];
    if (bot?.child.exitCode === null) bot.child.kill('SIGKILL');
    await fake.close();
  });

  /** The last message the user sees for `sent`, if any: the reply, or the edit of a deferred one. */
  function finalMessage(sent: SentInteraction) {
    const callback = fake.rest.answered.find((r) => r.path === `/interactions/${sent.id}/${sent.token}/callback` && r.response?.status === 204);
    if (!callback) return undefined;
    if (callback.body.type !== 5) return callback.body.data;
    return fake.rest.answered.find((r) => r.method === 'PATCH' && r.path.includes(`/${sent.token}/messages/@original`))?.body;
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} ends it with 0 after finishing or abandoning the replies under way and closing the gateway`, async () => {
      bot = startBotProcess(await botEnvWithSeeds(fake));
      await untilRegistered(fake, bot);
      busy = busyMachine();

      const sent = Array.from({ length: QUESTIONS }, () => fake.slashCommand({ name: 'ask', options: { question: QUESTION } }));
      const [first] = sent;
      await fake.waitForRequest((r) => r.path === `/interactions/${first!.id}/${first!.token}/callback`, 'the first acknowledgement', 30_000);
      const answeredBeforeSignal = sent.filter((s) => finalMessage(s) !== undefined).length;
      bot.child.kill(signal);

      expect(await withTimeout(bot.exit, EXIT_MS, 'the bot to exit')).toBe(0);
      expect(answeredBeforeSignal, 'replies were still under way when the signal came').toBeLessThan(QUESTIONS);
      for (const [i, interaction] of sent.entries()) {
        const message = finalMessage(interaction);
        expect(message, `question ${i}`).toBeDefined();
        const text = message.content === RESTARTING_NOTICE ? message.content : embedText(message);
        expect(text, `question ${i}`).toMatch(/72|restarting/);
      }
      const last = Math.max(...fake.gateway.events.items.map((e) => (e.kind === 'connect' ? e.connection : 0)));
      const closed = await fake.gateway.events.waitFor((e) => e.kind === 'close' && e.connection === last, 'the gateway connection to close');
      expect(closed).toMatchObject({ code: 1000 }); // a normal close, not a dropped connection
      expect(bot.stderr()).toBe('');
      const events = logEntries(bot.stdout()).map((e) => e.event);
      expect(events).toEqual(expect.arrayContaining(['shutdown', 'stopped']));
      expect(events.indexOf('stopped')).toBeGreaterThan(events.lastIndexOf('ask'));
    });
  }
});
