/**
 * `/reindex`: re-reads the seeds folder and updates the index without a restart. Discord shows
 * it only to members with Manage Server (server admins can change that in Integrations).
 */
import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { renderReindexReport } from '../render/reindex.js';
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
