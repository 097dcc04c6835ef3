/**
 * A fake Discord for end-to-end tests: REST v10 over node:http and a JSON WebSocket gateway,
 * both on 127.0.0.1 at an ephemeral port. The real discord.js Client connects to it with
 * `rest: { api: fake.apiUrl }` (the gateway URL comes from GET /gateway/bot).
 *
 * - Every REST request is recorded in `fake.rest.requests` as it arrives (`waitForRequest`) and
 *   in `fake.rest.answered` with its response (`waitForSuccess`).
 * - `fake.rest.intercept(responder, { times })` answers requests ahead of the defaults:
 *   429 with `retry-after`, a 500 once, slow answers.
 * - `fake.gateway` pushes dispatches and opcodes 7 and 9, drops connections, and logs every
 *   frame both ways in `fake.gateway.events`.
 * - `slashCommand`, `clickButton` and `postMessage` send what a user would do, and
 *   `interactionReply` returns the message the bot answered with (direct or deferred).
 *
 * A development tool (tests and `npm run bench` use it; it needs the dev dependency ws): the
 * bot's and the CLI's own code never import `src/dev/` (test/discord/shipped-imports.test.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway, type GatewayOptions } from './gateway.js';
import { FakeRest, type RecordedRequest } from './rest.js';
import { DEFAULT_WAIT_MS } from './wait.js';
import { ChannelType, createWorld, memberPayload, messagePayload, snowflake, type FakeUser, type FakeWorld } from './world.js';

export { Op } from './gateway.js';
export type { FakeResponse, RecordedRequest, Responder } from './rest.js';
export { ChannelType, snowflake, user, type FakeUser, type FakeWorld } from './world.js';

export const InteractionType = { ApplicationCommand: 2, MessageComponent: 3 } as const;
export const CallbackType = { Reply: 4, DeferredReply: 5, DeferredUpdate: 6, Update: 7 } as const;
export const EPHEMERAL = 64;

const OptionType = { String: 3, Integer: 4 } as const;

export interface SentInteraction {
  id: string;
  token: string;
  channelId: string;
}

/** Who sends an interaction, and where. */
interface InteractionInit {
  user?: FakeUser;
  /** A guild channel id (default: the first text channel), or a DM channel id with `dm: true`. */
  channelId?: string;
  dm?: boolean;
  /** The member's permissions in the channel (Discord's decimal bit field); every permission by default. */
  permissions?: string;
  /** A guild the fake's world does not hold (the bot is not cached there), with this channel id. */
  elsewhere?: { guildId: string };
  /** Changes the INTERACTION_CREATE payload before it is sent (a forged or damaged event). */
  alter?: (payload: Record<string, unknown>) => void;
}

export interface CommandInit extends InteractionInit {
  name: string;
  options?: Record<string, string | number>;
}

export interface ClickInit extends InteractionInit {
  customId: string;
  /** The message the button belongs to (default: a bot message in the channel). */
  message?: Record<string, unknown>;
}

export interface PostInit {
  content: string;
  channelId?: string;
  author?: FakeUser;
  /** Whether Discord lists the bot among the message's mentions (it does for `<@bot>`). */
  mentionsBot?: boolean;
  dm?: boolean;
  /** Files attached to the message: where the bot downloads each (a test's server) and its name. */
  attachments?: Array<{ filename: string; url: string; contentType?: string; size?: number }>;
}

export interface InteractionReply {
  callback: RecordedRequest;
  /** The message body the user sees: the type-4 data, or the PATCH that filled a deferred reply. */
  message: RecordedRequest['body'];
  deferred: boolean;
}

function isSuccess(request: RecordedRequest): boolean {
  const status = request.response?.status ?? 0;
  return status >= 200 && status < 300;
}

export class FakeDiscord {
  readonly world: FakeWorld;
  readonly rest: FakeRest;
  readonly gateway: FakeGateway;
  private port = 0;

  private constructor(
    private readonly http: Server,
    options: GatewayOptions,
  ) {
    this.world = createWorld();
    this.rest = new FakeRest(this.world, () => this.gatewayUrl);
    this.gateway = new FakeGateway(this.world, () => this.gatewayUrl, options);
    http.on('request', (request, response) => void this.rest.handle(request, response));
    this.gateway.attach(http);
  }

  static async start(options: GatewayOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(createServer(), options);
    await new Promise<void>((resolve) => fake.http.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.http.address() as AddressInfo).port;
    return fake;
  }

  /** The `rest.api` option for discord.js (it appends `/v10`). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  get researchChannelId(): string {
    return this.world.channels[0]!.id;
  }

  get otherChannelId(): string {
    return this.world.channels[1]!.id;
  }

  /** The id of a DM channel between the bot and `user`, made up on first use. */
  dmChannelId(user: FakeUser): string {
    return (this.dmChannels[user.id] ??= snowflake());
  }
  private dmChannels: Record<string, string> = {};

  /** Waits for a request to arrive (it may not be answered yet). */
  waitForRequest(match: (request: RecordedRequest) => boolean, what = 'a REST request', ms = DEFAULT_WAIT_MS) {
    return this.rest.requests.waitFor(match, what, ms);
  }

  /** Waits for a request that was answered with a 2xx status. */
  waitForSuccess(match: (request: RecordedRequest) => boolean, what = 'a successful REST request', ms = DEFAULT_WAIT_MS) {
    return this.rest.answered.waitFor((r) => isSuccess(r) && match(r), what, ms);
  }

  /** A user runs a slash command: INTERACTION_CREATE type 2. */
  slashCommand({ name, options = {}, ...where }: CommandInit): SentInteraction {
    return this.interaction(InteractionType.ApplicationCommand, where, {
      id: snowflake(),
      name,
      type: 1,
      options: Object.entries(options).map(([optionName, value]) => ({
        name: optionName,
        type: typeof value === 'number' ? OptionType.Integer : OptionType.String,
        value,
      })),
    });
  }

  /** A user presses a button: INTERACTION_CREATE type 3. */
  clickButton({ customId, message, ...where }: ClickInit): SentInteraction {
    const channelId = this.channelFor(where);
    const owner = message ?? messagePayload({ channelId, guildId: this.guildFor(where, channelId), author: this.world.bot });
    return this.interaction(InteractionType.MessageComponent, where, { custom_id: customId, component_type: 2 }, { message: owner });
  }

  /** A user posts a message: MESSAGE_CREATE. */
  postMessage({ content, author = this.world.users.alice, mentionsBot = false, attachments = [], ...where }: PostInit) {
    const channelId = this.channelFor(where);
    const message = messagePayload({
      channelId,
      guildId: where.dm ? undefined : this.rest.guildOf(channelId),
      author,
      content,
      mentions: mentionsBot ? [this.world.bot] : [],
      attachments: attachments.map((file) => ({
        id: snowflake(),
        filename: file.filename,
        size: file.size ?? 1000,
        url: file.url,
        proxy_url: file.url,
        ...(file.contentType ? { content_type: file.contentType } : {}),
      })),
    });
    // Discord adds the channel type, which discord.js needs to build an uncached DM channel.
    const channelType = where.dm ? ChannelType.DM : this.channelType(channelId);
    this.gateway.dispatch('MESSAGE_CREATE', { ...message, channel_type: channelType });
    return message;
  }

  /**
   * What the bot answered `interaction` with: the callback and the message the user sees. For a
   * deferred reply (type 5) that is the PATCH of `@original` that follows.
   */
  async interactionReply({ id, token }: SentInteraction, ms = DEFAULT_WAIT_MS): Promise<InteractionReply> {
    const callback = await this.waitForSuccess(
      (r) => r.method === 'POST' && r.path === `/interactions/${id}/${token}/callback`,
      `the callback of interaction ${id}`,
      ms,
    );
    if (callback.body.type !== CallbackType.DeferredReply) return { callback, message: callback.body.data, deferred: false };
    const edit = await this.waitForSuccess(
      (r) => r.method === 'PATCH' && r.path === `/webhooks/${this.world.applicationId}/${token}/messages/@original`,
      `the deferred reply of interaction ${id}`,
      ms,
    );
    return { callback, message: edit.body, deferred: true };
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private channelFor({ channelId, dm, user }: { channelId?: string; dm?: boolean; user?: FakeUser }): string {
    if (channelId) return channelId;
    return dm ? this.dmChannelId(user ?? this.world.users.alice) : this.researchChannelId;
  }

  private interaction(
    type: number,
    where: { user?: FakeUser; channelId?: string; dm?: boolean; permissions?: string; elsewhere?: { guildId: string }; alter?: (payload: Record<string, unknown>) => void },
    data: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ): SentInteraction {
    const user = where.user ?? this.world.users.alice;
    const channelId = this.channelFor(where);
    const guildId = this.guildFor(where, channelId);
    const sent = { id: snowflake(), token: `token-${snowflake()}`, channelId };
    const payload: Record<string, unknown> = {
      id: sent.id,
      application_id: this.world.applicationId,
      type,
      data,
      token: sent.token,
      version: 1,
      channel_id: channelId,
      channel: guildId
        ? (this.rest.createdChannels.get(channelId) ?? { id: channelId, type: ChannelType.GuildText, guild_id: guildId, name: 'channel' })
        : { id: channelId, type: ChannelType.DM, recipients: [user] },
      ...(guildId
        ? { guild_id: guildId, member: memberPayload(user, where.permissions), guild_locale: 'en-US' }
        : { user }),
      app_permissions: '2251799813685247',
      locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: {},
      context: guildId ? 0 : 1,
      attachment_size_limit: 10_485_760,
      ...extra,
    };
    where.alter?.(payload);
    this.gateway.dispatch('INTERACTION_CREATE', payload);
    return sent;
  }

  private guildFor(where: { dm?: boolean; elsewhere?: { guildId: string } }, channelId: string): string | undefined {
    return where.dm ? undefined : (where.elsewhere?.guildId ?? this.rest.guildOf(channelId));
  }

  private channelType(channelId: string): number {
    return this.rest.createdChannels.get(channelId)?.type ?? ChannelType.GuildText;
  }
}
