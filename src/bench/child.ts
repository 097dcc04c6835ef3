import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../config.js';

const CHILD_MAIN = fileURLToPath(new URL('./child-main.ts', import.meta.url));
/** The line the child prints its result on; anything else on stdout is ignored. */
export const RESULT_MARKER = 'BENCH_RESULT ';

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
}

/**
 * The environment of a child: this process's, passed through untouched (PATH, HOME…), with the
 * bench's settings on top; settings win over `.env`, which the product reads too.
 */
export const childEnv = (settings: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...process.env, ...settings });

/** Runs a command to its end, timing it from spawn to exit. */
export function runProcess(command: string, args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env: childEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, wallMs: performance.now() - started });
    });
  });
}

/**
 * Runs one benchmark task (see child-main.ts) in a fresh Node process, so its peak RSS and its
 * start-up are its own, and returns what the task returned. Through tsx, as the product runs,
 * or from `compiled`, a bundle of child-main.ts (see compiled.ts).
 */
export async function runChildTask<T>(task: string, params: unknown, options: { compiled?: string; timeoutMs?: number } = {}): Promise<T> {
  const entry = options.compiled ? [options.compiled] : ['--import', 'tsx', CHILD_MAIN];
  const run = await runProcess(process.execPath, [...entry, task, JSON.stringify(params)], { timeoutMs: options.timeoutMs ?? 10 * 60_000 });
  const line = run.stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
  if (run.code !== 0 || !line) {
    const tail = run.stderr.trim().split('\n').slice(-3).join(' | ');
    throw new Error(`bench task ${task} failed (exit ${run.code ?? 'killed'}): ${tail || 'no output'}`);
  }
  return JSON.parse(line.slice(RESULT_MARKER.length)) as T;
}
