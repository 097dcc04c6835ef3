/** `/ask question:<text>`: the answer with numbered verbatim quotes, feedback and Sources buttons. */
import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../../answer/engine.js';
import { askAndRemember, cooldownFor, isBlankQuestion } from '../asking.js';
import { placeOfInteraction } from '../channels.js';
import { renderAnswer } from '../render/answer.js';
import { cooldownNotice, emptyAskNotice } from '../render/notices.js';
import { replyEphemeral, replyWhenReady } from '../respond.js';
import type { SlashCommand } from './types.js';

export const ask: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask about the news corpus; the answer quotes its sources word for word.')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((option) =>
      option
        .setName('question')
        .setDescription('Your question, in any language')
        .setRequired(true)
        .setMaxLength(MAX_QUESTION_CHARS),
    ),
  readsIndex: true,

  async execute(interaction, ctx) {
    const question = interaction.options.getString('question', true).trim();
    if (isBlankQuestion(question)) {
      await replyEphemeral(interaction, emptyAskNotice());
      return;
    }
    const retryAt = cooldownFor(ctx, interaction.user.id, 'slash');
    if (retryAt) {
      await replyEphemeral(interaction, cooldownNotice(retryAt));
      return;
    }
    const asked = { question, via: 'slash', place: placeOfInteraction(interaction), askerId: interaction.user.id } as const;
    // Behind other questions it cannot be answered at once: acknowledge first, whatever the wait.
    const deferAfterMs = ctx.asking.busy ? 0 : ctx.deferAfterMs;
    const work = askAndRemember(ctx, asked).then(renderAnswer);
    await replyWhenReady(interaction, work, deferAfterMs, ctx.asking);
  },
};
