/** "Sources" under an answer: a private list of every article the answer cites. */
import type { ButtonInteraction } from 'discord.js';
import type { BotContext } from '../context.js';
import { unknownAnswerNotice } from '../render/notices.js';
import { renderCitedArticles } from '../render/sources.js';
import { replyEphemeral } from '../respond.js';

export async function showCitedSources(interaction: ButtonInteraction, answerId: string, ctx: BotContext): Promise<void> {
  const answer = ctx.answers.get(answerId);
  await replyEphemeral(interaction, answer ? renderCitedArticles(answer) : unknownAnswerNotice(answerId));
}
