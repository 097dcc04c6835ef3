/**
 * The promise every command makes, through the real processes users run: a wrong command line is
 * one line on stderr naming the mistake, exit code 2, before any setting is read or anything is
 * written; `--help` works on every command; a setting the command cannot run with is one line and
 * exit code 1, at once.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { MAX_PIPED_BYTES } from '../../src/cli/piped-questions.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { BUILD_TIMEOUT_MS, buildIfStale, LAUNCHER, runCli, runTool, TOOLS, type CliRun } from '../support/cli-process.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

const QUESTION = 'Hvor mange land signerte konvensjonen?';
const UNANSWERED = 'What is the capital of Australia?';
/** A bot token of the right form (no Discord is reached in these tests). */
const TOKEN = `${'x'.repeat(24)}.${'y'.repeat(6)}.${'z'.repeat(38)}`;

let workspace: Workspace;
beforeAll(buildIfStale, BUILD_TIMEOUT_MS);
afterEach(() => workspace?.cleanup());

/** The run's outcome in one comparable value: exit code, stdout, and stderr's lines. */
const outcome = (run: CliRun) => ({ code: run.code, stdout: run.stdout, stderr: run.stderr.trimEnd().split('\n') });

describe('a wrong command line', () => {
  it('is one line naming the mistake and exit code 2 for every command, before any setting is read', () => {
    workspace = makeWorkspace();
    // A broken setting proves the mistake is found first; nothing may be indexed either.
    const env = { ...workspace.env, ANSWER_MAX_QUOTES: 'lots' };
    const cases: Array<[string[], RegExp]> = [
      [['eval'], /^eval: no question set given: --file <questions\.jsonl> or --set <folder>\. See npm run eval -- --help$/],
      [['eval', '--k', 'abc', '--file', 'q.jsonl'], /^eval: --k takes a whole number of at least 1, not "abc"\. See npm run eval -- --help$/],
      [['eval', '--k', '0', '--set', 'some-set'], /^eval: --k takes a whole number of at least 1, not "0"\./],
      [['eval', '--set-tuning', 'minConfidence', '--file', 'q.jsonl'], /^eval: --set-tuning: "minConfidence" is not key=value\. See npm run eval -- --help$/],
      [['eval', 'some-set'], /^eval: Unexpected argument 'some-set' \(set folders follow --set\)\. See npm run eval -- --help$/],
      [['eval', '--file'], /^eval: Option '--file <value>' argument missing\. See npm run eval -- --help$/],
      [['index', '--rebiuld'], /^index: Unknown option '--rebiuld'\. See npm run index -- --help$/],
      [['index', '--workers', 'abc'], /^index: --workers takes a whole number from 1 to \d+, not "abc"\. See npm run index -- --help$/],
      [['ask', '--frob', QUESTION], /^ask: Unknown option '--frob'\. See npm run ask -- --help$/],
      [['start', '--token', 'x'], /^start: Unknown option '--token'\. See npm start -- --help$/],
      [['register', 'now'], /^register: Unexpected argument 'now'\. See npm run register -- --help$/],
      [['add', '--feed', 'notaurl'], /^add: --feed takes a feed's link \(https:\/\/…\), not "notaurl"\. See npm run add -- --help$/],
    ];
    for (const [args, line] of cases) {
      expect({ args, ...outcome(runCli(args, env)) }).toEqual({ args, code: 2, stdout: '', stderr: [expect.stringMatching(line)] });
    }
    // Standard input with no question on it (nothing, or blank lines) is no question.
    for (const input of ['', '\n  \n\r\n']) {
      expect(outcome(runCli(['ask'], env, { input }))).toEqual({ code: 2, stdout: '', stderr: [expect.stringMatching(/^ask: no question given\. Usage: npm run ask -- "/)] });
    }
    expect(fs.existsSync(workspace.indexDir)).toBe(false);
  });

  it('is refused the same way when a tuning override names no constant (after the settings: it needs none of the index)', () => {
    workspace = makeWorkspace();
    const run = runCli(['eval', '--set-tuning', 'minConfidense=0.9', '--file', 'q.jsonl'], workspace.env);
    expect(outcome(run)).toEqual({ code: 2, stdout: '', stderr: [expect.stringMatching(/^eval: tuning: unknown tuning constant "minConfidense" \(known: .*minConfidence.*\)\. See npm run eval -- --help$/)] });
    expect(fs.existsSync(workspace.indexDir)).toBe(false);
  });

  it('is one line and exit code 2 for the development commands too (make-model, bench)', () => {
    const env = { ANSWER_MAX_QUOTES: 'lots' };
    const cases: Array<[keyof typeof TOOLS, string[], RegExp]> = [
      ['make-model', [], /^make-model: which model\? tiny, standin, concepts\. See npm run make-model -- --help$/],
      ['make-model', ['huge'], /^make-model: unknown model 'huge' \(tiny, standin, concepts\)\./],
      ['make-model', ['standin'], /^make-model: standin needs --config <model folder>\./],
      ['make-model', ['tiny', '--lexicon', 'words.txt'], /^make-model: tiny does not take --lexicon\./],
      ['make-model', ['tiny', '--frob'], /^make-model: Unknown option '--frob'\. See npm run make-model -- --help$/],
      ['bench', ['--frob'], /^bench: Unknown option '--frob'\. See npm run bench -- --help$/],
      ['bench', ['--store', 'mysql'], /^bench: --store takes postgres .*, not "mysql"\./],
      ['bench', ['--store', 'postgres', '--sizes', '100k'], /^bench: --sizes takes a whole number of at least 20, not "100k"\./],
      ['bench', ['--sizes', '1000'], /^bench: --sizes goes with --store postgres\./],
      ['bench', ['--only', 'everything'], /^bench: unknown measurement 'everything' in --only \(embedding, indexing, answering, cold-start, scale, xenova\)\./],
    ];
    for (const [tool, args, line] of cases) {
      expect({ tool, args, ...outcome(runTool(tool, args, env)) }).toEqual({ tool, args, code: 2, stdout: '', stderr: [expect.stringMatching(line)] });
    }
  });
});

describe('--help', () => {
  it('answers on the development commands, with every option', () => {
    const makeModel = runTool('make-model', ['--help'], {});
    expect(makeModel).toMatchObject({ code: 0, stderr: '' });
    expect(makeModel.stdout).toMatch(/^Usage: npm run make-model -- \[options\] <tiny\|standin\|concepts>$/m);
    for (const option of ['--out', '--seeds', '--config', '--lexicon', '--help']) expect(makeModel.stdout).toContain(option);
    const bench = runTool('bench', ['-h'], {});
    expect(bench).toMatchObject({ code: 0, stderr: '' });
    for (const option of ['--model', '--only', '--store postgres', '--sizes', '--first-run', '--ef-search', '--reuse']) expect(bench.stdout).toContain(option);
  });
});

describe('settings a command cannot run with', () => {
  it('refuses a special or impossible INDEX_DIR at once, saying why (no hang, no "damaged")', () => {
    workspace = makeWorkspace();
    const file = path.join(workspace.dir, 'a-file');
    fs.writeFileSync(file, 'not an index');
    const cases: Array<[string[], string, RegExp]> = [
      [['ask', QUESTION], '/proc/idx', /^Error: INDEX_DIR \/proc\/idx is on \/proc, a proc file system that holds no index files\. Set INDEX_DIR to a folder on a disk/],
      [['index'], '/proc/idx', /^Error: INDEX_DIR \/proc\/idx is on \/proc, a proc file system/],
      [['ask', QUESTION], file, /^Error: INDEX_DIR .*a-file is a file, not a folder\. Set INDEX_DIR to a folder/],
      [['index'], path.join(file, 'index'), /^Error: INDEX_DIR .*a-file\/index cannot be a folder: .*a-file on its path is a file, not a folder\./],
      [['index'], '/dev/null', /^Error: INDEX_DIR \/dev\/null is a character device, not a folder\./],
    ];
    for (const [args, indexDir, line] of cases) {
      expect({ args, indexDir, ...outcome(runCli(args, { ...workspace.env, INDEX_DIR: indexDir })) }).toEqual({ args, indexDir, code: 1, stdout: '', stderr: [expect.stringMatching(line)] });
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('not an index');
  });

  // Root writes anywhere: as root, the command runs as nobody (setpriv, util-linux).
  const root = process.getuid?.() === 0;
  const setpriv = spawnSync('setpriv', ['--version']).status === 0;
  it.skipIf(root && !setpriv)('refuses an INDEX_DIR this user may not create, naming the folder that refused', () => {
    workspace = makeWorkspace();
    fs.chmodSync(workspace.dir, 0o755);
    const readOnly = path.join(workspace.dir, 'read-only');
    fs.mkdirSync(readOnly, { mode: 0o555 });
    const command = [...(root ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : []), process.execPath, LAUNCHER, 'index'];
    const run = spawnSync(command[0]!, command.slice(1), { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH!, HOME: workspace.dir, ...workspace.env, INDEX_DIR: path.join(readOnly, 'index') }, encoding: 'utf8', timeout: 60_000 });
    expect(outcome({ code: run.status, stdout: run.stdout, stderr: run.stderr })).toEqual({
      code: 1,
      stdout: '',
      stderr: [`Error: No permission to write ${readOnly} (INDEX_DIR is ${path.join(readOnly, 'index')}). Give this user write access to it, or set INDEX_DIR to a folder elsewhere.`],
    });
  });

  it('stops the bot at start on such an INDEX_DIR, before it connects (no /reindex can repair a setting)', () => {
    workspace = makeWorkspace();
    // Discord at a closed port: had the bot gone on to connect, the line would be about Discord.
    const discord = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: '123456789012345678', DISCORD_API_URL: 'http://127.0.0.1:9/api' };
    const run = runCli(['start'], { ...workspace.env, ...discord, INDEX_DIR: '/proc/idx' });
    expect(outcome(run)).toEqual({ code: 1, stdout: '', stderr: ['INDEX_DIR /proc/idx is on /proc, a proc file system that holds no index files. Set INDEX_DIR to a folder on a disk (it is created if missing).'] });
  });

  it('says a Discord id is a 17–20 digit snowflake when it is not one', () => {
    const run = runCli(['register'], { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: '123' });
    expect(outcome(run)).toEqual({
      code: 1,
      stdout: '',
      stderr: ['Invalid configuration: DISCORD_APPLICATION_ID: expected the application id, a snowflake of 17–20 digits (Developer Portal → General Information → Application ID). Fix it in .env (see .env.example).'],
    });
  });
});

/** The seeds' answer to QUESTION: the Swedish report's "nästan 70" beside the others' 72. */
const LINE = 'The articles disagree: 72 (4 of 5 articles) · nästan 70 (1 of 5 articles)';

describe('questions piped into ask', () => {
  it('answers each line as a question of its own, in turn', () => {
    workspace = makeWorkspace();
    const input = `${QUESTION}\r\n\n${UNANSWERED}`;
    const json = runCli(['ask', '--json'], workspace.env, { input });
    expect(json.code).toBe(0);
    const answers = json.stdout.trim().split('\n').map((line) => JSON.parse(line) as Answer);
    expect(answers.map((a) => [a.question, a.status])).toEqual([
      [QUESTION, 'answered'],
      [UNANSWERED, 'abstained'],
    ]);
    expect(answers[0]!.answerLine).toBe(LINE);

    const text = runCli(['ask'], workspace.env, { input });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^Question 1: ${QUESTION.replace('?', '\\?')}\\n\\n${LINE.replace(/[()]/g, '\\$&')}$`, 'm'));
    expect(text.stdout).toMatch(new RegExp(`^Question 2: ${UNANSWERED.replace('?', '\\?')}\\n\\nThe corpus does not answer this\\.`, 'm'));
  });

  it('reads only what a question can use: a flood is cut, said so, and the question answered', () => {
    workspace = makeWorkspace();
    // One line of over 1 MiB: the per-line bound and the input's bound both cut it.
    const input = `${QUESTION} ${'ord '.repeat(MAX_PIPED_BYTES / 2)}\n${UNANSWERED}\n`;
    const run = runCli(['ask', '--json'], workspace.env, { input });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^Note: Line 1 of standard input is longer than 4000 bytes: only its first 4000 bytes were read \(a question's first 1000 characters are used\)\.$/m);
    expect(run.stderr).toMatch(/^Note: Standard input goes on past 1 MiB: only the questions in its first 1 MiB were read\.$/m);
    const answers = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Answer);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.question.startsWith(QUESTION)).toBe(true);
    expect(answers[0]!.notices).toContain('Only the first 1000 characters of the question were used.');
  });
});
