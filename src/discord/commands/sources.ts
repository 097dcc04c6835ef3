/** `/sources`: the indexed articles and the index's mode and model. */
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { renderIndexedArticles } from '../render/sources.js';
import type { SlashCommand } from './types.js';

export const sources: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('sources')
    .setDescription('List the articles I can quote, and how the index searches them.')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM),
  readsIndex: true,

  async execute(interaction, ctx) {
    await interaction.reply(renderIndexedArticles(ctx.service.articles(), ctx.service.info()));
  },
};
