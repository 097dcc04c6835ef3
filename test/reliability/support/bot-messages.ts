/**
 * What the bot sent to the fake Discord, read back for reliability checks: every message body
 * (interaction callbacks, webhook follow-ups and edits, channel messages), whether any of them
 * could ping someone, and whether user text in them would render as markdown.
 */
import { expect } from 'vitest';
import type { FakeDiscord, RecordedRequest } from '../../../src/dev/fake-discord/index.js';
import { embedText, type MessageBody } from '../../discord/discord-limits.js';

export interface SentMessage {
  request: RecordedRequest;
  body: MessageBody & { allowed_mentions?: { parse?: unknown[]; replied_user?: boolean } };
}

const MESSAGE_ROUTES = [
  /^\/interactions\/\d+\/[^/]+\/callback$/,
  /^\/webhooks\/\d+\/[^/]+(\/messages\/[^/]+)?$/,
  /^\/channels\/\d+\/messages$/,
];

/** Every message the bot sent (a callback's `data`), with content or embeds: deferrals carry neither. */
export function sentMessages(fake: FakeDiscord, since = 0): SentMessage[] {
  return fake.rest.requests.items
    .filter((r) => r.seq > since && (r.method === 'POST' || r.method === 'PATCH') && MESSAGE_ROUTES.some((p) => p.test(r.path)))
    .map((request) => ({ request, body: (request.path.endsWith('/callback') ? request.body?.data : request.body) ?? {} }))
    .filter(({ body }) => body.content || (body.embeds?.length ?? 0) > 0);
}

/** The text a message shows: its content and every embed part. */
export function shownText(body: MessageBody): string {
  return [body.content ?? '', embedText(body)].join('\n');
}

/**
 * Mentions as Discord reads them: `@everyone`, `@here`, users, roles and channels. The bot's
 * own mention (`<@bot>` in its hints) is allowed: it names the bot and pings no one.
 */
export function liveMentions(text: string, botId: string): string[] {
  const found = text.match(/@everyone|@here|<@!?\d+>|<@&\d+>|<#\d+>/gi) ?? [];
  return found.filter((mention) => mention !== `<@${botId}>`);
}

/** No message may ping: mentions are switched off in every body, and none is written live. */
export function expectNoPings(messages: SentMessage[], botId: string): void {
  expect(messages.length).toBeGreaterThan(0);
  for (const { request, body } of messages) {
    expect(body.allowed_mentions?.parse, `${request.method} ${request.path}`).toEqual([]);
    expect(liveMentions(shownText(body), botId), `${request.method} ${request.path}`).toEqual([]);
  }
}

/** Markdown characters not escaped with a backslash: text shown as typed has none. */
export function unescapedMarkdown(text: string): string[] {
  return text.match(/(?<!\\)[*_~|`]/g) ?? [];
}
