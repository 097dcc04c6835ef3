import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openResearchService } from '../../app/service.js';
import { readSeeds } from '../../app/seeds.js';
import type { AppConfig } from '../../config.js';
import { UserFacingError } from '../../errors.js';
import { SentenceBm25 } from '../../evaluation/bm25-baseline.js';
import { parseQuestionSet, type EvalQuestion } from '../../evaluation/questions.js';
import { summarizeLine, type LineSummary } from '../../evaluation/line-summary.js';
import { compare, renderComparison, renderSetsOverview, type Comparison } from '../../evaluation/report.js';
import { BASELINE_SHOWN, scoreAnswer, scoreBaseline, shownText, summarize, type EvalSummary, type QuestionScore } from '../../evaluation/score.js';
import { DEFAULT_TUNING, type Tuning } from '../../answer/tuning.js';
import { applyTuning, hasOverrides, mergeOverrides, parseTuningAssignments, type TuningOverrides } from '../../evaluation/tuning-overrides.js';
import { defineCommand, usageError, wholeNumberOption, type OptionValues } from '../args.js';
import { loadCliConfig } from '../cli-config.js';

const SHOWN_CHARS = 90;
const USAGE = 'Usage: npm run eval -- --file <questions.jsonl> | --set <folder with corpus/ and questions.jsonl> [more set folders…] [--k 5] [--json] [--tuning <file.json>] [--set-tuning key=value ...]';

interface EvalRun {
  /** The set folder's name, or null for `--file` over the configured index. */
  name: string | null;
  questionsFile: string;
  /** A set folder's corpus, indexed into a temporary folder for this run. */
  corpusDir: string | null;
}

interface EvalArgs {
  runs: EvalRun[];
  k: number;
  json: boolean;
  tuning: TuningOverrides;
}

async function readText(file: string, what: string, fix: string): Promise<string> {
  return fs.readFile(file, 'utf8').catch(() => {
    throw new UserFacingError(`Cannot read ${what} ${file}.`, fix);
  });
}

const EVAL_OPTIONS = {
  file: { type: 'string', value: '<questions.jsonl>', description: 'a question set, one JSON object per line, over the configured index' },
  set: { type: 'string', multiple: true, value: '<folder>', description: 'a set folder with corpus/ and questions.jsonl (its corpus is indexed into a temporary folder); folders after it are sets too' },
  k: { type: 'string', value: '<n>', default: '5', description: 'how many retrieved passages count as found' },
  json: { type: 'boolean', description: 'print only the JSON line of scores' },
  tuning: { type: 'string', value: '<file.json>', description: 'answer-engine constants to override, from a JSON object' },
  'set-tuning': { type: 'string', multiple: true, value: '<key=value>', description: 'one constant to override (repeatable)' },
} as const;

/** The command line's own mistakes, named before any setting is read or anything indexed. */
function checkEvalLine(values: OptionValues<typeof EVAL_OPTIONS>, positionals: string[]): { k: number; assigned: TuningOverrides } {
  const mistake = (problem: string) => usageError(evalCommand, problem);
  if (positionals.length > 0 && values.set.length === 0) throw mistake(`Unexpected argument '${positionals[0]}' (set folders follow --set)`);
  if (values.file && values.set.length + positionals.length > 1) throw mistake('--file takes one question file over the configured index; it cannot go with several sets');
  if (!values.file && values.set.length === 0) throw mistake('no question set given: --file <questions.jsonl> or --set <folder>');
  const k = wholeNumberOption(evalCommand, 'k', values.k, { min: 1 });
  try {
    return { k, assigned: parseTuningAssignments(values['set-tuning']) };
  } catch (error) {
    throw mistake(`--set-tuning: ${(error as Error).message}`);
  }
}

async function parseEvalArgs(config: AppConfig, values: OptionValues<typeof EVAL_OPTIONS>, positionals: string[], line: { k: number; assigned: TuningOverrides }): Promise<EvalArgs> {
  // Folders after --set are sets too, so a shell glob works: --set eval/sets/calibration/*
  const setDirs = [...values.set, ...positionals].map((dir) => path.resolve(config.invocationDir, dir));
  const runs: EvalRun[] =
    setDirs.length > 0
      ? setDirs.map((dir) => ({ name: path.basename(dir), questionsFile: values.file ? path.resolve(config.invocationDir, values.file) : path.join(dir, 'questions.jsonl'), corpusDir: path.join(dir, 'corpus') }))
      : [{ name: null, questionsFile: path.resolve(config.invocationDir, values.file!), corpusDir: null }];
  let fromFile: TuningOverrides = {};
  if (values.tuning) {
    const tuningFile = path.resolve(config.invocationDir, values.tuning);
    const text = await readText(tuningFile, 'the tuning file', 'Check the path given with --tuning.');
    try {
      fromFile = JSON.parse(text) as TuningOverrides;
    } catch (error) {
      throw new UserFacingError(`The tuning file ${tuningFile} is not JSON (${(error as Error).message}).`, 'It must hold one object of constants, e.g. {"minConfidence": 0.5}.');
    }
  }
  return { runs, k: line.k, json: values.json, tuning: mergeOverrides(fromFile, line.assigned) };
}

function verdictLine(question: EvalQuestion, score: QuestionScore, shown: string): string {
  const line = score.line ? (score.line.given ? (score.line.right ? 'line-right' : 'line-wrong') : 'no-line') : '-';
  return `${question.id} ${question.lang} ${score.right ? 'right' : 'wrong'} ${line} ${shown}`;
}

interface RunResult {
  summary: EvalSummary & LineSummary & { k: number; mode: string; model: string | null };
  comparison: Comparison;
}

/** One question set through the service, and the baseline over the same articles. */
async function evaluate(baseConfig: AppConfig, run: EvalRun, options: EvalArgs, tuning: Tuning): Promise<RunResult> {
  const questions = parseQuestionSet(await readText(run.questionsFile, 'the question file', 'Check the path given with --file or --set.'));
  const tempIndex = run.corpusDir ? await fs.mkdtemp(path.join(os.tmpdir(), 'newsdesk-eval-')) : null;
  const config = run.corpusDir && tempIndex ? { ...baseConfig, seedsDir: run.corpusDir, indexDir: tempIndex } : baseConfig;
  try {
    const service = await openResearchService(config, { buildIfMissing: true, onWarning: (line) => console.error(line), tuning });
    const product: QuestionScore[] = [];
    try {
      for (const question of questions) {
        const answer = await service.ask(question.question);
        const score = scoreAnswer(question, answer, options.k);
        product.push(score);
        const shown = answer.status === 'abstained' ? '(abstained)' : shownText(answer).replace(/\s+/g, ' ').slice(0, SHOWN_CHARS);
        if (!options.json) console.log(verdictLine(question, score, shown));
      }
    } finally {
      await service.close();
    }
    const info = service.info();
    // The same articles the index was built from.
    const bm25 = new SentenceBm25((await readSeeds(config.seedsDir)).seeds.map((s) => s.article));
    const baseline = questions.map((q) => scoreBaseline(q, bm25.search(q.question, Math.max(BASELINE_SHOWN, options.k)), options.k));
    return { summary: { ...summarize(product), ...summarizeLine(product), k: options.k, mode: info.mode, model: info.model }, comparison: compare(product, baseline) };
  } finally {
    if (tempIndex) await fs.rm(tempIndex, { recursive: true, force: true });
  }
}

/**
 * `npm run eval`: every question through the same `ask` the CLI and the bot use, a line each; then
 * the product against a plain-BM25 baseline over the same articles, by language, and the
 * risk-coverage curve of its confidence; last, one JSON line of scores (`--json`: only that line).
 * With several sets, each set's output in turn, then a table of the sets and one JSON line of all.
 * Exits 0 whatever the scores.
 */
export const evalCommand = defineCommand({
  name: 'eval',
  invocation: 'npm run eval --',
  summary: 'runs question sets through the answer function the bot uses and scores them against a plain-BM25 baseline',
  operands: '[more set folders…]',
  options: EVAL_OPTIONS,
  notes: [
    USAGE,
    'Examples: npm run eval -- --file ../shared/eval/dev.jsonl',
    '          LEXICAL_ONLY=true npm run eval -- --set eval/sets/report/xquad',
    '          LEXICAL_ONLY=true npm run eval -- --json --set eval/sets/calibration/* ../shared/eval/norquad-dev',
    'Question sets, their groups (calibration, report) and results: eval/README.md',
  ],
  run: (values, operands) => {
    const line = checkEvalLine(values, operands);
    return runEvaluation(loadCliConfig(), values, operands, line);
  },
});

async function runEvaluation(baseConfig: AppConfig, values: OptionValues<typeof EVAL_OPTIONS>, operands: string[], line: { k: number; assigned: TuningOverrides }): Promise<number> {
  const options = await parseEvalArgs(baseConfig, values, operands, line);
  let tuning: Tuning;
  try {
    tuning = applyTuning(DEFAULT_TUNING, options.tuning);
  } catch (error) {
    throw usageError(evalCommand, `tuning: ${(error as Error).message}`);
  }
  // The summary records the constants a run changed, so its figures can be traced to them.
  const overridden = hasOverrides(options.tuning) ? { tuning: options.tuning } : {};
  const results = new Map<string, RunResult>();
  for (const run of options.runs) {
    if (!options.json && options.runs.length > 1) console.log(`== ${run.name}`);
    const result = await evaluate(baseConfig, run, options, tuning);
    results.set(run.name ?? 'questions', result);
    if (!options.json) console.log(renderComparison(result.summary, result.comparison));
    if (options.runs.length === 1) console.log(JSON.stringify({ ...result.summary, ...result.comparison, ...overridden }));
  }
  if (options.runs.length > 1) {
    const rows = [...results].map(([name, r]) => ({ name, ...r }));
    if (!options.json) console.log(renderSetsOverview(rows));
    console.log(JSON.stringify({ sets: Object.fromEntries(rows.map((r) => [r.name, { ...r.summary, ...r.comparison }])), ...overridden }));
  }
  return 0;
}
