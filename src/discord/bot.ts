/**
 * The bot: a discord.js Client wired to the research service. Everything comes in by injection
 * (service, settings, logger), so tests run the real bot against a fake Discord and any service.
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import { createContext, type BotContext, type ContextOptions } from './context.js';
import { onInteractionCreate } from './events/interaction-create.js';
import { onMessageCreate } from './events/message-create.js';
import type { Logger } from './logger.js';
import { NO_MENTIONS } from './render/message.js';
import { registerCommands } from './registration.js';

export type BotOptions = ContextOptions;

export interface Bot {
  client: Client;
  context: BotContext;
  /** Logs in and resolves once the client is ready (and the commands registered, if configured). */
  start(): Promise<void>;
  /** Disconnects from Discord. The service belongs to the caller, who closes it. */
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
  client.on(Events.InteractionCreate, onInteractionCreate(context));
  client.on(Events.MessageCreate, onMessageCreate(context));
  logConnection(client, logger);

  return {
    client,
    context,
    async start() {
      const ready = once(client, Events.ClientReady);
      await client.login(config.token);
      await ready;
      if (config.registerOnStart) await registerCommands(client.rest, config, logger);
    },
    async stop() {
      await client.destroy();
      logger.info('stopped');
    },
  };
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
