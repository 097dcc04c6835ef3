import { z } from 'zod';

/** One line of a question set (format: ../shared/eval/README.md). */
export const evalQuestionSchema = z.object({
  id: z.string(),
  lang: z.string(),
  question: z.string(),
  expect: z.union([
    z.object({ abstain: z.literal(true) }),
    z.object({
      answer_any: z.array(z.string()).min(1),
      sources_any: z.array(z.string()).default([]),
      /**
       * Sets of stories told by several articles (../shared/eval/disagree-dev): the values the line
       * should list, the one most articles state first, and whether the articles disagree.
       */
      values: z.array(z.string()).min(1).optional(),
      disagree: z.boolean().optional(),
    }),
  ]),
});

export type EvalQuestion = z.infer<typeof evalQuestionSchema>;

/** Parses a JSONL question set; a bad line is reported by its number. */
export function parseQuestionSet(text: string): EvalQuestion[] {
  return text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, number }) => {
      try {
        return evalQuestionSchema.parse(JSON.parse(line));
      } catch (error) {
        throw new Error(`line ${number} is not a question in the expected format (${error instanceof Error ? error.message.split('\n')[0] : error})`);
      }
    });
}
