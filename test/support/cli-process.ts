/**
 * The command line as users run it: `node bin/newsdesk.js <command>` (what `npm run ask` and the
 * others run), compiled JavaScript in dist/, in a child process with exactly the environment given.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';

export const LAUNCHER = path.join(PROJECT_ROOT, 'bin', 'newsdesk.js');
/** The development commands npm runs through tsx (`npm run make-model`, `npm run bench`). */
export const TOOLS = { 'make-model': 'src/tools/make-model.ts', bench: 'src/bench/main.ts' } as const;
const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string>, options: { input?: string } = {}): CliRun {
  return run([LAUNCHER, ...args], env, options);
}

/** `npm run make-model -- …` or `npm run bench -- …`, as npm runs it. */
export function runTool(tool: keyof typeof TOOLS, args: string[], env: Record<string, string>): CliRun {
  return run([TSX_CLI, TOOLS[tool], ...args], env);
}

function run(args: string[], env: Record<string, string>, options: { input?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Builds dist/ when it is stale, before a file's tests time their runs (a build takes a while on a
 * busy machine; the launcher's lock makes parallel files wait for one build). Use in `beforeAll`.
 */
export function buildIfStale(): void {
  const { code, stderr } = runCli(['--help'], {});
  if (code !== 0) throw new Error(`the build failed: ${stderr}`);
}

/** Generous: one test file's `beforeAll` may wait for a type-checked build of the whole product. */
export const BUILD_TIMEOUT_MS = 300_000;
