/**
 * `npm run train-answer`: trains the answer line's scorer (src/answer/line-model.json).
 *
 * 1. Every question of the training sets (eval/training/*: training splits of public
 *    reading-comprehension data, never an eval set) goes through the answer engine, keyword
 *    search only, with a scorer that states every line and records the line's features; a line
 *    is labelled right when its value states a gold span (the evaluation's rule). Questions
 *    about articles left out of the corpus are labelled wrong whatever the line says.
 * 2. Logistic regression (line-model-fit.ts: ml-logistic-regression, from zeros: the same data gives the same
 *    weights) on the standardised features.
 * 3. The threshold: the calibration group (eval/sets/calibration/* and ../shared/eval/norquad-dev)
 *    answered with the trained model; the lowest threshold whose pooled line precision reaches
 *    the target (`--precision`, 0.9), so lines are stated as often as that allows.
 *
 * Usage: npm run train-answer [-- --precision 0.9 --out src/answer/line-model.json]
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_STAGES } from '../answer/default-stages.js';
import type { AnswerStages } from '../answer/pipeline.js';
import { candidateFeatures, type LineFeatureVector, type LineModel } from '../answer/stages/line-confidence.js';
import { learnedScorer } from '../answer/stages/learned-line-scorer.js';
import { openResearchService } from '../app/service.js';
import { loadConfig, PROJECT_ROOT } from '../config.js';
import { parseQuestionSet } from '../evaluation/questions.js';
import { statesGold } from '../evaluation/score.js';
import { chooseThreshold, fit, type Example, type ScoredLine } from './line-model-fit.js';

const USAGE = 'Usage: npm run train-answer [-- --precision 0.9 --out src/answer/line-model.json --steps 4000 --examples candidates.jsonl]';

async function setsIn(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => path.join(folder, e.name)).sort();
}

/**
 * Every question of a set through the engine with `score` as the scorer of candidate values: every
 * candidate's features and whether it states a gold span (none does for a question about an
 * article left out), and each stated line's confidence and verdict.
 */
async function run(setDir: string, score: AnswerStages['lineScorer']['score']): Promise<{ candidates: Array<Example & { question: string; asked: string; written: string; sentence: string }>; lines: ScoredLine[] }> {
  const questions = parseQuestionSet(await fs.readFile(path.join(setDir, 'questions.jsonl'), 'utf8'));
  const indexDir = await fs.mkdtemp(path.join(os.tmpdir(), 'newsdesk-train-'));
  let recorded: Array<{ features: LineFeatureVector; written: string; sentence: string }> = [];
  const stages: AnswerStages = {
    ...DEFAULT_STAGES,
    lineScorer: {
      name: 'recorder',
      threshold: 0,
      score(evidence, candidate) {
        // Every candidate the scorer weighs (the engine scores each once), not only the one stated.
        recorded.push({ features: candidateFeatures(evidence, candidate), written: candidate.written, sentence: candidate.sentence.text });
        return score(evidence, candidate);
      },
    },
  };
  const config = { ...loadConfig({ ...process.env, LEXICAL_ONLY: 'true' }), seedsDir: path.join(setDir, 'corpus'), indexDir };
  const candidates: Array<Example & { question: string; asked: string; written: string; sentence: string }> = [];
  const lines: ScoredLine[] = [];
  try {
    const service = await openResearchService(config, { buildIfMissing: true, stages });
    try {
      for (const question of questions) {
        recorded = [];
        const answer = await service.ask(question.question);
        const gold = 'answer_any' in question.expect ? question.expect.answer_any : [];
        for (const r of recorded) candidates.push({ question: question.id, asked: question.question, written: r.written, sentence: r.sentence, features: r.features, right: statesGold(r.written, gold) });
        if (answer.values.length > 0) lines.push({ p: answer.lineConfidence ?? 0, right: statesGold(answer.values[0]!.value, gold) });
      }
    } finally {
      await service.close();
    }
  } finally {
    await fs.rm(indexDir, { recursive: true, force: true });
  }
  return { candidates, lines };
}

const round = (x: number) => Number(x.toPrecision(6));

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { precision: { type: 'string', default: '0.9' }, out: { type: 'string', default: path.join(PROJECT_ROOT, 'src/answer/line-model.json') }, steps: { type: 'string', default: '4000' }, examples: { type: 'string' }, help: { type: 'boolean' } } }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const target = Number(values.precision);
  const steps = Number(values.steps);
  if (!(target > 0 && target <= 1) || !Number.isInteger(steps) || steps < 1) {
    console.error(`--precision takes a share in (0, 1] and --steps a whole number.\n${USAGE}`);
    return 2;
  }
  const training = await setsIn(path.join(PROJECT_ROOT, 'eval/training'));
  const calibration = [...(await setsIn(path.join(PROJECT_ROOT, 'eval/sets/calibration'))), path.join(PROJECT_ROOT, '../shared/eval/norquad-dev')];
  if (training.length === 0) {
    console.error('No training sets in eval/training/.');
    return 1;
  }
  const examples: Example[] = [];
  for (const set of training) {
    const { candidates } = await run(set, () => 1);
    console.log(`${path.basename(set)}: ${candidates.length} candidates, ${candidates.filter((l) => l.right).length} right`);
    examples.push(...candidates);
    if (values.examples) await fs.appendFile(values.examples, candidates.map((c) => JSON.stringify({ set: path.basename(set), ...c })).join('\n') + '\n');
  }
  const model = fit(examples, steps);
  const lines: ScoredLine[] = [];
  for (const set of calibration) {
    const found = await fs.stat(path.join(set, 'questions.jsonl')).then(() => true, () => false);
    if (!found) {
      console.log(`${set}: not found, left out of the threshold's choice`);
      continue;
    }
    const scored = await run(set, learnedScorer(model).score);
    lines.push(...scored.lines);
    console.log(`${path.basename(set)} (calibration): ${scored.lines.length} lines, ${scored.lines.filter((l) => l.right).length} right`);
  }
  const chosen = chooseThreshold(lines, target);
  const sorted = [...lines].sort((a, b) => b.p - a.p);
  for (const share of [0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1]) {
    const kept = sorted.slice(0, Math.max(1, Math.round(sorted.length * share)));
    console.log(`  calibration: the best ${kept.length} lines (p >= ${kept.at(-1)!.p.toFixed(3)}): precision ${(kept.filter((l) => l.right).length / kept.length).toFixed(3)}`);
  }
  const out: LineModel = { features: model.features, mean: model.mean.map(round), scale: model.scale.map(round), weights: model.weights.map(round), threshold: round(chosen.threshold) };
  await fs.writeFile(values.out, `${JSON.stringify(out, null, 1)}\n`);
  console.log(`Trained on ${examples.length} candidates (${examples.filter((e) => e.right).length} right) from ${training.length} sets.`);
  console.log(`Threshold ${out.threshold}: calibration line precision ${chosen.precision.toFixed(3)} on ${chosen.kept} of ${lines.length} lines (target ${target}).`);
  console.log(`Wrote ${path.relative(process.cwd(), values.out)}.`);
  return 0;
}

process.exitCode = await main();
