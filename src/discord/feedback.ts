/**
 * 👍/👎 feedback in a local JSONL file: answer id, question, choice, time, and a pseudonymous
 * voter (a hash of the answer id and the user id: it tells two voters apart on one answer, names
 * no one, and cannot link one person's votes across answers). One line per voter and answer, the
 * latest choice; at most `maxVotes` lines, the oldest dropped. Each vote rewrites the file
 * atomically, so it is always whole and never grows with repeated clicks.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../store/files.js';
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

export class FeedbackLog {
  /** Voter and answer → their latest vote, oldest first; loaded from the file on first use. */
  private votes: Map<string, FeedbackEntry> | undefined;
  /** Votes not yet applied to `votes`: the next write takes them all. */
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
    const votes = await this.load();
    for (const vote of this.pending.splice(0)) {
      const key = `${vote.voter}:${vote.answerId}`;
      votes.delete(key);
      votes.set(key, vote);
    }
    for (const oldest of votes.keys()) {
      if (votes.size <= this.maxVotes) break;
      votes.delete(oldest);
    }
    await mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, [...votes.values()].map((vote) => `${JSON.stringify(vote)}\n`).join(''));
  }

  /** The votes already in the file; lines from before votes had a voter are kept as they are. */
  private async load(): Promise<Map<string, FeedbackEntry>> {
    if (this.votes) return this.votes;
    const text = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const votes = new Map<string, FeedbackEntry>();
    text.split('\n').forEach((line, i) => {
      const vote = parseVote(line);
      if (vote) votes.set(vote.voter ? `${vote.voter}:${vote.answerId}` : `line ${i}`, vote);
    });
    this.votes = votes;
    return votes;
  }
}

function parseVote(line: string): FeedbackEntry | null {
  if (!line.trim()) return null;
  try {
    const vote = JSON.parse(line) as Partial<FeedbackEntry>;
    return typeof vote.answerId === 'string' && typeof vote.choice === 'string' ? (vote as FeedbackEntry) : null;
  } catch {
    return null;
  }
}
