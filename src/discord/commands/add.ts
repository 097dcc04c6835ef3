/**
 * `/add url:<link>`: fetches a web page or PDF (through the safe fetcher: public addresses only,
 * size and time limits), converts it into the corpus and re-indexes. Allowed to the members who
 * may `/reindex` (Manage Server), checked here as `/reindex` checks it; the reply is public, so
 * the channel sees who added what.
 */
import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { renderAdded } from '../render/added.js';
import { infoNotice } from '../render/notices.js';
import { replyEphemeral } from '../respond.js';
import type { SlashCommand } from './types.js';

export const MAX_LINK_CHARS = 2000;

export const add: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('add')
    .setDescription('Add a web page or PDF to the corpus by its link (members who may /reindex).')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) => option.setName('url').setDescription('The link: https://…').setRequired(true).setMaxLength(MAX_LINK_CHARS)),
  readsIndex: true,

  async execute(interaction, ctx) {
    if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
      ctx.logger.warn('add', { outcome: 'not-permitted' });
      await replyEphemeral(interaction, infoNotice(ADD_NOT_PERMITTED));
      return;
    }
    const link = interaction.options.getString('url', true).trim();
    // Fetching, converting and re-indexing take seconds: always defer, in public.
    await interaction.deferReply();
    const result = await ctx.service.add([{ link }]);
    ctx.logger.info('add', { via: 'slash', added: result.added.length, refused: result.refused.length });
    await interaction.editReply(renderAdded(result, interaction.user.id));
  },
};

export const ADD_NOT_PERMITTED = 'Only members with the Manage Server permission (those who may /reindex) can add sources.';
