import { describe, expect, it } from 'vitest';
import { MAX_QUESTION_CHARS } from '../../src/answer/engine.js';
import { MAX_LINE_BYTES, MAX_PIPED_BYTES, readPipedQuestions } from '../../src/cli/piped-questions.js';

/** Chunks as a pipe delivers them: cut anywhere, even inside a character. */
async function* chunks(...parts: Array<string | Buffer>) {
  for (const part of parts) yield Buffer.from(part);
}

describe('questions piped into ask', () => {
  it('are the non-blank lines, whatever the line ends and however the chunks fall', async () => {
    const text = Buffer.from(`Hvor mange land?\r\n\n   \nСкільки країн підписали?\nWie viele Länder`);
    const at = text.indexOf(Buffer.from('і')) + 1; // inside the two bytes of і
    const read = await readPipedQuestions(chunks(text.subarray(0, at), text.subarray(at)));
    expect(read).toEqual({ questions: ['Hvor mange land?', 'Скільки країн підписали?', 'Wie viele Länder'], notices: [] });
  });

  it('keep of a long line only what the engine can use, and say which line was cut', async () => {
    const long = `${'ä'.repeat(3 * MAX_QUESTION_CHARS)}`;
    const read = await readPipedQuestions(chunks('first\n', long, '\nlast\n'));
    expect(read.questions).toHaveLength(3);
    // Every character the engine would use is kept (ä is two bytes in UTF-8).
    expect(read.questions[1]).toBe('ä'.repeat(MAX_LINE_BYTES / 2));
    expect(read.questions[1]!.length).toBeGreaterThanOrEqual(MAX_QUESTION_CHARS);
    expect(read.questions[2]).toBe('last');
    expect(read.notices).toEqual([`Line 2 of standard input is longer than ${MAX_LINE_BYTES} bytes: only its first ${MAX_LINE_BYTES} bytes were read (a question's first ${MAX_QUESTION_CHARS} characters are used).`]);
  });

  it('stop reading an endless input at the bound, holding no more than it', async () => {
    let pulled = 0;
    const chunk = Buffer.from('Hvor mange land signerte konvensjonen?\n'.repeat(1700)); // ~66 kB, as a pipe delivers
    async function* endless() {
      for (;;) {
        pulled += chunk.length;
        yield chunk;
      }
    }
    const read = await readPipedQuestions(endless());
    expect(pulled).toBeLessThan(MAX_PIPED_BYTES + chunk.length * 2);
    const questionBytes = Buffer.byteLength('Hvor mange land signerte konvensjonen?\n');
    expect(read.questions).toHaveLength(Math.floor(MAX_PIPED_BYTES / questionBytes));
    expect(read.notices).toEqual(['Standard input goes on past 1 MiB: only the questions in its first 1 MiB were read.']);
  });

  it('answer one endless line once, cut to what a question can use', async () => {
    async function* flood() {
      for (;;) yield Buffer.alloc(65536, 'a');
    }
    const read = await readPipedQuestions(flood(), { lineBytes: 100, totalBytes: 1000 });
    expect(read.questions).toEqual(['a'.repeat(100)]);
    expect(read.notices).toHaveLength(2);
  });
});
