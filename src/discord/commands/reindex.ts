/**
 * `/reindex`: re-reads the seeds folder and updates the index without a restart. Discord shows
 * it only to members with Manage Server by default, but server admins can change that in
 * Integrations (and a client can send any interaction): the bot checks the permission itself.
 */
import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { infoNotice } from '../render/notices.js';
import { renderReindexReport } from '../render/reindex.js';
import { replyEphemeral } from '../respond.js';
import type { SlashCommand } from './types.js';

export const reindex: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('reindex')
    .setDescription('Re-read the seed articles and update the index (no restart needed).')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild),
  // It is how an unavailable index gets repaired.
  readsIndex: false,

  async execute(interaction, ctx) {
    // The member's permissions in this channel, as Discord computed them for this interaction (null in DMs).
    if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
      ctx.logger.warn('reindex', { outcome: 'not-permitted' });
      await replyEphemeral(interaction, infoNotice('Only members with the Manage Server permission can re-index.'));
      return;
    }
    // Re-indexing takes seconds to minutes: always defer. The service runs one re-index at a time.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const report = await ctx.service.reindex();
    ctx.logger.info('reindex', {
      added: report.added.length,
      changed: report.changed.length,
      removed: report.removed.length,
      unchanged: report.unchanged,
      mode: report.mode,
      seconds: report.seconds,
    });
    await interaction.editReply(renderReindexReport(report));
  },
};
