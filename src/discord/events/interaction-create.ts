/** Slash commands and buttons: dispatch, channel allow-list, timing logs and error replies. */
import type { ButtonInteraction, ChatInputCommandInteraction, Interaction } from 'discord.js';
import { handleButton } from '../buttons/index.js';
import { isChannelAllowed, placeOfInteraction } from '../channels.js';
import { findCommand } from '../commands/index.js';
import type { BotContext } from '../context.js';
import { channelNotAllowedNotice, infoNotice } from '../render/notices.js';
import { replyEphemeral, reportFailure } from '../respond.js';

export function onInteractionCreate(ctx: BotContext) {
  return async (interaction: Interaction): Promise<void> => {
    if (interaction.isChatInputCommand()) await runCommand(interaction, ctx);
    else if (interaction.isButton()) await runButton(interaction, ctx);
    else if (interaction.isRepliable()) {
      // A select menu, a form, a context-menu command: the bot makes none (another app's, or forged).
      ctx.logger.warn('interaction', { type: interaction.type, outcome: 'unknown' });
      await replyEphemeral(interaction, infoNotice(UNKNOWN_CONTROL)).catch((error: unknown) => ctx.logger.error('reply-failed', { error }));
    }
  };
}

const UNKNOWN_CONTROL = "I don't know that button or menu. Ask again with /ask.";

async function runCommand(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const name = interaction.commandName;
  const command = findCommand(name);
  if (!command) {
    // A command registered by an older version of the bot.
    ctx.logger.warn('command', { name, outcome: 'unknown' });
    await replyEphemeral(interaction, infoNotice('I no longer have that command. Try /ask.'));
    return;
  }
  if (!allowedHere(interaction, ctx)) {
    ctx.logger.info('command', { name, outcome: 'channel-not-allowed' });
    await replyEphemeral(interaction, channelNotAllowedNotice(ctx.config.allowedChannelIds));
    return;
  }
  await timed(ctx, 'command', { name }, interaction, async () => {
    // A service without a usable index throws from every read, info() included: the user is told why.
    if (command.readsIndex) ctx.service.info();
    await command.execute(interaction, ctx);
  });
}

async function runButton(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  await timed(ctx, 'button', { kind: interaction.customId.split(':')[0] }, interaction, async () => {
    if (await handleButton(interaction, ctx)) return;
    // A button of another app, of an older version of the bot, or a forged id.
    ctx.logger.warn('button', { outcome: 'unknown' });
    await replyEphemeral(interaction, infoNotice(UNKNOWN_CONTROL));
  });
}

/** Runs `work`, logging its outcome and time; a failure is logged and told to the user. */
async function timed(
  ctx: BotContext,
  event: string,
  fields: Record<string, unknown>,
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  work: () => Promise<void>,
): Promise<void> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    await work();
    ctx.logger.info(event, { ...fields, outcome: 'ok', deferred: interaction.deferred, ms: ms() });
  } catch (error) {
    ctx.logger.error(event, { ...fields, outcome: 'error', error, ms: ms() });
    await reportFailure(interaction, error, ctx);
  }
}

function allowedHere(interaction: ChatInputCommandInteraction, ctx: BotContext): boolean {
  return isChannelAllowed(ctx.config.allowedChannelIds, placeOfInteraction(interaction));
}
