/**
 * Measurement 3: from process start to the first answer: `node bin/newsdesk.js ask "…"` (what
 * `npm run ask` runs: the compiled CLI in dist/) against a prepared index, and for comparison the
 * same through tsx (as it ran before the build) and as one esbuild bundle (compiled.ts); and
 * `node bin/newsdesk.js index` with nothing changed, as a user re-indexes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PROJECT_ROOT, type AppConfig } from '../config.js';
import { runProcess } from './child.js';
import { median, round } from './stats.js';

export const COLD_QUESTION = 'How many countries signed the Hanoi Convention?';
const RUNS = 3;

/** The tsx command line (what `npm run ask` runs, without npm's own start-up). */
export const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');

/** The environment that makes the product's `loadConfig` produce `config` (what a user would set). */
export function productEnv(config: AppConfig): Record<string, string> {
  return {
    SEEDS_DIR: config.seedsDir,
    INDEX_DIR: config.indexDir,
    MODEL_ID: config.model.id,
    MODEL_DIR: config.model.localDir ?? '',
    MODEL_DTYPE: config.model.dtype,
    EMBED_PREFIXES: config.model.prefixes,
    LEXICAL_ONLY: 'false',
    EMBED_BATCH_SIZE: String(config.model.batchSize),
    ...(config.model.threads ? { EMBED_THREADS: String(config.model.threads) } : {}),
    LOG_LEVEL: 'warn',
  };
}

export interface ColdStartResult {
  runsMs: number[];
  medianMs: number;
  /** CPU time (user + system) of each run, process tree included: what other work on the machine does not inflate. */
  cpuMs: number[];
  medianCpuMs: number;
  /**
   * CPU time of the process's main thread in each run: the serial part of the start-up (the
   * session's native load, the tokenizer, the answer), which the wall time approaches on an idle
   * machine, where garbage collection and onnxruntime's threads run on the other core.
   */
  mainThreadCpuMs: number[];
  medianMainThreadCpuMs: number;
}

const MAIN_THREAD_MARKER = 'BENCH_MAIN_THREAD_CPU_MS ';
/**
 * Loaded first into each measured process (`--import` in NODE_OPTIONS): at exit it writes its main thread's CPU
 * time (utime + stime of /proc/self/task/<pid>/stat, in 100 Hz ticks) to stderr.
 */
const MAIN_THREAD_REPORTER = `data:text/javascript,${encodeURIComponent(
  `import fs from 'node:fs'; process.on('exit', () => { try { const f = fs.readFileSync('/proc/self/task/' + process.pid + '/stat', 'utf8').split(')').pop().trim().split(' '); fs.writeSync(2, '${MAIN_THREAD_MARKER}' + (Number(f[11]) + Number(f[12])) * 10 + '\\n'); } catch {} });`,
)}`;

/** The main thread's CPU ms a run reported (the largest, when tsx's child reported too), or null. */
function mainThreadCpuOf(stderr: string): number | null {
  const reported = stderr.split('\n').filter((l) => l.startsWith(MAIN_THREAD_MARKER)).map((l) => Number(l.slice(MAIN_THREAD_MARKER.length)));
  return reported.length ? Math.max(...reported) : null;
}

/** Clock ticks per second of /proc's times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time of this process's finished children, ms (cutime + cstime in /proc/self/stat; a child
 * counts once it has exited and been reaped, with its own children). Null where /proc is missing.
 */
function finishedChildrenCpuMs(): number | null {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(')').pop()!.trim().split(' ');
    // Fields 16 and 17 of proc(5); the split leaves field 3 (state) at index 0.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * `node <entry> <command…>` timed from spawn to exit, a few times; `config.indexDir` must already
 * hold an index built with `config`'s model.
 */
export async function measureCommand(config: AppConfig, entry: string[], command: string[]): Promise<ColdStartResult> {
  return (await measureAlternating(config, [entry], command))[0]!;
}

/**
 * The same for several entry points, their runs taken in turn (A B A B …), so that the machine's
 * changing load falls on each alike: a before and an after compared in one bench.
 */
export async function measureAlternating(config: AppConfig, entries: string[][], command: string[]): Promise<ColdStartResult[]> {
  const runs = entries.map(() => [] as number[]);
  const cpu = entries.map(() => [] as number[]);
  const mainThread = entries.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, entry] of entries.entries()) {
      const cpuBefore = finishedChildrenCpuMs();
      // Through NODE_OPTIONS, so that the process tsx starts reports too.
      const env = { ...productEnv(config), NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${MAIN_THREAD_REPORTER}`.trim() };
      const run = await runProcess(process.execPath, [...entry, ...command], { env, timeoutMs: 120_000 });
      const main = mainThreadCpuOf(run.stderr);
      if (main !== null) mainThread[k]!.push(main);
      if (run.code !== 0 || !run.stdout.trim()) throw new Error(`${command[0]} failed (exit ${run.code}): ${run.stderr.trim().split('\n').pop() ?? ''}`);
      runs[k]!.push(round(run.wallMs, 1));
      const cpuAfter = finishedChildrenCpuMs();
      if (cpuBefore !== null && cpuAfter !== null) cpu[k]!.push(cpuAfter - cpuBefore);
    }
  }
  const medianOf = (values: number[]) => (values.length ? median(values) : NaN);
  return entries.map((_, k) => ({
    runsMs: runs[k]!,
    medianMs: median(runs[k]!),
    cpuMs: cpu[k]!,
    medianCpuMs: medianOf(cpu[k]!),
    mainThreadCpuMs: mainThread[k]!,
    medianMainThreadCpuMs: medianOf(mainThread[k]!),
  }));
}

export const ASK = ['ask', COLD_QUESTION];
export const INDEX = ['index'];

/** As a user runs it (`npm run ask` without npm's own start-up): the launcher of the compiled CLI. */
export const LAUNCHER = path.join(PROJECT_ROOT, 'bin', 'newsdesk.js');
export const BUILT_ENTRY = [LAUNCHER];
/** tsx's command line on the TypeScript entry point (how the commands ran before the build). */
export const TSX_ENTRY = [TSX_CLI, 'src/cli/main.ts'];
