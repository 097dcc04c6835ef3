/**
 * bin/newsdesk.js's automatic build of dist/ (issue 22, item 15): a build interrupted by Ctrl-C
 * leaves its lock behind, and the next command takes it over at once instead of waiting for it
 * to age; a command that waits for a build that is running says so. The launcher runs in a
 * throwaway project of one source file (the real one's build takes minutes on a busy machine).
 * Its TypeScript is the real compiler behind a wrapper that, when asked, says the build has
 * started and then holds it, so that Ctrl-C lands during the build on any machine (a one-file
 * build can otherwise finish before the signal arrives).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LAUNCHER } from '../support/cli-process.js';

let project: string;
let launcher: string;
const running: ChildProcess[] = [];
const REAL_TSC = createRequire(import.meta.url).resolve('typescript/lib/tsc.js');
/** In the throwaway project: typescript/bin/tsc, which runs the real compiler unless HOLD_BUILD is set. */
const TSC_WRAPPER = `if (process.env.HOLD_BUILD) {
  process.stderr.write('tsc is building\\n');
  setInterval(() => {}, 60_000);
} else require(${JSON.stringify(REAL_TSC)});
`;

beforeEach(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'launcher-'));
  fs.mkdirSync(path.join(project, 'bin'));
  launcher = path.join(project, 'bin', 'newsdesk.js');
  fs.copyFileSync(LAUNCHER, launcher);
  const typescript = path.join(project, 'node_modules', 'typescript');
  fs.mkdirSync(path.join(typescript, 'bin'), { recursive: true });
  fs.writeFileSync(path.join(typescript, 'package.json'), '{ "name": "typescript" }\n');
  fs.writeFileSync(path.join(typescript, 'bin', 'tsc'), TSC_WRAPPER);
  fs.writeFileSync(path.join(project, 'package.json'), '{ "type": "module" }\n');
  const compilerOptions = { outDir: 'dist', rootDir: 'src', module: 'nodenext', target: 'es2022', strict: true, skipLibCheck: true, types: [] };
  fs.writeFileSync(path.join(project, 'tsconfig.build.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
  fs.mkdirSync(path.join(project, 'src', 'cli'), { recursive: true });
  fs.writeFileSync(path.join(project, 'src', 'cli', 'main.ts'), "const said: string = 'the command ran';\nconsole.log(said);\n");
});

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  fs.rmSync(project, { recursive: true, force: true });
});

const lockDir = () => path.join(project, 'dist', '.build-lock');

/** The launcher in its own process group (as a terminal runs it: Ctrl-C signals the group). */
function start(env: Record<string, string> = {}): { child: ChildProcess; stderr: () => string; stdout: () => string } {
  const child = spawn(process.execPath, [launcher], { cwd: project, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, stderr: () => stderr, stdout: () => stdout };
}

async function untilOutput(read: () => string, pattern: RegExp, child: ChildProcess): Promise<void> {
  while (!pattern.test(read())) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the launcher ended before printing ${pattern}: ${read()}`);
    await Promise.race([once(child.stderr!, 'data'), once(child, 'exit')]);
  }
}

/** Runs the launcher to its end; a launcher that waits for a lock it should take over is killed after 30 s. */
function runToEnd() {
  return spawnSync(process.execPath, [launcher], { cwd: project, encoding: 'utf8', timeout: 30_000 });
}

describe('the launcher’s build of dist/', () => {
  it('after Ctrl-C during the build, the next command takes the lock over at once and builds', async () => {
    const interrupted = start({ HOLD_BUILD: '1' });
    await untilOutput(interrupted.stderr, /Building dist\/.*\n.*tsc is building/s, interrupted.child);
    process.kill(-interrupted.child.pid!, 'SIGINT');
    await once(interrupted.child, 'exit');
    expect(fs.existsSync(lockDir())).toBe(true);

    const next = runToEnd();
    expect(next.signal).toBeNull();
    expect(next.stdout).toBe('the command ran\n');
    expect(next.status).toBe(0);
    expect(fs.existsSync(lockDir())).toBe(false);
  });

  it('says when it waits for another command’s build, and goes on once that one is done', async () => {
    // A build under way in a live process (this one).
    fs.mkdirSync(lockDir(), { recursive: true });
    fs.writeFileSync(path.join(lockDir(), 'owner'), `${process.pid} ${os.hostname()}`);
    const waiting = start();
    await untilOutput(waiting.stderr, new RegExp(`^Waiting for another command's build of dist/ \\(pid ${process.pid}\\)`), waiting.child);
    expect(waiting.stdout()).toBe('');
    fs.rmSync(lockDir(), { recursive: true });
    const [code] = await once(waiting.child, 'exit');
    expect(code).toBe(0);
    expect(waiting.stdout()).toBe('the command ran\n');
  });
});
