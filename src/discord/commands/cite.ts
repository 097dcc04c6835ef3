/** `/cite n:<int> [answer:<id>]`: the full passage behind citation [n] of an answer. */
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { renderCitation } from '../render/citation.js';
import { unknownAnswerNotice, unknownCitationNotice } from '../render/notices.js';
import { replyEphemeral } from '../respond.js';
import type { SlashCommand } from './types.js';

export const cite: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('cite')
    .setDescription('Show the full passage behind a citation of an answer.')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addIntegerOption((option) =>
      option.setName('n').setDescription('The citation number, e.g. 2 for [2]').setRequired(true).setMinValue(1).setMaxValue(100),
    )
    .addStringOption((option) =>
      option
        .setName('answer')
        .setDescription('Answer id from the answer footer (default: the latest answer in this channel)')
        .setMaxLength(100),
    ),
  readsIndex: true,

  async execute(interaction, ctx) {
    const n = interaction.options.getInteger('n', true);
    const answerId = interaction.options.getString('answer')?.trim() || null;
    const answer = answerId ? ctx.answers.get(answerId) : ctx.answers.latestIn(interaction.channelId);
    if (!answer) {
      await replyEphemeral(interaction, unknownAnswerNotice(answerId));
      return;
    }
    const quote = answer.quotes.find((q) => q.citation === n);
    if (!quote) {
      await replyEphemeral(interaction, unknownCitationNotice(n, answer.quotes.length));
      return;
    }
    await interaction.reply(renderCitation(answer, quote, ctx.service.passage(quote.passageId)));
  },
};
