/**
 * Errors no handler catches: one line for the operator when the bot cannot start (which setting
 * is wrong and how to fix it), and one log line for anything that escapes at run time. Neither
 * ever prints a stack trace or the bot token.
 */
import { DiscordAPIError } from 'discord.js';
import { describeError } from '../errors.js';
import { redact, type Logger } from './logger.js';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

export function explainStartupError(error: unknown): string {
  if (isTokenRejected(error)) {
    return 'Discord rejected DISCORD_TOKEN (401 Unauthorized). Copy the bot token again: Developer Portal → your application → Bot → Reset Token.';
  }
  if (error instanceof DiscordAPIError && error.code === 50001) {
    return 'Discord refused access to the server in DISCORD_GUILD_ID (Missing Access). Invite the bot there with the "bot applications.commands" scopes, or fix the id.';
  }
  if (error instanceof DiscordAPIError && error.code === 10002) {
    return 'Discord does not know the application in DISCORD_APPLICATION_ID. Copy it from Developer Portal → General Information → Application ID.';
  }
  if (error instanceof DiscordAPIError && error.code === 4014) {
    return 'Discord refused the requested gateway intents. Check the bot settings in the Developer Portal.';
  }
  const code = networkCode(error);
  if (code) return `Could not reach Discord (${code}). Check the network, and DISCORD_API_URL if you set it.`;
  return describeError(error);
}

function isTokenRejected(error: unknown): boolean {
  if (error instanceof DiscordAPIError) return error.status === 401;
  return (error as { code?: unknown } | null)?.code === 'TokenInvalid';
}

/** The network error code of `error` or of its causes (undici wraps them). */
function networkCode(error: unknown): string | null {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  }
  return null;
}

/**
 * Runs an entry point; a failure prints one explained line on stderr and sets exit code 1.
 * `main` adds the secrets it reads (the bot token) to `secrets`, and the line never shows them:
 * an error can quote anything, e.g. a proxy's error page echoing the request.
 */
export async function runEntryPoint(main: (secrets: string[]) => Promise<void>): Promise<void> {
  const secrets: string[] = [];
  try {
    await main(secrets);
  } catch (error) {
    process.stderr.write(`${redact(explainStartupError(error), secrets)}\n`);
    process.exitCode = 1;
  }
}

/**
 * Errors that escape every handler, logged as one line through `logger` (which masks the token)
 * instead of Node's stack trace. A rejected promise belongs to one piece of work (discord.js
 * rejects on a malformed gateway event, for one): the bot logs it and keeps answering. An
 * uncaught exception may have left anything half done: the bot logs it and exits with 1, for
 * its supervisor to restart it.
 */
export function logUncaughtErrors(logger: Logger): void {
  process.on('unhandledRejection', (error) => logger.error('unhandled-rejection', { error }));
  process.on('uncaughtException', (error) => {
    logger.error('uncaught-exception', { error });
    process.exit(1);
  });
}
