/**
 * The fake Discord's gateway: a WebSocket server speaking v10 JSON (no compression). It says
 * HELLO, answers IDENTIFY with READY and GUILD_CREATE, acknowledges heartbeats, resumes sessions
 * (replaying missed dispatches), and lets tests push dispatches and opcodes 7 and 9 or drop the
 * connection.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { Log } from './wait.js';
import { guildCreatePayload, snowflake, type FakeWorld } from './world.js';

export const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  Resume: 6,
  Reconnect: 7,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

export interface GatewayFrame {
  op: number;
  d?: unknown;
  s?: number | null;
  t?: string | null;
}

/** What happened on the gateway, in order, for tests to wait on. */
export type GatewayEvent =
  | { kind: 'connect'; connection: number }
  | { kind: 'received'; connection: number; frame: GatewayFrame }
  | { kind: 'sent'; connection: number; frame: GatewayFrame }
  | { kind: 'close'; connection: number; code: number };

interface Session {
  id: string;
  seq: number;
  /** Every dispatch of the session, for replay on RESUME. */
  dispatched: GatewayFrame[];
}

interface Connection {
  number: number;
  socket: WebSocket;
  session: Session | undefined;
}

export interface GatewayOptions {
  /** Short so heartbeats really happen in a test; Discord's is about 41 s. */
  heartbeatIntervalMs?: number;
  /** When false, heartbeats go unanswered (to test zombie-connection handling). */
  ackHeartbeats?: boolean;
  /** When false, IDENTIFY goes unanswered: no READY ever comes (to test start-up that waits for it). */
  sendReady?: boolean;
}

export class FakeGateway {
  readonly events = new Log<GatewayEvent>();
  ackHeartbeats: boolean;
  sendReady: boolean;
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private connections = 0;
  private active: Connection | undefined;
  /** The session a dropped client will resume. */
  private lastSession: Session | undefined;
  private readonly heartbeatIntervalMs: number;

  constructor(
    private readonly world: FakeWorld,
    private readonly url: () => string,
    options: GatewayOptions = {},
  ) {
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 300;
    this.ackHeartbeats = options.ackHeartbeats ?? true;
    this.sendReady = options.sendReady ?? true;
  }

  attach(http: Server): void {
    http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(request.url ?? '/', 'http://fake').pathname !== '/gateway') return socket.destroy();
      this.server.handleUpgrade(request, socket, head, (ws) => this.onConnection(ws));
    });
  }

  /**
   * Sends a dispatch (`op 0`) with the next sequence number on the session. While the client is
   * away (between a drop and its RESUME) the dispatch waits in the session and is replayed.
   */
  dispatch(type: string, data: unknown): void {
    const session = this.active?.session ?? this.lastSession;
    if (!session) throw new Error('The fake gateway has no session: wait for the client to connect first.');
    const frame: GatewayFrame = { op: Op.Dispatch, t: type, s: ++session.seq, d: data };
    session.dispatched.push(frame);
    if (this.active?.session === session) this.send(this.active, frame);
  }

  /** Sends any frame on the live connection. */
  sendRaw(frame: GatewayFrame): void {
    this.send(this.requireActive(), frame);
  }

  /** Op 7: the client should reconnect and resume. */
  requestReconnect(): void {
    this.sendRaw({ op: Op.Reconnect, d: null });
  }

  /** Op 9: the session is invalid; `resumable` tells the client whether it may resume. */
  invalidateSession(resumable: boolean): void {
    const connection = this.requireActive();
    if (!resumable && connection.session) {
      this.sessions.delete(connection.session.id);
      this.lastSession = undefined;
    }
    this.send(connection, { op: Op.InvalidSession, d: resumable });
  }

  /** Closes the live connection with `code` (4000 lets the client resume), or cuts it without a close frame. */
  dropConnection(code: number | 'terminate' = 4000): void {
    const { socket } = this.requireActive();
    if (code === 'terminate') socket.terminate();
    else socket.close(code, 'fake Discord dropped the connection');
  }

  /** Resolves once a connection has identified or resumed, i.e. dispatches reach the client. */
  waitForSession(afterConnection = 0, ms?: number): Promise<GatewayEvent> {
    return this.events.waitFor(
      (e) => e.kind === 'sent' && e.connection > afterConnection && (e.frame.t === 'READY' || e.frame.t === 'RESUMED'),
      `a gateway session after connection ${afterConnection}`,
      ms,
    );
  }

  /** The number of the live connection (0 before any). */
  get connectionNumber(): number {
    return this.active?.number ?? 0;
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(socket: WebSocket): void {
    const connection: Connection = { number: ++this.connections, socket, session: undefined };
    this.events.push({ kind: 'connect', connection: connection.number });
    socket.on('message', (data) => this.onFrame(connection, JSON.parse(data.toString()) as GatewayFrame));
    socket.on('close', (code) => {
      this.events.push({ kind: 'close', connection: connection.number, code });
      if (this.active === connection) this.active = undefined;
    });
    this.send(connection, { op: Op.Hello, d: { heartbeat_interval: this.heartbeatIntervalMs } });
  }

  private onFrame(connection: Connection, frame: GatewayFrame): void {
    this.events.push({ kind: 'received', connection: connection.number, frame });
    switch (frame.op) {
      case Op.Heartbeat:
        if (this.ackHeartbeats) this.send(connection, { op: Op.HeartbeatAck });
        break;
      case Op.Identify:
        if (this.sendReady) this.identify(connection);
        break;
      case Op.Resume:
        this.resume(connection, frame.d as { session_id: string; seq: number });
        break;
    }
  }

  private identify(connection: Connection): void {
    const session: Session = { id: snowflake(), seq: 0, dispatched: [] };
    this.sessions.set(session.id, session);
    this.activate(connection, session);
    this.dispatch('READY', {
      v: 10,
      user: this.world.bot,
      guilds: [{ id: this.world.guild.id, unavailable: true }],
      session_id: session.id,
      resume_gateway_url: this.url(),
      application: { id: this.world.applicationId, flags: 0 },
      private_channels: [],
      shard: [0, 1],
    });
    this.dispatch('GUILD_CREATE', guildCreatePayload(this.world));
  }

  private resume(connection: Connection, request: { session_id: string; seq: number }): void {
    const session = this.sessions.get(request.session_id);
    if (!session) {
      this.send(connection, { op: Op.InvalidSession, d: false });
      return;
    }
    this.activate(connection, session);
    for (const missed of session.dispatched.filter((f) => (f.s ?? 0) > request.seq)) this.send(connection, missed);
    this.dispatch('RESUMED', null);
  }

  private activate(connection: Connection, session: Session): void {
    connection.session = session;
    this.active = connection;
    this.lastSession = session;
  }

  private requireActive(): Connection {
    if (!this.active?.session) throw new Error('The fake gateway has no live session: wait for the client to connect first.');
    return this.active;
  }

  private send(connection: Connection, frame: GatewayFrame): void {
    if (connection.socket.readyState !== WebSocket.OPEN) return;
    connection.socket.send(JSON.stringify(frame));
    this.events.push({ kind: 'sent', connection: connection.number, frame });
  }
}
