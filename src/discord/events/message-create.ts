/**
 * Questions by mention, in the bot's threads, and in DMs.
 *
 * `@bot <question>` in a channel is answered in a thread started on that message (a reply where
 * no thread can be started); later messages in that thread are answered without a mention.
 * The bot runs without the privileged Message Content intent: Discord then delivers the text of
 * DMs and of messages that mention the bot, but an empty `content` for other thread messages.
 * Those get a one-time hint to mention the bot.
 */
import { ChannelType, PermissionFlagsBits, ThreadAutoArchiveDuration, type Message, type ThreadChannel } from 'discord.js';
import { askAndRemember, cooldownFor, isBlankQuestion, type AskVia } from '../asking.js';
import { isChannelAllowed, placeOfMessage } from '../channels.js';
import type { BotContext } from '../context.js';
import { renderAnswer } from '../render/answer.js';
import { LIMITS } from '../render/limits.js';
import { NO_MENTIONS, type BotMessage } from '../render/message.js';
import { ADD_NOT_PERMITTED } from '../commands/add.js';
import { renderAdded } from '../render/added.js';
import { cooldownNotice, emptyQuestionNotice, errorNotice, infoNotice, unreadableMessageNotice } from '../render/notices.js';
import { oneLine, trimToLimit } from '../render/text.js';

export function onMessageCreate(ctx: BotContext) {
  return async (message: Message): Promise<void> => {
    try {
      await handleMessage(message, ctx);
    } catch (error) {
      ctx.logger.error('message', { outcome: 'error', error });
    }
  };
}

async function handleMessage(message: Message, ctx: BotContext): Promise<void> {
  if (message.author.bot || message.system) return;
  const botId = message.client.user.id;
  const via = conversationKind(message, botId, ctx);
  if (!via || !isChannelAllowed(ctx.config.allowedChannelIds, placeOfMessage(message))) return;
  if (message.attachments.size > 0 && message.mentions.users.has(botId)) {
    await addAttachments(message, ctx);
    return;
  }

  const question = withoutBotMention(message.content, botId);
  if (isBlankQuestion(question)) {
    await answerEmptyMessage(message, via, botId, ctx);
    return;
  }
  const retryAt = cooldownFor(ctx, message.author.id, via);
  if (retryAt) {
    await replyTo(message, cooldownNotice(retryAt));
    return;
  }
  const thread = via === 'mention' ? await startThread(message, question, ctx) : null;
  const here = placeOfMessage(message);
  const place = thread ? { guildId: here.guildId, channelId: thread.id, parentId: message.channelId } : here;
  const asked = { question, via, place, askerId: message.author.id };
  const reply = await askAndRemember(ctx, asked).then(renderAnswer, (error: unknown) => errorNotice(error, [ctx.config.token]));
  await (thread ? thread.send(reply) : replyTo(message, reply));
}

/** Why the bot should answer `message`, or null when it is not addressed to the bot. */
function conversationKind(message: Message, botId: string, ctx: BotContext): AskVia | null {
  if (message.channel.isDMBased()) return 'dm';
  const inBotThread = message.channel.isThread() && (ctx.threads.has(message.channelId) || message.channel.ownerId === botId);
  if (inBotThread) return 'thread';
  if (message.mentions.users.has(botId)) return canStartThread(message) ? 'mention' : 'thread';
  return null;
}

/** Threads start from messages in text and announcement channels, not inside other threads. */
function canStartThread(message: Message): boolean {
  return message.channel.type === ChannelType.GuildText || message.channel.type === ChannelType.GuildAnnouncement;
}

export function withoutBotMention(content: string, botId: string): string {
  return content.replaceAll(`<@${botId}>`, ' ').replaceAll(`<@!${botId}>`, ' ').trim();
}

async function answerEmptyMessage(message: Message, via: AskVia, botId: string, ctx: BotContext): Promise<void> {
  const mention = `<@${botId}>`;
  if (via !== 'thread' || message.mentions.users.has(botId)) {
    await replyTo(message, emptyQuestionNotice(mention));
    return;
  }
  // Without Message Content, unmentioned thread messages arrive empty: say so once per thread.
  const thread = ctx.threads.get(message.channelId);
  if (thread?.hinted) return;
  ctx.threads.set(message.channelId, { hinted: true });
  ctx.logger.info('message', { via, outcome: 'content-hidden' });
  await replyTo(message, unreadableMessageNotice(mention));
}

/** Starts a thread on the question; null (the caller replies instead) when Discord refuses. */
async function startThread(message: Message, question: string, ctx: BotContext): Promise<ThreadChannel | null> {
  try {
    const thread = await message.startThread({
      name: trimToLimit(oneLine(question), LIMITS.threadName),
      autoArchiveDuration: ThreadAutoArchiveDuration.OneDay,
    });
    ctx.threads.set(thread.id, { hinted: false });
    return thread;
  } catch (error) {
    ctx.logger.warn('thread', { outcome: 'not-started', error });
    return null;
  }
}

/**
 * Files attached to a message that mentions the bot are added to the corpus, for the members who
 * may `/reindex` (Manage Server, from their roles in the server; never in DMs). The reply names
 * who added what.
 */
async function addAttachments(message: Message, ctx: BotContext): Promise<void> {
  if (!message.inGuild() || !message.member?.permissions.has(PermissionFlagsBits.ManageGuild)) {
    ctx.logger.warn('add', { via: 'attachment', outcome: 'not-permitted' });
    await replyTo(message, infoNotice(ADD_NOT_PERMITTED));
    return;
  }
  const items = message.attachments.map((file) => ({ upload: file.name, link: file.url }));
  const reply = await ctx.service.add(items).then(
    (result) => {
      ctx.logger.info('add', { via: 'attachment', added: result.added.length, refused: result.refused.length });
      return renderAdded(result, message.author.id);
    },
    (error: unknown) => {
      ctx.logger.error('add', { via: 'attachment', outcome: 'error', error });
      return errorNotice(error, [ctx.config.token]);
    },
  );
  await replyTo(message, reply);
}

/** Replies without pinging the author (`repliedUser: false`) or anyone else. */
function replyTo(message: Message, reply: BotMessage): Promise<unknown> {
  return message.reply({ ...reply, allowedMentions: { ...NO_MENTIONS, repliedUser: false } });
}
