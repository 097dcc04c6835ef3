/** Runs every measurement in order, each heavy one in a child process, and gathers the figures. */
import path from 'node:path';
import { statSync } from 'node:fs';
import type { AnsweringResult } from './answering.js';
import { measureBotFirstReply, type BotStartResult } from './bot-start.js';
import { runChildTask } from './child.js';
import { ASK, BUILT_ENTRY, COLD_QUESTION, INDEX, measureAlternating, measureCommand, TSX_ENTRY, type ColdStartResult } from './cold-start.js';
import { bundle } from './compiled.js';
import { estimateTokens } from '../embed/token-counter.js';
import { benchQuestions, DEV_QUESTIONS_FILE, seedPassages } from './corpus.js';
import type { EmbeddingResult } from './embedding.js';
import type { IndexingResult } from './indexing.js';
import { describeMachine, loadAverageNow, type Machine } from './machine.js';
import type { BenchOptions, Section } from './options.js';
import { measureScale, type ScaleRow } from './scale.js';
import { measureSideBySide, type SideBySide } from './xenova.js';

/** A measurement that did not run here, and why. */
export interface Skipped {
  skipped: string;
}

export interface BenchResult {
  note: string;
  machine: Machine;
  model: { dir: string; dtype: string; onnxFile: string; onnxMB: number; threads: number | 'default'; batchSize: number };
  embedding: EmbeddingResult | Skipped;
  indexing: IndexingResult | Skipped;
  answering: AnsweringResult | Skipped;
  /** The same answering run from compiled JavaScript (no tsx). */
  answeringCompiled: AnsweringResult | Skipped;
  /** The same, compiled, with transformers.js's own tokenizer trie: before compact-tokenizer.ts (compiled.ts). */
  answeringLibraryTrie: AnsweringResult | Skipped;
  /**
   * `built`: what `npm run ask` runs (dist/ through bin/newsdesk.js); `tsx` and `bundle` for
   * comparison; `bundleLibraryTrie`: the bundle with transformers.js's own tokenizer trie (before).
   */
  coldStart: { built: ColdStartResult; tsx: ColdStartResult; bundle: ColdStartResult; bundleLibraryTrie: ColdStartResult; reindexBuilt: ColdStartResult } | Skipped;
  botFirstReply: BotStartResult | Skipped;
  scale: ScaleRow[] | Skipped;
  xenova: SideBySide | Skipped;
}

export const RANDOM_WEIGHTS_NOTE =
  'Stand-in model with RANDOM weights: these figures are time and memory only; its answers and retrieval mean nothing.';
const SYNTHETIC_PASSAGES = 1000;
const MIN_QUESTIONS = 200;
const SCALE_SIZES = [1_000, 10_000, 100_000];
/** The side-by-side batch: as many seed passages as the product embeds at once. */
const SIDE_BY_SIDE_PASSAGES = 16;

export type Progress = (line: string) => void;

const skippedBecause = (error: unknown): Skipped => ({ skipped: error instanceof Error ? error.message : String(error) });
const notRequested: Skipped = { skipped: 'not requested (--only)' };

export async function runBenchmarks(options: BenchOptions, progress: Progress): Promise<BenchResult> {
  const machine = describeMachine();
  const config = { ...options.config, indexDir: path.join(options.workDir, `index-${options.config.model.dtype}`) };
  const questions = benchQuestions(MIN_QUESTIONS);
  const wanted = (section: Section) => options.sections.includes(section);
  const result: BenchResult = {
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
    embedding: notRequested,
    indexing: notRequested,
    answering: notRequested,
    answeringCompiled: notRequested,
    answeringLibraryTrie: notRequested,
    coldStart: notRequested,
    botFirstReply: notRequested,
    scale: notRequested,
    xenova: notRequested,
  };

  if (wanted('embedding')) {
    progress('embedding: product embedder and tokenizer + bare onnxruntime session, alternating (child process)…');
    result.embedding = await runChildTask<EmbeddingResult>('embedding', {
      config,
      modelDir: options.modelDir,
      onnxFile: options.onnxFile,
      syntheticCount: SYNTHETIC_PASSAGES,
      questions,
    });
  }
  // Answering and cold start read the index this step builds.
  if (wanted('indexing') || wanted('answering') || wanted('cold-start')) {
    progress('indexing the seed corpus (child process)…');
    result.indexing = await runChildTask<IndexingResult>('indexing', { config });
  }
  if (wanted('answering')) {
    if (questions) {
      progress('answering (child process, through tsx, then compiled, then compiled with transformers.js’s own tokenizer trie)…');
      result.answering = await runChildTask<AnsweringResult>('answering', { config, questions });
      const compiled = await bundle(options.workDir, 'src/bench/child-main.ts', 'bench-child');
      result.answeringCompiled = await runChildTask<AnsweringResult>('answering', { config, questions }, { compiled });
      const before = await bundle(options.workDir, 'src/bench/child-main.ts', 'bench-child-library-trie', 'library-trie');
      result.answeringLibraryTrie = await runChildTask<AnsweringResult>('answering', { config, questions }, { compiled: before });
    } else {
      result.answering = result.answeringCompiled = result.answeringLibraryTrie = { skipped: `no dev questions at ${DEV_QUESTIONS_FILE}` };
    }
  }
  if (wanted('cold-start')) {
    progress('cold start: node bin/newsdesk.js ask (dist/) and as esbuild bundles (with each tokenizer trie) in turn, through tsx, and the bot against the fake Discord…');
    const cliBundle = await bundle(options.workDir, 'src/cli/main.ts', 'cli');
    const cliBefore = await bundle(options.workDir, 'src/cli/main.ts', 'cli-library-trie', 'library-trie');
    const [built, bundled, bundleLibraryTrie] = await measureAlternating(config, [BUILT_ENTRY, [cliBundle], [cliBefore]], ASK);
    result.coldStart = {
      built: built!,
      tsx: await measureCommand(config, TSX_ENTRY, ASK),
      bundle: bundled!,
      bundleLibraryTrie: bundleLibraryTrie!,
      reindexBuilt: await measureCommand(config, BUILT_ENTRY, INDEX),
    };
    result.botFirstReply = await measureBotFirstReply(config).catch(skippedBecause);
  }
  if (wanted('scale')) {
    progress('scale: synthetic vectors in each store (a child process per build and per query run)…');
    const sizes = options.quick ? SCALE_SIZES.slice(0, -1) : SCALE_SIZES;
    result.scale = await measureScale(options.workDir, sizes, options.dimensions, progress);
  }
  if (wanted('xenova')) {
    progress('side by side with @xenova/transformers 2.x…');
    result.xenova = options.quick
      ? { skipped: '--quick' }
      : await measureSideBySide(config, options.workDir, (await seedPassages(config.seedsDir, estimateTokens)).slice(0, SIDE_BY_SIDE_PASSAGES), COLD_QUESTION).catch(skippedBecause);
  }
  machine.loadAverage.end = loadAverageNow();
  return result;
}
