/** Short text replies: refusals, hints and errors. */
import path from 'node:path';
import { time, TimestampStyles } from 'discord.js';
import { describeError, UserFacingError } from '../../errors.js';
import { redact } from '../logger.js';
import { textMessage, type BotMessage } from './message.js';
import { escapeText } from './text.js';

export function cooldownNotice(retryAt: Date): BotMessage {
  return textMessage(`You're asking faster than I answer: try again ${time(retryAt, TimestampStyles.RelativeTime)}.`);
}

export function channelNotAllowedNotice(allowedChannelIds: string[]): BotMessage {
  const channels = allowedChannelIds.map((id) => `<#${id}>`).join(', ');
  return textMessage(`I don't answer in this channel. Ask me in ${channels}.`);
}

/**
 * What failed, in one line a Discord user can read. Only errors written for users
 * (`UserFacingError`) are shown, with absolute paths cut to their last part; anything else
 * (a library's message, "query has N dimensions", a stack) stays in the operator's log, which the
 * caller writes. `secrets` (the bot token) are masked before anything reaches Discord.
 */
export function errorNotice(error: unknown, secrets: readonly string[] = []): BotMessage {
  if (!(error instanceof UserFacingError)) return textMessage(INTERNAL_ERROR);
  const reason = withoutAbsolutePaths(describeError(error).split('\n')[0]!);
  return textMessage(`Sorry, that failed: ${escapeText(redact(reason, secrets))}`);
}

export const INTERNAL_ERROR = "Sorry, something went wrong on my side. The bot's operator can find the details in its log.";

/** `/srv/bot/seeds` or `C:\bot\seeds` → `seeds`: users need the folder's name, not the server's layout. */
const ABSOLUTE_PATH = /(?<![\w:/.~-])(?:\/[^\s/'"`<>()]+){2,}\/?|\b[A-Za-z]:\\[^\s'"`<>]+/g;

export function withoutAbsolutePaths(text: string): string {
  return text.replace(ABSOLUTE_PATH, (found) => (found.includes('\\') ? path.win32.basename(found) : path.posix.basename(found)));
}

export function emptyQuestionNotice(botMention: string): BotMessage {
  return textMessage(`Ask me a question after the mention, e.g. ${botMention} How many countries signed the convention?`);
}

/** `/ask` with nothing but spaces, control or invisible characters in the question. */
export function emptyAskNotice(): BotMessage {
  return textMessage('Ask me a question with words in it, e.g. /ask question: How many countries signed the convention?');
}

/** Without the privileged Message Content intent Discord hides the text of messages that don't mention the bot. */
export function unreadableMessageNotice(botMention: string): BotMessage {
  return textMessage(
    `I can't read messages here that don't mention me. Start your question with ${botMention} and I'll answer in this thread.`,
  );
}

export function unknownAnswerNotice(answerId: string | null): BotMessage {
  return textMessage(
    answerId
      ? `I have no answer ${escapeText(answerId)} to show here: I show an answer only where it was given, and keep the most recent ones. Ask again with /ask.`
      : 'There is no answer in this channel yet: ask one with /ask first.',
  );
}

export function unknownCitationNotice(n: number, available: number): BotMessage {
  return textMessage(
    available ? `That answer has citations [1] to [${available}], not [${n}].` : `That answer has no citations.`,
  );
}

export function infoNotice(text: string): BotMessage {
  return textMessage(text);
}
