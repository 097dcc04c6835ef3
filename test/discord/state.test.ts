import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canReadFrom, RecentAnswers } from '../../src/discord/answer-memory.js';
import { AskQueue } from '../../src/discord/ask-queue.js';
import { isChannelAllowed } from '../../src/discord/channels.js';
import { Cooldowns } from '../../src/discord/cooldown.js';
import { withoutBotMention } from '../../src/discord/events/message-create.js';
import { FeedbackLog, voterOf } from '../../src/discord/feedback.js';
import { inviteUrl } from '../../src/discord/invite.js';
import { memoryLogger } from '../support/memory-logger.js';
import { makeAnswer } from './fixtures.js';

describe('Cooldowns', () => {
  it('lets a user ask once per period and says when they may ask again', () => {
    let now = 1_000_000;
    const cooldowns = new Cooldowns(10, () => now);
    expect(cooldowns.take('u1')).toBeNull();
    expect(cooldowns.take('u1')).toEqual(new Date(1_010_000));
    expect(cooldowns.take('u2')).toBeNull();
    now += 10_000;
    expect(cooldowns.take('u1')).toBeNull();
  });

  it('is off at zero seconds', () => {
    const cooldowns = new Cooldowns(0);
    expect(cooldowns.take('u1')).toBeNull();
    expect(cooldowns.take('u1')).toBeNull();
  });
});

describe('RecentAnswers', () => {
  const guild = (channelId: string, parentId: string | null = null, guildId = 'g1') => ({ guildId, channelId, parentId });
  const dm = (channelId: string) => ({ guildId: null, channelId, parentId: null });

  it('finds answers by id and the latest per channel, forgetting the oldest', () => {
    const answers = new RecentAnswers(2);
    answers.remember(makeAnswer({ id: 'a' }), guild('c1'), 'u1');
    answers.remember(makeAnswer({ id: 'b' }), guild('c1'), 'u1');
    answers.remember(makeAnswer({ id: 'c' }), guild('c2'), 'u2');
    expect(answers.readableFrom('a', guild('c1'))).toBeUndefined();
    expect(answers.readableFrom('b', guild('c1'))).toMatchObject({ answer: { id: 'b' }, askerId: 'u1', place: guild('c1') });
    expect(answers.latestIn(guild('c1'))?.answer.id).toBe('b');
    expect(answers.latestIn(guild('c2'))?.answer.id).toBe('c');
  });

  it("shows an answer only where it was given: its channel and that channel's threads, its DM, never another server", () => {
    const answers = new RecentAnswers();
    answers.remember(makeAnswer({ id: 'inChannel' }), guild('c1'), 'u1');
    answers.remember(makeAnswer({ id: 'inDM' }), dm('d1'), 'u1');
    answers.remember(makeAnswer({ id: 'inThread' }), guild('t1', 'c1'), 'u1');
    const readable = (id: string, from: Parameters<typeof canReadFrom>[1]) => answers.readableFrom(id, from) !== undefined;

    expect(readable('inChannel', guild('c1'))).toBe(true);
    expect(readable('inChannel', guild('t9', 'c1'))).toBe(true);
    expect(readable('inChannel', guild('c2'))).toBe(false);
    expect(readable('inChannel', guild('c1', null, 'g2'))).toBe(false);
    expect(readable('inChannel', dm('d1'))).toBe(false);

    expect(readable('inDM', dm('d1'))).toBe(true);
    expect(readable('inDM', dm('d2'))).toBe(false);
    expect(readable('inDM', guild('d1'))).toBe(false);

    expect(readable('inThread', guild('t1', 'c1'))).toBe(true);
    expect(readable('inThread', guild('c1'))).toBe(false);
    expect(answers.latestIn(guild('c1', null, 'g2'))).toBeUndefined();
  });
});

describe('AskQueue', () => {
  const turns = async (n: number) => {
    for (let i = 0; i < n; i += 1) await new Promise((resolve) => setImmediate(resolve));
  };

  it('answers one at a time, in order, and only once the pending acknowledgements are out', async () => {
    const queue = new AskQueue();
    const order: string[] = [];
    let acknowledged!: () => void;
    const first = queue.run(async () => void order.push('first'));
    queue.acknowledge(new Promise<void>((resolve) => (acknowledged = resolve)).then(() => void order.push('ack')));
    const second = queue.run(async () => void order.push('second'));
    expect(queue.busy).toBe(true);
    await turns(5);
    expect(order).toEqual([]); // answering waits for the acknowledgement, however long it takes
    acknowledged();
    await Promise.all([first, second]);
    expect(order).toEqual(['ack', 'first', 'second']);
    expect(queue.busy).toBe(false);
  });

  it('tells a waiting answer when another question arrives', async () => {
    const queue = new AskQueue();
    let arrived = false;
    void queue.nextArrival().then(() => (arrived = true));
    await turns(1);
    expect(arrived).toBe(false);
    await queue.run(async () => undefined);
    expect(arrived).toBe(true);
  });
});

describe('isChannelAllowed', () => {
  const place = (channelId: string, parentId: string | null = null, isDM = false) => ({ guildId: isDM ? null : 'g1', channelId, parentId });

  it('allows everything without an allow-list', () => {
    expect(isChannelAllowed([], place('1'))).toBe(true);
  });

  it('allows listed channels, their threads and DMs only', () => {
    expect(isChannelAllowed(['1'], place('1'))).toBe(true);
    expect(isChannelAllowed(['1'], place('9', '1'))).toBe(true);
    expect(isChannelAllowed(['1'], place('2'))).toBe(false);
    expect(isChannelAllowed(['1'], place('3', null, true))).toBe(true);
  });
});

describe('withoutBotMention', () => {
  it('removes both mention forms of the bot and nothing else', () => {
    expect(withoutBotMention('<@42> how many? <@!42>', '42')).toBe('how many?');
    expect(withoutBotMention('<@43> hi', '42')).toBe('<@43> hi');
  });
});

describe('logger', () => {
  it('writes JSON lines and masks the token wherever it appears', () => {
    const token = 'secret-token-value-123';
    const logger = memoryLogger([token]);
    logger.error('login', { error: new Error(`bad token ${token}`), questionChars: 12 });
    expect(logger.lines[0]).not.toContain(token);
    expect(logger.entries()[0]).toMatchObject({ level: 'error', event: 'login', questionChars: 12, error: { message: 'bad token [redacted]' } });
  });
});

describe('FeedbackLog', () => {
  const readLines = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
  const feedbackFile = async () => path.join(await mkdtemp(path.join(os.tmpdir(), 'feedback-')), 'nested', 'feedback.jsonl');

  it('writes one JSON line per vote with answer id, question, choice, a pseudonymous voter and time only', async () => {
    const file = await feedbackFile();
    const log = new FeedbackLog(file, () => new Date('2026-01-02T03:04:05.000Z'));
    await Promise.all([
      log.record({ answerId: 'a1', question: 'Q?', choice: 'up', userId: '111111111111111111' }),
      log.record({ answerId: 'a2', question: null, choice: 'down', userId: '111111111111111111' }),
    ]);
    const lines = await readLines(file);
    expect(lines).toEqual([
      { answerId: 'a1', question: 'Q?', choice: 'up', voter: voterOf('a1', '111111111111111111'), at: '2026-01-02T03:04:05.000Z' },
      { answerId: 'a2', question: null, choice: 'down', voter: voterOf('a2', '111111111111111111'), at: '2026-01-02T03:04:05.000Z' },
    ]);
    expect(JSON.stringify(lines)).not.toContain('111111111111111111');
    expect(lines[0].voter).not.toBe(lines[1].voter); // one person's votes cannot be linked across answers
  });

  it('keeps one vote per user and answer, the latest, across clicks and restarts; the file stays bounded', async () => {
    const file = await feedbackFile();
    const log = new FeedbackLog(file);
    const clicks = Array.from({ length: 100 }, (_, i) => log.record({ answerId: 'a1', question: 'Q?', choice: i % 2 ? 'down' : 'up', userId: 'alice' }));
    await Promise.all([...clicks, log.record({ answerId: 'a1', question: 'Q?', choice: 'up', userId: 'bob' })]);
    expect((await readLines(file)).map((v) => [v.voter, v.choice])).toEqual([
      [voterOf('a1', 'alice'), 'down'],
      [voterOf('a1', 'bob'), 'up'],
    ]);

    const restarted = new FeedbackLog(file, undefined, 3);
    await restarted.record({ answerId: 'a1', question: 'Q?', choice: 'up', userId: 'alice' });
    for (const answerId of ['a2', 'a3']) await restarted.record({ answerId, question: null, choice: 'up', userId: 'carol' });
    expect((await readLines(file)).map((v) => [v.answerId, v.voter, v.choice])).toEqual([
      ['a1', voterOf('a1', 'alice'), 'up'],
      ['a2', voterOf('a2', 'carol'), 'up'],
      ['a3', voterOf('a3', 'carol'), 'up'],
    ]);
  });

  it('keeps the lines of the file that are not votes, where they are, and counts only votes against the bound (issue 22, item 18)', async () => {
    const file = await feedbackFile();
    await mkdir(path.dirname(file), { recursive: true });
    const old = { answerId: 'a0', question: 'Q?', choice: 'up', voter: voterOf('a0', 'dave'), at: '2026-01-01T00:00:00.000Z' };
    const others = ['# votes since the launch', '{"note":"reviewed by the desk on 2026-01-03"}', 'free text, not JSON'];
    await writeFile(file, `${others[0]}\n${JSON.stringify(old)}\n${others[1]}\n\n${others[2]}\n`);
    /** Each line: itself when it is one of `others`, else the answer id of its vote. */
    const shape = async () => (await readFile(file, 'utf8')).trim().split('\n').map((line) => (others.includes(line) ? line : JSON.parse(line).answerId));
    const log = new FeedbackLog(file, () => new Date('2026-01-02T03:04:05.000Z'), 2);
    await log.record({ answerId: 'a1', question: null, choice: 'down', userId: 'erin' });
    expect(await shape()).toEqual([others[0], 'a0', others[1], others[2], 'a1']);
    await log.record({ answerId: 'a2', question: null, choice: 'up', userId: 'erin' });
    expect(await shape()).toEqual([...others, 'a1', 'a2']);
  });
});

describe('inviteUrl', () => {
  it('asks for the bot and commands scopes and only the permissions the bot uses', () => {
    const url = new URL(inviteUrl('123456789012345678'));
    expect(url.searchParams.get('client_id')).toBe('123456789012345678');
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    // View Channel, Send Messages, Send Messages in Threads, Create Public Threads, Embed Links, Read Message History.
    expect(url.searchParams.get('permissions')).toBe('309237730304');
  });
});
