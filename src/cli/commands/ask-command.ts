import { openResearchService } from '../../app/service.js';
import { defineCommand, UsageError } from '../args.js';
import { loadCliConfig } from '../cli-config.js';
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
    'Without a question on the command line, the question is read from standard input (when it is not a terminal).',
    'Exit code 0 for an answer or "the corpus does not answer", 1 when it cannot run, 2 for a wrong command line.',
    '',
    'Examples:',
    `  npm run ask -- "${EXAMPLE_QUESTION}"`,
    `  echo "${EXAMPLE_QUESTION}" | npm run --silent ask -- --json`,
  ],
  run: async ({ json }, operands) => {
    const question = (operands.length ? operands.join(' ') : await readPipedInput()).trim();
    if (!question) throw new UsageError(`ask: no question given. Usage: npm run ask -- "${EXAMPLE_QUESTION}"`);
    const config = loadCliConfig();
    const service = await openResearchService(config, {
      buildIfMissing: true,
      onIndexProgress: indexProgressReporter(),
      onIndexReport: (report) => console.error(formatIndexReport(report, config)),
    });
    try {
      const answer = await service.ask(question);
      console.log(json ? JSON.stringify(answer) : renderAnswerText(answer));
    } finally {
      await service.close();
    }
    return 0;
  },
});

/** Standard input when something is piped in; nothing from a terminal, where nobody would know to type. */
async function readPipedInput(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
