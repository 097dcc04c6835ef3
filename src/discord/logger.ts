/**
 * Structured logs: one JSON object per line (time, level, event, fields). Secrets given at
 * creation (the bot token) are masked in every line, whatever field they end up in.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  write?: (line: string) => void;
  secrets?: string[];
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * Errors become `{ name, message, code, cause }`: messages help, stack traces only clutter the
 * log. The cause is kept because user-facing errors wrap the detail the operator needs.
 */
function jsonValue(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const { code, cause, detail } = value as { code?: unknown; cause?: unknown; detail?: unknown };
    return {
      name: value.name,
      message: value.message,
      ...(detail !== undefined ? { detail } : {}),
      ...(code !== undefined ? { code } : {}),
      ...(cause !== undefined ? { cause: jsonValue('cause', cause) } : {}),
    };
  }
  return value;
}

/** Shorter strings are not masked: they would garble ordinary words (a real bot token has about 70 characters). */
const MIN_SECRET_LENGTH = 8;

/** `text` with every secret in it replaced by `[redacted]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH) redacted = redacted.split(secret).join('[redacted]');
  return redacted;
}

export function createLogger({ level = 'info', write = (line) => process.stdout.write(`${line}\n`), secrets = [] }: LoggerOptions = {}): Logger {
  const log = (lineLevel: Exclude<LogLevel, 'silent'>) => (event: string, fields: LogFields = {}) => {
    if (RANK[lineLevel] < RANK[level]) return;
    write(redact(JSON.stringify({ time: new Date().toISOString(), level: lineLevel, event, ...fields }, jsonValue), secrets));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
