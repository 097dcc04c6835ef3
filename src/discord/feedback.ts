/**
 * 👍/👎 feedback, appended to a local JSONL file: answer id, question, choice and time, nothing
 * else about the message or the user.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { FeedbackChoice } from './render/custom-ids.js';

export interface FeedbackEntry {
  answerId: string;
  /** Null when the answer is no longer in memory. */
  question: string | null;
  choice: FeedbackChoice;
  at: string;
}

export class FeedbackLog {
  /** Appends run one after another so lines never interleave. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  record(entry: Omit<FeedbackEntry, 'at'>): Promise<void> {
    const line = `${JSON.stringify({ ...entry, at: this.now().toISOString() } satisfies FeedbackEntry)}\n`;
    const append = this.queue.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      await appendFile(this.file, line, 'utf8');
    });
    this.queue = append.catch(() => undefined);
    return append;
  }
}
