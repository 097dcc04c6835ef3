import { defineCommand } from '../args.js';

/**
 * The bot's entry points run as modules of their own (`node dist/discord/main.js` works too); they
 * report failures through the exit code they set.
 */
const exitCodeSoFar = () => (typeof process.exitCode === 'number' ? process.exitCode : 0);

/** `npm start`: the Discord bot. */
export const startCommand = defineCommand({
  name: 'start',
  invocation: 'npm start --',
  summary: 'runs the Discord bot: loads the index (building it if missing) and the model once, then connects',
  options: {},
  notes: [
    'Settings come from the environment or .env: DISCORD_TOKEN and DISCORD_APPLICATION_ID are required (see .env.example).',
    'Logs are JSON lines on stdout. SIGINT or SIGTERM disconnects and exits cleanly.',
  ],
  run: async () => {
    await import('../../discord/main.js');
    return exitCodeSoFar();
  },
});

/** `npm run register`: installs the bot's slash commands. */
export const registerCommand = defineCommand({
  name: 'register',
  invocation: 'npm run register --',
  summary: "registers the bot's slash commands (in DISCORD_GUILD_ID's server, or globally) and prints the invite link",
  options: {},
  run: async () => {
    await import('../../discord/register.js');
    return exitCodeSoFar();
  },
});
