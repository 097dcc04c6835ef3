import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecentAnswers } from '../../src/discord/answer-memory.js';
import { isChannelAllowed } from '../../src/discord/channels.js';
import { Cooldowns } from '../../src/discord/cooldown.js';
import { withoutBotMention } from '../../src/discord/events/message-create.js';
import { FeedbackLog } from '../../src/discord/feedback.js';
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
  it('finds answers by id and the latest per channel, forgetting the oldest', () => {
    const answers = new RecentAnswers(2);
    answers.remember('c1', makeAnswer({ id: 'a' }));
    answers.remember('c1', makeAnswer({ id: 'b' }));
    answers.remember('c2', makeAnswer({ id: 'c' }));
    expect(answers.get('a')).toBeUndefined();
    expect(answers.get('b')?.id).toBe('b');
    expect(answers.latestIn('c1')?.id).toBe('b');
    expect(answers.latestIn('c2')?.id).toBe('c');
  });
});

describe('isChannelAllowed', () => {
  const place = (channelId: string, parentId: string | null = null, isDM = false) => ({ channelId, parentId, isDM });

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
  it('appends one JSON line per vote with answer id, question, choice and time only', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'feedback-')), 'nested', 'feedback.jsonl');
    const log = new FeedbackLog(file, () => new Date('2026-01-02T03:04:05.000Z'));
    await Promise.all([
      log.record({ answerId: 'a1', question: 'Q?', choice: 'up' }),
      log.record({ answerId: 'a2', question: null, choice: 'down' }),
    ]);
    const lines = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { answerId: 'a1', question: 'Q?', choice: 'up', at: '2026-01-02T03:04:05.000Z' },
      { answerId: 'a2', question: null, choice: 'down', at: '2026-01-02T03:04:05.000Z' },
    ]);
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
