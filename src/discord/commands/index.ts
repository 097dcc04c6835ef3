/** Every slash command the bot has; registration and dispatch both read this one list. */
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { add } from './add.js';
import { ask } from './ask.js';
import { cite } from './cite.js';
import { reindex } from './reindex.js';
import { sources } from './sources.js';
import type { SlashCommand } from './types.js';

export const commands: readonly SlashCommand[] = [ask, cite, sources, reindex, add];

const byName = new Map(commands.map((command) => [command.data.name, command]));

export function findCommand(name: string): SlashCommand | undefined {
  return byName.get(name);
}

export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.map((command) => command.data.toJSON());
}
