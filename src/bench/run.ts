/** Runs every measurement in order, each heavy one in a child process, and gathers the figures. */
import path from 'node:path';
import { statSync } from 'node:fs';
import type { AnsweringResult } from './answering.js';
import { measureBotFirstReply, type BotStartResult } from './bot-start.js';
import { runChildTask } from './child.js';
import { measureColdStart, type ColdStartResult } from './cold-start.js';
import { benchQuestions, DEV_QUESTIONS_FILE } from './corpus.js';
import type { EmbeddingResult } from './embedding.js';
import type { IndexingResult } from './indexing.js';
import { describeMachine, loadAverageNow, type Machine } from './machine.js';
import type { BenchOptions } from './options.js';

/** A measurement that could not run here, and why. */
export interface Skipped {
  skipped: string;
}

export interface BenchResult {
  note: string;
  machine: Machine;
  model: { dir: string; dtype: string; onnxFile: string; onnxMB: number; threads: number | 'default'; batchSize: number };
  embedding: EmbeddingResult;
  indexing: IndexingResult;
  answering: AnsweringResult | Skipped;
  coldStart: ColdStartResult;
  botFirstReply: BotStartResult | Skipped;
}

export const RANDOM_WEIGHTS_NOTE =
  'Stand-in model with RANDOM weights: these figures are time and memory only; its answers and retrieval mean nothing.';
const SYNTHETIC_PASSAGES = 1000;
const MIN_QUESTIONS = 200;

export type Progress = (line: string) => void;

const skippedBecause = (error: unknown): Skipped => ({ skipped: error instanceof Error ? error.message : String(error) });

export async function runBenchmarks(options: BenchOptions, progress: Progress): Promise<BenchResult> {
  const machine = describeMachine();
  const config = { ...options.config, indexDir: path.join(options.workDir, `index-${options.config.model.dtype}`) };
  const questions = benchQuestions(MIN_QUESTIONS);

  progress('1/4 embedding: product embedder against tokenizer + bare onnxruntime session…');
  const embedding = await runChildTask<EmbeddingResult>('embedding', {
    config,
    modelDir: options.modelDir,
    onnxFile: options.onnxFile,
    syntheticCount: SYNTHETIC_PASSAGES,
    questions,
  });
  progress('2/4 indexing the seed corpus (child process)…');
  const indexing = await runChildTask<IndexingResult>('indexing', { config });
  progress('3/4 answering (child process)…');
  const answering = questions
    ? await runChildTask<AnsweringResult>('answering', { config, questions })
    : { skipped: `no dev questions at ${DEV_QUESTIONS_FILE}` };
  progress('4/4 cold start: tsx src/cli/main.ts ask, and the bot against the fake Discord…');
  const coldStart = await measureColdStart(config);
  const botFirstReply = await measureBotFirstReply(config).catch(skippedBecause);

  machine.loadAverage.end = loadAverageNow();
  return {
    note: RANDOM_WEIGHTS_NOTE,
    machine,
    model: {
      dir: path.relative(process.cwd(), options.modelDir) || '.',
      dtype: config.model.dtype,
      onnxFile: path.basename(options.onnxFile),
      onnxMB: Math.round(statSync(options.onnxFile).size / 1e6),
      threads: config.model.threads ?? 'default',
      batchSize: config.model.batchSize,
    },
    embedding,
    indexing,
    answering,
    coldStart,
    botFirstReply,
  };
}
