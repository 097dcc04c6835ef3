/**
 * What the PostgreSQL store says when its server cannot be reached, and which errors mean that:
 * the server went away (restart, shutdown, terminated backend, idle timeout, network), not a
 * statement that failed.
 */
import { DatabaseUnreachableError } from '../index-store.js';

/**
 * DATABASE_URL as an operator may read it: the password and every query parameter
 * (`?password=`, `sslpassword`, key files) removed. Parsed as a URL, never pattern-matched: a
 * password may hold '@', '/' or '?'.
 */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL (not a valid URL)';
  }
}

/** Node's network errors: nothing reached the server, or the connection to it broke. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/**
 * SQLSTATEs of a server ending or refusing sessions: connection exceptions (class 08), an
 * administrator's or a crash's shutdown, a server starting up (57P0x), too many connections
 * (53300), and the idle-in-transaction timeout (25P03), each closing the session.
 */
const SESSION_ENDED = /^(08...|57P0[1-4]|53300|25P03)$/;

/** What pg says about a connection that ended, or a client that can no longer send. */
const ENDED_MESSAGES = /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout expired|timeout exceeded when trying to connect)/;

/** Whether `error` means the connection, not the statement, failed: the same work may succeed on a new one. */
export function isConnectionLost(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SESSION_ENDED.test(code))) return true;
  return typeof message === 'string' && ENDED_MESSAGES.test(message);
}

/** The error users see for `cause`, naming the server (no credentials) and what went wrong for the operator. */
export function unreachable(url: string, cause: unknown): DatabaseUnreachableError {
  if (cause instanceof DatabaseUnreachableError) return cause;
  const why = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  return new DatabaseUnreachableError({ detail: `(PostgreSQL at ${redactedUrl(url)}: ${why || (cause as { code?: string })?.code || 'no reply'})`, cause });
}
