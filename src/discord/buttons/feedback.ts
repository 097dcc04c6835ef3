/** 👍/👎 under an answer: the user's latest vote on it in the feedback file, and a private thank-you. */
import type { ButtonInteraction } from 'discord.js';
import { placeOfInteraction } from '../channels.js';
import type { BotContext } from '../context.js';
import type { FeedbackChoice } from '../render/custom-ids.js';
import { infoNotice } from '../render/notices.js';
import { replyEphemeral } from '../respond.js';

export async function recordFeedback(
  interaction: ButtonInteraction,
  { answerId, choice }: { answerId: string; choice: FeedbackChoice },
  ctx: BotContext,
): Promise<void> {
  const question = ctx.answers.readableFrom(answerId, placeOfInteraction(interaction))?.answer.question ?? null;
  await ctx.feedback.record({ answerId, question, choice, userId: interaction.user.id });
  ctx.logger.info('feedback', { answerId, choice, known: question !== null });
  await replyEphemeral(
    interaction,
    infoNotice(choice === 'up' ? 'Thanks! Noted that this answer helped.' : 'Thanks! Noted that this answer did not help.'),
  );
}
