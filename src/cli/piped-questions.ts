/**
 * Questions piped into `ask`: one a line, blank lines skipped. Reading is bounded, so a flood on
 * standard input costs no memory: of each line only what a question can use is kept (the engine
 * uses its first MAX_QUESTION_CHARS characters, at most 4 bytes each in UTF-8), and nothing past
 * MAX_PIPED_BYTES is read at all. Each cut is told in a notice.
 */
import { MAX_QUESTION_CHARS } from '../answer/engine.js';

/** A line's bytes past this could not reach the engine. */
export const MAX_LINE_BYTES = 4 * MAX_QUESTION_CHARS;
/** Standard input past this is not read (a thousand questions of a thousand characters, and more). */
export const MAX_PIPED_BYTES = 1024 * 1024;

export interface PipedQuestions {
  questions: string[];
  /** What was left unread, for stderr. */
  notices: string[];
}

export interface PipedLimits {
  lineBytes: number;
  totalBytes: number;
}

const NEWLINE = 0x0a;

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`);

/** Reads `input` to its end or to the bound, whichever comes first (leaving the loop closes the stream). */
export async function readPipedQuestions(input: AsyncIterable<Buffer | string>, limits: PipedLimits = { lineBytes: MAX_LINE_BYTES, totalBytes: MAX_PIPED_BYTES }): Promise<PipedQuestions> {
  const questions: string[] = [];
  const notices: string[] = [];
  let line: Buffer[] = [];
  let lineBytes = 0;
  let cut = false;
  let lineNumber = 0;
  let total = 0;

  /** Keeps what fits of a piece of the current line (a copy: the chunk it came from is not held). */
  const keep = (piece: Buffer) => {
    const room = limits.lineBytes - lineBytes;
    if (piece.length > room) cut = true;
    if (room > 0 && piece.length > 0) {
      const kept = Buffer.from(piece.subarray(0, room));
      line.push(kept);
      lineBytes += kept.length;
    }
  };
  const endLine = () => {
    lineNumber += 1;
    const text = Buffer.concat(line).toString('utf8').trim();
    if (cut) notices.push(`Line ${lineNumber} of standard input is longer than ${size(limits.lineBytes)}: only its first ${size(limits.lineBytes)} were read (a question's first ${MAX_QUESTION_CHARS} characters are used).`);
    if (text) questions.push(text);
    line = [];
    lineBytes = 0;
    cut = false;
  };

  for await (const chunk of input) {
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const over = total + bytes.length > limits.totalBytes;
    if (over) bytes = bytes.subarray(0, limits.totalBytes - total);
    total += bytes.length;
    let start = 0;
    for (let end = bytes.indexOf(NEWLINE); end >= 0; end = bytes.indexOf(NEWLINE, start)) {
      keep(bytes.subarray(start, end));
      endLine();
      start = end + 1;
    }
    keep(bytes.subarray(start));
    if (over) {
      // A line the bound cuts short is asked only when it was already over the line's bound (all of it that could be used is in).
      if (cut) endLine();
      notices.push(`Standard input goes on past ${size(limits.totalBytes)}: only the questions in its first ${size(limits.totalBytes)} were read.`);
      return { questions, notices };
    }
  }
  if (lineBytes > 0 || cut) endLine();
  return { questions, notices };
}
