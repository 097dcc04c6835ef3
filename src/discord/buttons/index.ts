/** Routes a button press by its custom id. */
import type { ButtonInteraction } from 'discord.js';
import type { BotContext } from '../context.js';
import { decodeButtonId } from '../render/custom-ids.js';
import { recordFeedback } from './feedback.js';
import { showCitedSources } from './sources.js';

/** Handles the press; returns false for a button this bot did not make. */
export async function handleButton(interaction: ButtonInteraction, ctx: BotContext): Promise<boolean> {
  const action = decodeButtonId(interaction.customId);
  if (!action) return false;
  if (action.kind === 'feedback') await recordFeedback(interaction, action, ctx);
  else await showCitedSources(interaction, action.answerId, ctx);
  return true;
}
