/** `npm run register`: installs the slash commands (in DISCORD_GUILD_ID's server, or globally). */
import { loadDiscordConfig, loadDotenvFile } from '../config.js';
import { inviteUrl } from './invite.js';
import { createLogger } from './logger.js';
import { createRest, registerCommands } from './registration.js';
import { runEntryPoint } from './startup-errors.js';

await runEntryPoint(async (secrets) => {
  loadDotenvFile();
  const config = loadDiscordConfig();
  secrets.push(config.token);
  const logger = createLogger({ level: 'warn', secrets });
  const { scope, commands } = await registerCommands(createRest(config), config, logger);
  const where = scope === 'guild' ? `in server ${config.guildId} (usable now)` : 'globally (they can take up to an hour to appear)';
  process.stdout.write(`Registered /${commands.join(', /')} ${where}.\n`);
  process.stdout.write(`Invite the bot to a server with: ${inviteUrl(config.applicationId)}\n`);
});
