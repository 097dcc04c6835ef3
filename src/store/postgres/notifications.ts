/**
 * LISTEN/NOTIFY: how serving processes hear of committed index runs and index workers of queued
 * batches, on a connection of its own that is made again when it drops.
 */
import pg from 'pg';
import type { WatchStatus } from '../seam.js';
import { isConnectionLost, unreachable } from './connection.js';
import type { PostgresSettings } from './settings.js';
import { quoteIdent } from './schema.js';

/** The server to listen on, and how the connection shows in pg_stat_activity. */
export interface ListenServer {
  url: string;
  applicationName: string;
  reconnect: PostgresSettings['reconnect'];
}

/** The wait before the `attempt`-th reconnection (from 0): doubling while the server stays away. */
const reconnectDelay = ({ firstMs, mostMs }: PostgresSettings['reconnect'], attempt: number) => Math.min(mostMs, firstMs * 2 ** Math.min(attempt, 30));

/**
 * LISTEN on a connection of its own: `listener` gets each notification's payload. A connection
 * that drops is made again, after a wait that doubles while the server stays away (`onStatus`
 * hears of both, `onReconnected` runs once it is back). Returns the function that stops.
 */
export async function listen(
  server: ListenServer,
  channel: string,
  listener: (payload: string) => void,
  events: { onStatus?: (status: WatchStatus) => void; onReconnected?: () => Promise<void> } = {},
): Promise<() => Promise<void>> {
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: server.url, application_name: `${server.applicationName} (listen)`, keepAlive: true });
    let lastError: Error | null = null;
    client.on('error', (error) => (lastError = error));
    try {
      await client.connect();
      client.on('notification', (message) => {
        if (message.channel === channel && message.payload) listener(message.payload);
      });
      await client.query(`LISTEN ${quoteIdent(channel)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    client.once('end', () => {
      if (stopped) return;
      events.onStatus?.({ connected: false, error: unreachable(server.url, lastError ?? new Error('Connection terminated')) });
      reconnect(0);
    });
    return client;
  };
  const reconnect = (attempt: number) => {
    retry = setTimeout(() => {
      retry = null;
      connect().then(
        async (client) => {
          if (stopped) return void (await client.end().catch(() => undefined));
          current = client;
          events.onStatus?.({ connected: true });
          await events.onReconnected?.().catch(() => undefined);
        },
        () => {
          if (!stopped) reconnect(attempt + 1);
        },
      );
    }, reconnectDelay(server.reconnect, attempt));
    // Never what keeps a process running.
    retry.unref();
  };
  let current = await connect().catch((error: unknown) => {
    throw isConnectionLost(error) ? unreachable(server.url, error) : error;
  });
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await current.end().catch(() => undefined);
  };
}
