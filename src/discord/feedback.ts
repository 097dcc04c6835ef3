/**
 * 👍/👎 feedback in a local JSONL file: answer id, question, choice, time, and a pseudonymous
 * voter (a hash of the answer id and the user id: it tells two voters apart on one answer, names
 * no one, and cannot link one person's votes across answers). One line per voter and answer, the
 * latest choice; at most `maxVotes` votes, the oldest dropped. Each vote rewrites the file
 * atomically, so it is always whole and never grows with repeated clicks. Lines that are not
 * votes (comments, an operator's own records) are kept as they are, where they are.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { makeFolder, writeFileAtomic } from '../files.js';
import type { FeedbackChoice } from './render/custom-ids.js';

export interface FeedbackEntry {
  answerId: string;
  /** Null when the answer is no longer in memory. */
  question: string | null;
  choice: FeedbackChoice;
  voter: string;
  at: string;
}

export interface Vote {
  answerId: string;
  question: string | null;
  choice: FeedbackChoice;
  /** The Discord user id; only its hash with the answer id is written. */
  userId: string;
}

/** About 2 MB of JSONL at most. */
export const DEFAULT_MAX_VOTES = 10_000;

export function voterOf(answerId: string, userId: string): string {
  return createHash('sha256').update(`${answerId}\n${userId}`).digest('hex').slice(0, 16);
}

/** A line of the file: a vote, or any other line, kept verbatim. */
type FeedbackLine = FeedbackEntry | string;

const isVote = (line: FeedbackLine): line is FeedbackEntry => typeof line !== 'string';

export class FeedbackLog {
  /** Voter and answer → their latest vote, oldest first, among the file's other lines; loaded from the file on first use. */
  private lines: Map<string, FeedbackLine> | undefined;
  /** Votes not yet applied to `lines`: the next write takes them all. */
  private pending: FeedbackEntry[] = [];
  /** Writes run one after another. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly now: () => Date = () => new Date(),
    private readonly maxVotes = DEFAULT_MAX_VOTES,
  ) {}

  /** Records the vote, replacing the voter's earlier one on the same answer; resolves once it is on disk. */
  record({ answerId, question, choice, userId }: Vote): Promise<void> {
    this.pending.push({ answerId, question, choice, voter: voterOf(answerId, userId), at: this.now().toISOString() });
    // Votes that arrive while a write runs share the next one; the writes after it find nothing to do.
    const written = this.queue.then(() => this.write());
    this.queue = written.catch(() => undefined);
    return written;
  }

  private async write(): Promise<void> {
    if (this.pending.length === 0) return;
    const lines = await this.load();
    for (const vote of this.pending.splice(0)) {
      const key = `${vote.voter}:${vote.answerId}`;
      lines.delete(key);
      lines.set(key, vote);
    }
    let excess = [...lines.values()].filter(isVote).length - this.maxVotes;
    for (const [key, line] of lines) {
      if (excess <= 0) break;
      if (!isVote(line)) continue;
      lines.delete(key);
      excess--;
    }
    await makeFolder(path.dirname(this.file));
    await writeFileAtomic(this.file, [...lines.values()].map((line) => `${isVote(line) ? JSON.stringify(line) : line}\n`).join(''));
  }

  /** The file's lines: votes, and lines from before votes had a voter or that are no votes at all, kept as they are. */
  private async load(): Promise<Map<string, FeedbackLine>> {
    if (this.lines) return this.lines;
    const text = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const lines = new Map<string, FeedbackLine>();
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      const vote = parseVote(line);
      lines.set(vote?.voter ? `${vote.voter}:${vote.answerId}` : `line ${i}`, vote ?? line);
    });
    this.lines = lines;
    return lines;
  }
}

function parseVote(line: string): FeedbackEntry | null {
  try {
    const vote = JSON.parse(line) as Partial<FeedbackEntry>;
    return typeof vote.answerId === 'string' && typeof vote.choice === 'string' ? (vote as FeedbackEntry) : null;
  } catch {
    return null;
  }
}
