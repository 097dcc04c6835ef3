/**
 * The bot: a discord.js Client wired to the research service. Everything comes in by injection
 * (service, settings, logger), so tests run the real bot against a fake Discord and any service.
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import { UserFacingError } from '../errors.js';
import { createContext, type BotContext, type ContextOptions } from './context.js';
import { onInteractionCreate } from './events/interaction-create.js';
import { onMessageCreate } from './events/message-create.js';
import { refuseUnattributedInteractions } from './events/unattributed-interaction.js';
import { InFlight } from './in-flight.js';
import type { Logger } from './logger.js';
import { NO_MENTIONS } from './render/message.js';
import { registerCommands } from './registration.js';

export type BotOptions = ContextOptions;

export interface Bot {
  client: Client;
  context: BotContext;
  /**
   * Logs in and resolves once the client is ready (and the commands registered, if configured);
   * rejects with `GatewayNotReadyError` when READY does not come within `readyTimeoutSeconds`.
   */
  start(): Promise<void>;
  /**
   * Stops taking new work, lets running work finish (or abandons it after a grace period, telling
   * the users waiting), then disconnects from Discord. The service belongs to the caller, who closes it.
   */
  stop(): Promise<void>;
}

/**
 * No privileged intents: slash commands need none, and Discord delivers the text of DMs and of
 * messages that mention the bot without Message Content. `Partials.Channel` lets DMs through.
 */
const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

export function createBot(options: BotOptions): Bot {
  const { config, logger } = options;
  const client = new Client({
    intents: INTENTS,
    partials: [Partials.Channel],
    // A safety net: every message also sets allowedMentions itself.
    allowedMentions: NO_MENTIONS,
    ...(config.apiUrl ? { rest: { api: config.apiUrl } } : {}),
  });
  const context = createContext(options);
  const inFlight = new InFlight(logger);
  client.on(Events.Raw, refuseUnattributedInteractions(client, context));
  client.on(Events.InteractionCreate, inFlight.interactions(onInteractionCreate(context)));
  client.on(Events.MessageCreate, inFlight.messages(onMessageCreate(context)));
  logConnection(client, logger);

  return {
    client,
    context,
    async start() {
      const ready = once(client, Events.ClientReady);
      try {
        await withinSeconds(Promise.all([client.login(config.token), ready]), config.readyTimeoutSeconds);
      } catch (error) {
        // Otherwise discord.js keeps reconnecting for ever, logging at info level.
        await disconnect(client, logger);
        throw error;
      }
      if (config.registerOnStart) await registerCommands(client.rest, config, logger);
    },
    async stop() {
      // The gateway stays up meanwhile: replies to mentions need the logged-in client.
      const abandoned = await inFlight.drain(GRACE_MS);
      if (abandoned > 0) logger.warn('shutdown', { outcome: 'abandoned', abandoned, graceMs: GRACE_MS });
      await disconnect(client, logger);
      logger.info('stopped');
    },
  };
}

/** Discord connected (the token was accepted) but its gateway never said READY. */
export class GatewayNotReadyError extends UserFacingError {
  constructor(seconds: number) {
    super(
      `Discord's gateway did not say READY within ${seconds} s of connecting.`,
      "Check the network (and DISCORD_API_URL if you set it) and https://discordstatus.com, then start again; DISCORD_READY_TIMEOUT_SECONDS sets how long to wait.",
    );
  }
}

async function withinSeconds<T>(work: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GatewayNotReadyError(seconds)), seconds * 1000);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * A stop lets running work finish for GRACE_MS, then closes the gateway within DISCONNECT_MS:
 * together within the 10 s Docker allows between SIGTERM and SIGKILL (systemd allows 90 s).
 */
const GRACE_MS = 5000;
const DISCONNECT_MS = 3000;

/**
 * Closes the gateway connection, waiting at most DISCONNECT_MS: destroying a client that is
 * still waiting for READY can wait for ever (@discordjs/ws 1.2 reconnects from inside its own
 * destroy), and a process that is stopping must not hang on it.
 */
async function disconnect(client: Client, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), DISCONNECT_MS).unref();
  });
  const outcome = await Promise.race([client.destroy().then(() => 'closed' as const), late]).finally(() => clearTimeout(timer));
  if (outcome === 'late') logger.warn('gateway-close', { outcome: 'timed-out', ms: DISCONNECT_MS });
}

function logConnection(client: Client, logger: Logger): void {
  client.once(Events.ClientReady, (ready) => {
    logger.info('ready', { user: ready.user.tag, guilds: ready.guilds.cache.size });
  });
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn('gateway-disconnect', { shard, code: event.code }));
  client.on(Events.ShardReconnecting, (shard) => logger.info('gateway-reconnecting', { shard }));
  client.on(Events.ShardResume, (shard, replayed) => logger.info('gateway-resumed', { shard, replayed }));
  client.on(Events.Error, (error) => logger.error('client-error', { error }));
  client.on(Events.Warn, (message) => logger.warn('client-warning', { message }));
}
