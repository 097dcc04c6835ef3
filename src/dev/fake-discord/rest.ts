/**
 * The fake Discord's REST API (v10) on node:http: records every request, answers the routes the
 * bot uses with full objects, and lets tests inject responses (429s, 500s, delays) ahead of them.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Log } from './wait.js';
import { ChannelType, messagePayload, snowflake, type FakeChannel, type FakeWorld } from './world.js';

export const API_PREFIX = '/api/v10';

export interface RecordedRequest {
  /** Order of arrival, from 1. */
  seq: number;
  /** When its first byte was handled (`performance.now()`), before the body was read: when it reached Discord. */
  arrivedAt: number;
  method: string;
  /** Path below `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (or the raw text when it is not JSON; undefined when empty). */
  body: any;
  /** What the fake answered, once it has. */
  response?: FakeResponse;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Answers a request, or returns undefined to let the next responder (finally the defaults) answer. */
export type Responder = (request: RecordedRequest) => FakeResponse | undefined | Promise<FakeResponse | undefined>;

interface Interceptor {
  responder: Responder;
  remaining: number;
}

type RouteHandler = (request: RecordedRequest, params: string[]) => FakeResponse;

export class FakeRest {
  /** Every request, as it arrives (before it is answered). */
  readonly requests = new Log<RecordedRequest>();
  /** Every request once answered, `response` set: wait here to see how a request ended. */
  readonly answered = new Log<RecordedRequest>();
  /** Commands installed by PUT, by scope: `global` or a guild id. */
  readonly commands = new Map<string, unknown[]>();
  /** Channels created by the bot (threads), by id. */
  readonly createdChannels = new Map<string, FakeChannel>();
  private interceptors: Interceptor[] = [];
  private readonly routes: [string, RegExp, RouteHandler][];

  constructor(
    private readonly world: FakeWorld,
    private readonly gatewayUrl: () => string,
  ) {
    this.routes = this.defaultRoutes();
  }

  /**
   * Puts `responder` ahead of the defaults (the latest first) for `times` requests it answers.
   * Returns a function that removes it.
   */
  intercept(responder: Responder, { times = Infinity } = {}): () => void {
    const interceptor = { responder, remaining: times };
    this.interceptors.unshift(interceptor);
    return () => {
      this.interceptors = this.interceptors.filter((i) => i !== interceptor);
    };
  }

  /** Records the request at `message`, waits for `answer`'s result and writes it. */
  async handle(message: IncomingMessage, response: ServerResponse): Promise<void> {
    const request = await this.record(message);
    const answer = await this.answer(request);
    request.response = answer;
    this.answered.push(request);
    const hasBody = answer.body !== undefined && answer.status !== 204;
    response.writeHead(answer.status, {
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...answer.headers,
    });
    response.end(hasBody ? JSON.stringify(answer.body) : undefined);
  }

  private async record(message: IncomingMessage): Promise<RecordedRequest> {
    const arrivedAt = performance.now();
    const url = new URL(message.url ?? '/', 'http://fake.discord');
    const chunks: Buffer[] = [];
    for await (const chunk of message) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const request: RecordedRequest = {
      seq: this.requests.items.length + 1,
      arrivedAt,
      method: message.method ?? 'GET',
      // Decoded, so tests match `@original` whether or not the client percent-encoded it.
      path: decodeURIComponent(url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname),
      query: Object.fromEntries(url.searchParams),
      headers: message.headers,
      body: parseBody(text),
    };
    this.requests.push(request);
    return request;
  }

  private async answer(request: RecordedRequest): Promise<FakeResponse> {
    for (const interceptor of [...this.interceptors]) {
      if (interceptor.remaining <= 0) continue;
      const answer = await interceptor.responder(request);
      if (!answer) continue;
      interceptor.remaining -= 1;
      if (interceptor.remaining <= 0) this.interceptors = this.interceptors.filter((i) => i !== interceptor);
      return answer;
    }
    for (const [method, pattern, handler] of this.routes) {
      const match = request.method === method ? pattern.exec(request.path) : null;
      if (match) return handler(request, match.slice(1));
    }
    return { status: 404, body: { message: `Unknown route ${request.method} ${request.path} (fake Discord)`, code: 0 } };
  }

  private defaultRoutes(): [string, RegExp, RouteHandler][] {
    const { world } = this;
    const ok = (body: unknown): FakeResponse => ({ status: 200, body });
    const sentMessage = (channelId: string, body: Record<string, unknown>) =>
      messagePayload({ ...body, channelId, guildId: this.guildOf(channelId), author: world.bot });
    return [
      ['GET', /^\/gateway\/bot$/, () => ok(this.gatewayInfo())],
      ['GET', /^\/gateway$/, () => ok({ url: this.gatewayUrl() })],
      ['GET', /^\/users\/@me$/, () => ok(world.bot)],
      ['PUT', /^\/applications\/\d+\/commands$/, (r) => ok(this.installCommands('global', r.body))],
      ['PUT', /^\/applications\/\d+\/guilds\/(\d+)\/commands$/, (r, [guild]) => ok(this.installCommands(guild!, r.body))],
      ['GET', /^\/applications\/\d+\/commands$/, () => ok(this.commands.get('global') ?? [])],
      ['POST', /^\/interactions\/\d+\/[^/]+\/callback$/, (r) => this.interactionCallback(r)],
      ['PATCH', /^\/webhooks\/\d+\/[^/]+\/messages\/([^/]+)$/, (r, [id]) => ok(this.webhookMessage(r, id))],
      ['GET', /^\/webhooks\/\d+\/[^/]+\/messages\/([^/]+)$/, (r, [id]) => ok(this.webhookMessage(r, id))],
      ['POST', /^\/webhooks\/\d+\/[^/]+$/, (r) => ok(this.webhookMessage(r, undefined))],
      ['POST', /^\/channels\/(\d+)\/messages$/, (r, [channel]) => ok(sentMessage(channel!, r.body))],
      ['POST', /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/, (r, [channel, message]) => ok(this.startThread(channel!, message!, r.body))],
      ['POST', /^\/channels\/\d+\/typing$/, () => ({ status: 204 })],
      ['GET', /^\/channels\/(\d+)$/, (_, [channel]) => this.channel(channel!)],
    ];
  }

  private gatewayInfo() {
    return {
      url: this.gatewayUrl(),
      shards: 1,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 14_400_000, max_concurrency: 1 },
    };
  }

  private installCommands(scope: string, body: unknown): unknown[] {
    const installed = (Array.isArray(body) ? body : []).map((command: Record<string, unknown>) => ({
      id: snowflake(),
      application_id: this.world.applicationId,
      version: snowflake(),
      type: 1,
      ...(scope === 'global' ? {} : { guild_id: scope }),
      ...command,
    }));
    this.commands.set(scope, installed);
    return installed;
  }

  /** 204 like Discord, or the callback response object when the client asked `with_response`. */
  private interactionCallback(request: RecordedRequest): FakeResponse {
    if (request.query.with_response !== 'true') return { status: 204 };
    const interactionId = request.path.split('/')[2];
    const message = request.body?.data ? messagePayload({ ...request.body.data, channelId: '0', author: this.world.bot }) : undefined;
    return {
      status: 200,
      body: {
        interaction: { id: interactionId, type: 2, response_message_loading: false, response_message_ephemeral: false },
        resource: { type: request.body?.type, ...(message ? { message } : {}) },
      },
    };
  }

  private webhookMessage(request: RecordedRequest, id: string | undefined) {
    return messagePayload({
      ...(request.body ?? {}),
      ...(id && id !== '@original' ? { id } : {}),
      channelId: this.world.channels[0]!.id,
      author: this.world.bot,
      webhook_id: this.world.applicationId,
      application_id: this.world.applicationId,
    });
  }

  /** Like Discord, a thread started on a message takes the message's id. */
  private startThread(channelId: string, messageId: string, body: { name?: string; auto_archive_duration?: number }) {
    const thread: FakeChannel = {
      id: messageId,
      type: ChannelType.PublicThread,
      guild_id: this.world.guild.id,
      parent_id: channelId,
      name: body?.name ?? 'thread',
      owner_id: this.world.bot.id,
      member_count: 1,
      message_count: 0,
      total_message_sent: 0,
      rate_limit_per_user: 0,
      flags: 0,
      last_message_id: null,
      thread_metadata: {
        archived: false,
        auto_archive_duration: body?.auto_archive_duration ?? 1440,
        archive_timestamp: new Date().toISOString(),
        locked: false,
      },
    };
    this.createdChannels.set(thread.id, thread);
    return thread;
  }

  private channel(id: string): FakeResponse {
    const channel = this.world.channels.find((c) => c.id === id) ?? this.createdChannels.get(id);
    return channel ? { status: 200, body: channel } : { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
  }

  /** The guild a channel belongs to, or undefined for DMs. */
  guildOf(channelId: string): string | undefined {
    const known = this.world.channels.some((c) => c.id === channelId) || this.createdChannels.has(channelId);
    return known ? this.world.guild.id : undefined;
  }
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
