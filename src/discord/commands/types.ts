import type { ChatInputCommandInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { BotContext } from '../context.js';

/** One slash command, as in the discord.js guide: its definition (`data`) and what it does (`execute`). */
export interface SlashCommand {
  data: { readonly name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  /** Needs the index: while it is unavailable, the command answers why instead of running. */
  readsIndex: boolean;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
}
