/** `/cite n:<int> [answer:<id>]`: the full passage behind citation [n] of an answer. */
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { placeOfInteraction } from '../channels.js';
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
    const here = placeOfInteraction(interaction);
    // Only answers given where this user can read them: this channel (or its threads), this DM.
    const found = answerId ? ctx.answers.readableFrom(answerId, here) : ctx.answers.latestIn(here);
    if (!found) {
      await replyEphemeral(interaction, unknownAnswerNotice(answerId));
      return;
    }
    const { answer } = found;
    const quote = answer.quotes.find((q) => q.citation === n);
    if (!quote) {
      await replyEphemeral(interaction, unknownCitationNotice(n, answer.quotes.length));
      return;
    }
    const message = renderCitation(answer, quote, await ctx.service.passage(quote.passageId));
    // Someone else's question is shown to the one who asked for it, not posted to the channel again.
    await (found.askerId === interaction.user.id ? interaction.reply(message) : replyEphemeral(interaction, message));
  },
};
