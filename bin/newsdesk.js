#!/usr/bin/env node
/**
 * What `npm start`, `npm run ask`, `index`, `eval` and `register` run: the compiled command line
 * in dist/, in this process. When dist/ is missing or older than a source file (a fresh clone
 * without the install's build, a pull, an edit) it is rebuilt first with the type-checked build
 * (`npm run build`), so stale code never runs. Development can run the TypeScript directly:
 * `npx tsx src/cli/main.ts …`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
const entry = path.join(dist, 'cli', 'main.js');
const lock = path.join(dist, '.build-lock');
/** Inside the lock: the builder's pid and host, so that a lock left by a killed build (Ctrl-C, kill -9) is taken over at once. */
const lockOwner = path.join(lock, 'owner');
const buildInputs = ['src', 'tsconfig.json', 'tsconfig.build.json'];
/** A lock older than this is stale whoever holds it; one whose builder cannot be checked (another host) only then. */
const STALE_LOCK_MS = 10 * 60_000;
/** A lock without an owner this old is not one being taken (its owner is written right after it is made). */
const OWNERLESS_LOCK_MS = 5_000;

function mtimeMs(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** The newest modification time among the build's inputs (0 without them, e.g. a deployment of dist/ alone). */
function newestInputMs() {
  let newest = 0;
  for (const input of buildInputs) {
    const full = path.join(root, input);
    newest = Math.max(newest, mtimeMs(full));
    if (input === 'src' && existsSync(full)) {
      for (const file of readdirSync(full, { recursive: true })) newest = Math.max(newest, mtimeMs(path.join(full, file)));
    }
  }
  return newest;
}

/** Why dist/ needs a build, or null when it is up to date. tsc rewrites every output, the entry included, on each build. */
function staleness() {
  const builtMs = mtimeMs(entry);
  if (builtMs === 0) return 'missing';
  return newestInputMs() > builtMs ? 'older than src/' : null;
}

/** Runs tsc; returns an error line, or null when it built. */
function build(reason) {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    return `dist/ is ${reason} and TypeScript is not installed to build it. Run npm ci (with the dev dependencies), then npm run build.`;
  }
  process.stderr.write(`Building dist/ (${reason})…\n`);
  // tsc's messages go to stderr: stdout belongs to the command (e.g. ask --json).
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: ['ignore', 2, 2] });
  return result.status === 0 ? null : 'the build failed (above). Fix the type errors, or run the TypeScript directly: npx tsx src/cli/main.ts';
}

function readOwner() {
  try {
    return readFileSync(lockOwner, 'utf8');
  } catch {
    return null;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Whether the lock was left by a build that is gone; its owner as recorded (null if none). */
function lockState() {
  const owner = readOwner();
  const [pid, host] = (owner ?? '').split(' ');
  const age = Date.now() - mtimeMs(lock);
  if (owner === null) return { owner, stale: age > OWNERLESS_LOCK_MS };
  // A build takes a minute or two: one this old hangs, or its pid now names another process.
  if (host !== hostname() || age > STALE_LOCK_MS) return { owner, stale: age > STALE_LOCK_MS };
  return { owner, stale: !isAlive(Number(pid)) };
}

/** One build at a time: commands started together after a pull wait for the first one's build. */
function buildIfStale() {
  if (!staleness()) return;
  mkdirSync(dist, { recursive: true });
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let told = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(lockOwner, `${process.pid} ${hostname()}`);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const { owner, stale } = lockState();
      // Removed only if no other command took it over meanwhile.
      if (stale && readOwner() === owner) rmSync(lock, { recursive: true, force: true });
      else {
        if (!told) process.stderr.write(`Waiting for another command's build of dist/ (${owner ? `pid ${owner.split(' ')[0]}` : lock}) to finish…\n`);
        told = true;
        Atomics.wait(pause, 0, 0, 200);
      }
    }
  }
  let failure;
  try {
    const reason = staleness();
    failure = reason ? build(reason) : null;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  if (failure) {
    process.stderr.write(`Error: ${failure}\n`);
    process.exit(1);
  }
}

/** Open files the commands need at once, with room to spare: loading the program alone opens over 100 (about 120 in December 2026). */
const NEEDED_OPEN_FILES = 256;

/** The process's open-file limit (`ulimit -n`), where the system tells it (Linux), else null. */
function openFileLimit() {
  try {
    const limit = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
    return limit ? Number(limit) : null;
  } catch {
    return null;
  }
}

/** One line for running out of file descriptors while the program loads its modules, or null for another error. */
function outOfFilesLine(error, limit) {
  if (error?.code === 'ENFILE') {
    return "Error: the system's table of open files is full (ENFILE) while loading the program. Close other programs, or raise the system's limit (fs.file-max), and run the command again.";
  }
  if (error?.code !== 'EMFILE') return null;
  const now = limit === null ? '' : ` is ${limit}`;
  return `Error: too many open files (EMFILE) while loading the program: the open-file limit (ulimit -n)${now}, and the commands need at least ${NEEDED_OPEN_FILES}. Raise it (e.g. ulimit -n 1024) and run the command again.`;
}

buildIfStale();
// Read first: once the loader has run out of files, reading it may fail too.
const limit = openFileLimit();
// Below what loading needs, refused before loading: out of files, the loader may say a package is
// missing (ERR_MODULE_NOT_FOUND) instead of EMFILE, depending on which file it was opening.
if (limit !== null && limit < NEEDED_OPEN_FILES) {
  process.stderr.write(`${outOfFilesLine({ code: 'EMFILE' }, limit)}\n`);
  process.exit(1);
}
try {
  await import(pathToFileURL(entry).href);
} catch (error) {
  const line = outOfFilesLine(error, limit);
  if (!line) throw error;
  process.stderr.write(`${line}\n`);
  process.exit(1);
}
