/** Installs the slash commands: in one server (instant) or globally (may take up to an hour to show). */
import { REST, Routes } from 'discord.js';
import type { DiscordConfig } from '../config.js';
import { commandDefinitions } from './commands/index.js';
import type { Logger } from './logger.js';

/** A REST client for `config`, honouring DISCORD_API_URL (proxies, and the fake Discord in tests). */
export function createRest(config: Pick<DiscordConfig, 'token' | 'apiUrl'>): REST {
  return new REST({ version: '10', ...(config.apiUrl ? { api: config.apiUrl } : {}) }).setToken(config.token);
}

export interface Registration {
  scope: 'guild' | 'global';
  commands: string[];
}

export async function registerCommands(
  rest: REST,
  config: Pick<DiscordConfig, 'applicationId' | 'guildId'>,
  logger: Logger,
): Promise<Registration> {
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.applicationId, config.guildId)
    : Routes.applicationCommands(config.applicationId);
  const body = commandDefinitions();
  await rest.put(route, { body });
  const registration: Registration = { scope: config.guildId ? 'guild' : 'global', commands: body.map((c) => c.name) };
  logger.info('commands-registered', { ...registration });
  return registration;
}
