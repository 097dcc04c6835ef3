/** "Sources" under an answer: a private list of every article the answer cites. */
import type { ButtonInteraction } from 'discord.js';
import { placeOfInteraction } from '../channels.js';
import type { BotContext } from '../context.js';
import { unknownAnswerNotice } from '../render/notices.js';
import { renderCitedArticles } from '../render/sources.js';
import { replyEphemeral } from '../respond.js';

export async function showCitedSources(interaction: ButtonInteraction, answerId: string, ctx: BotContext): Promise<void> {
  const found = ctx.answers.readableFrom(answerId, placeOfInteraction(interaction));
  await replyEphemeral(interaction, found ? renderCitedArticles(found.answer) : unknownAnswerNotice(answerId));
}
