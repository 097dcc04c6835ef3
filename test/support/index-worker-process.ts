/**
 * Index workers and writers as real processes (the compiled CLI) against the PostgreSQL of
 * TEST_DATABASE_URL, and what the database shows of them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { BUILD_TIMEOUT_MS, buildIfStale, LAUNCHER } from './cli-process.js';
import { makeWorkspace, type Workspace } from './workspace.js';

export interface CliProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once its output matches `pattern`; rejects if it exits first. */
  saw(pattern: RegExp): Promise<void>;
  /** Resolves with its exit code (or signal) once it has exited. */
  exited: Promise<number | NodeJS.Signals>;
}

/** `node bin/newsdesk.js <args>` with exactly `env` (and PATH, HOME). */
export function startCli(args: string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [LAUNCHER, ...args], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const waiters = new Set<() => void>();
  const read = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of waiters) waiter();
  };
  child.stdout!.on('data', read);
  child.stderr!.on('data', read);
  const exited = new Promise<number | NodeJS.Signals>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal!)));
  const saw = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(output)) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
      void exited.then((code) => {
        if (!pattern.test(output)) reject(new Error(`exited (${code}) before printing ${pattern}: ${output}`));
      });
    });
  return { child, output: () => output, saw, exited };
}

/** `index --worker`; `ready` resolves once it says it is ready. */
export function startWorker(env: Record<string, string>): CliProcess & { ready: Promise<void>; name: string } {
  const worker = startCli(['index', '--worker'], env);
  return { ...worker, ready: worker.saw(/Index worker .* ready/), name: `${os.hostname()} pid ${worker.child.pid}` };
}

/** Polls `probe` until it returns something other than undefined or false; fails after `ms`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up after ${ms} ms waiting for ${what}`);
    await delay(25);
  }
}

/** Whether `pid` has ended (a zombie whose parent is gone counts as ended). */
export function hasEnded(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  const stat = (() => {
    try {
      return fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      return null;
    }
  })();
  return stat !== null && stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

/** The parent pid of a running process (Linux /proc), or null. */
export function parentOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/**
 * A test file's set-up for workers on PostgreSQL at `url`: a workspace with the tiny model, a
 * schema per test (`envOn`), an admin connection, all dropped after the file; dist/ built first.
 */
export function workerSuite(url: string): { workspace: Workspace; envOn: (name: string) => Record<string, string> & { DATABASE_SCHEMA: string }; admin: pg.Client; queued: (schema: string) => Promise<number> } {
  const workspace = makeWorkspace({ model: 'tiny' });
  const schemas: string[] = [];
  const admin = new pg.Client({ connectionString: url });
  beforeAll(async () => {
    buildIfStale();
    await admin.connect();
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => {
    workspace.cleanup();
    for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });
  return {
    workspace,
    envOn: (name) => {
      const schema = `workers_${name}_${process.pid}`;
      schemas.push(schema);
      return { ...workspace.env, DATABASE_URL: url, DATABASE_SCHEMA: schema };
    },
    admin,
    queued: async (schema) => Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.embedding_batches`)).rows[0]!.n),
  };
}
