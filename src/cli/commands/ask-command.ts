import { openResearchService } from '../../app/service.js';
import { defineCommand, UsageError } from '../args.js';
import { loadCliConfig } from '../cli-config.js';
import { MAX_LINE_BYTES, MAX_PIPED_BYTES, readPipedQuestions, type PipedQuestions } from '../piped-questions.js';
import { formatIndexReport, indexProgressReporter } from '../progress.js';
import { renderAnswerText } from '../render-answer.js';

/** A question that keyword search answers offline, so the example works in a fresh clone. */
export const EXAMPLE_QUESTION = 'Hvor mange land signerte konvensjonen?';

/** `npm run ask -- "<question>"`: answers from the index, building it first if there is none. */
export const askCommand = defineCommand({
  name: 'ask',
  invocation: 'npm run ask --',
  summary: 'answers a question from the index (building it first if there is none), quoting its sources',
  operands: '"<question>"',
  options: {
    json: { type: 'boolean', description: 'print the answer as one line of JSON (the Answer structure in src/answer/types.ts)' },
  },
  notes: [
    'Without a question on the command line, questions are read from standard input (when it is not a terminal), one a line,',
    `  answered in turn (with --json, one line of JSON each); of a line only its first ${MAX_LINE_BYTES} bytes are read, of the input its first ${MAX_PIPED_BYTES / 1024 ** 2} MiB.`,
    'Exit code 0 for an answer or "the corpus does not answer", 1 when it cannot run, 2 for a wrong command line.',
    '',
    'Examples:',
    `  npm run ask -- "${EXAMPLE_QUESTION}"`,
    `  echo "${EXAMPLE_QUESTION}" | npm run --silent ask -- --json`,
    '  npm run --silent ask < questions.txt',
  ],
  run: async ({ json }, operands) => {
    const piped = operands.length ? { questions: [operands.join(' ').trim()].filter(Boolean), notices: [] } : await readPipedInput();
    if (piped.questions.length === 0) throw new UsageError(`ask: no question given. Usage: npm run ask -- "${EXAMPLE_QUESTION}"`);
    for (const notice of piped.notices) console.error(`Note: ${notice}`);
    const config = loadCliConfig();
    const service = await openResearchService(config, {
      buildIfMissing: true,
      onIndexProgress: indexProgressReporter(),
      onIndexReport: (report) => console.error(formatIndexReport(report, config)),
    });
    const several = piped.questions.length > 1;
    try {
      for (const [i, question] of piped.questions.entries()) {
        const answer = await service.ask(question);
        if (json) console.log(JSON.stringify(answer));
        else console.log(several ? `${i > 0 ? '\n' : ''}Question ${i + 1}: ${answer.question}\n\n${renderAnswerText(answer)}` : renderAnswerText(answer));
      }
    } finally {
      await service.close();
    }
    return 0;
  },
});

/** Questions piped on standard input, one a line; none from a terminal, where nobody would know to type. */
async function readPipedInput(): Promise<PipedQuestions> {
  if (process.stdin.isTTY) return { questions: [], notices: [] };
  return readPipedQuestions(process.stdin);
}
