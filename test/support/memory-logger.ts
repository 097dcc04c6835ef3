/** A logger that keeps its lines in memory, for tests to read. */
import { createLogger, type Logger, type LogFields } from '../../src/discord/logger.js';

export type MemoryLogger = Logger & { lines: string[]; entries(): LogFields[] };

export function memoryLogger(secrets: string[] = []): MemoryLogger {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(line), secrets });
  return { ...logger, lines, entries: () => lines.map((line) => JSON.parse(line) as LogFields) };
}
