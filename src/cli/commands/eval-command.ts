import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openResearchService } from '../../app/service.js';
import type { AppConfig } from '../../config.js';
import { UserFacingError } from '../../errors.js';
import { parseQuestionSet } from '../../evaluation/questions.js';
import { scoreAnswer, shownText, summarize } from '../../evaluation/score.js';

const SHOWN_CHARS = 90;

/**
 * `npm run eval -- --file <questions.jsonl> [--k 5]`: every question through the same `ask` the
 * CLI and the bot use, a line each, then one JSON line of scores. Exits 0 whatever the scores.
 */
export async function evalCommand(config: AppConfig, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { file: { type: 'string' }, k: { type: 'string', default: '5' } } });
  if (!values.file) throw new UserFacingError('No question file given.', 'Usage: npm run eval -- --file ../shared/eval/dev.jsonl [--k 5]');
  const k = Number(values.k);
  if (!Number.isInteger(k) || k < 1) throw new UserFacingError(`--k must be a whole number of at least 1, not "${values.k}".`);
  const file = path.resolve(config.invocationDir, values.file);
  const text = await fs.readFile(file, 'utf8').catch(() => {
    throw new UserFacingError(`Cannot read the question file ${file}.`, 'Check the path given with --file.');
  });
  const questions = parseQuestionSet(text);
  const service = await openResearchService(config, { buildIfMissing: true });
  try {
    const scores = [];
    for (const question of questions) {
      const answer = await service.ask(question.question);
      const score = scoreAnswer(question, answer, k);
      scores.push(score);
      const shown = answer.status === 'abstained' ? '(abstained)' : shownText(answer).replace(/\s+/g, ' ').slice(0, SHOWN_CHARS);
      console.log(`${question.id} ${question.lang} ${score.right ? 'right' : 'wrong'} ${shown}`);
    }
    const info = service.info();
    console.log(JSON.stringify({ ...summarize(scores), k, mode: info.mode, model: info.model }));
  } finally {
    await service.close();
  }
  return 0;
}
