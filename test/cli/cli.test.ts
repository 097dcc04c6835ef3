import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { commandHelp, parseCommandArgs, UsageError, wantsHelp } from '../../src/cli/args.js';
import { COMMANDS as COMMAND_LIST, findCommand, topHelp } from '../../src/cli/cli.js';
import { BUILD_TIMEOUT_MS, buildIfStale, runCli as cli } from '../support/cli-process.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

const QUESTION = 'Hvor mange land signerte konvensjonen?';
const COMMANDS = ['index', 'add', 'ask', 'eval', 'start', 'register'];

let workspace: Workspace;
beforeAll(buildIfStale, BUILD_TIMEOUT_MS);
afterEach(() => workspace?.cleanup());

describe('the command line', () => {
  it('builds the index on first use, answers with numbered attributed quotes, and exits 0', () => {
    workspace = makeWorkspace({ model: 'missing' });
    const { code, stdout, stderr } = cli(['ask', QUESTION], workspace.env);
    expect(code).toBe(0);
    expect(stderr).toMatch(/Warning: Keyword-only index: Could not load the embedding model/);
    expect(stderr).toMatch(/Indexed 5 articles, \d+ passages: 5 added/);
    expect(stderr).toMatch(/^Answers: keyword search only\. The embedding model could not be loaded \(see the warning above\)\. Once the model loads, `npm run index -- --rebuild` makes the index hybrid/m);
    expect(stdout).toMatch(/^The articles disagree: 72 \(4 of 5 articles\) · nästan 70 \(1 of 5 articles\)$/m);
    expect(stdout).toMatch(/^\[1\] “.*72 land som signerte konvensjonen\.”$/m);
    expect(stdout).toMatch(/000_dea65f15ca7fd346\.txt, Norwegian, paragraph \d+ — https:\/\/vtv\.vn\//);
    expect(stdout).toMatch(/Note: Keyword search only/);
    expect(fs.existsSync(path.join(workspace.indexDir, 'manifest.json'))).toBe(true);
  });

  it('exits 0 with a plain statement when the corpus does not answer', () => {
    workspace = makeWorkspace();
    const { code, stdout } = cli(['ask', 'What is the capital of Australia?'], workspace.env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^The corpus does not answer this\./);
    expect(stdout).not.toMatch(/\[1\]/);
  });

  it('reads the question from standard input, and prints the answer structure with --json', () => {
    workspace = makeWorkspace();
    const { code, stdout } = cli(['ask', '--json'], workspace.env, { input: `${QUESTION}\n` });
    expect(code).toBe(0);
    const answer = JSON.parse(stdout) as Answer;
    expect(answer).toMatchObject({ question: QUESTION, status: 'answered', mode: 'lexical', answerLine: 'The articles disagree: 72 (4 of 5 articles) · nästan 70 (1 of 5 articles)' });
    expect(answer.quotes[0]).toMatchObject({ citation: 1, source: { articleId: expect.stringMatching(/\.txt$/) } });
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });

  it('reports an unchanged index without rebuilding it, and rebuilds everything with --rebuild', () => {
    workspace = makeWorkspace();
    expect(cli(['index'], workspace.env).code).toBe(0);
    expect(cli(['index'], workspace.env).stdout).toMatch(/nothing changed \(5 unchanged\)/);
    expect(cli(['index', '--rebuild'], workspace.env).stdout).toMatch(/5 added, 0 changed, 0 removed/);
  });

  it('says which model answers and how: hybrid with the model and where it loads from, or keyword-only and why', () => {
    workspace = makeWorkspace({ model: 'concepts' });
    const hybrid = cli(['index'], workspace.env);
    expect(hybrid.stdout).toMatch(/^Answers: hybrid search: keywords and the embedding model concept-model \(q8, from MODEL_DIR .*concept-model\)\.$/m);
    const keywordOnly = cli(['index'], { ...workspace.env, LEXICAL_ONLY: 'true' });
    expect(keywordOnly.stdout).toMatch(/^Answers: keyword search only\. LEXICAL_ONLY is set; .*: unset it and run `npm run index`\.$/m);
  });

  it('fails with one line that names the problem and the fix, and no stack trace', () => {
    workspace = makeWorkspace();
    const missingSeeds = cli(['ask', 'anything'], { ...workspace.env, SEEDS_DIR: path.join(workspace.dir, 'nowhere') });
    expect(missingSeeds.code).toBe(1);
    expect(missingSeeds.stderr.trim().split('\n')).toHaveLength(1);
    expect(missingSeeds.stderr).toMatch(/^Error: The seeds folder .*nowhere does not exist\. Create it/);

    const badSetting = cli(['ask', 'anything'], { ...workspace.env, ANSWER_MAX_QUOTES: 'lots' });
    expect(badSetting.code).toBe(1);
    expect(badSetting.stderr).toMatch(/^Error: Invalid configuration: ANSWER_MAX_QUOTES: .*\.env/);
    expect(badSetting.stderr).not.toMatch(/    at /);
  });

  it('names a wrong command line in one line and exits 2, before reading any settings', () => {
    workspace = makeWorkspace();
    // A broken setting proves the mistake is reported first, and nothing is indexed.
    const env = { ...workspace.env, ANSWER_MAX_QUOTES: 'lots' };
    const cases: Array<[string[], RegExp]> = [
      [['frobnicate'], /^Unknown command 'frobnicate'\. Commands: index, add, ask, eval, start, register; see node bin\/newsdesk\.js --help$/],
      [['index', '--rebiuld'], /^index: Unknown option '--rebiuld'\. See npm run index -- --help$/],
      [['ask'], /^ask: no question given\. Usage: npm run ask -- "Hvor mange land signerte konvensjonen\?"$/],
    ];
    for (const [args, message] of cases) {
      const run = cli(args, env);
      expect({ args, code: run.code, stderr: run.stderr.trim() }).toEqual({ args, code: 2, stderr: expect.stringMatching(message) });
    }
    expect(fs.existsSync(workspace.indexDir)).toBe(false);

    // Every other mistake goes through the same parser (in this process: a child each costs a second).
    const mistakes: Array<[string[], RegExp]> = [
      [['ask', '--frob', QUESTION], /^ask: Unknown option '--frob'\. See npm run ask -- --help$/],
      [['index', 'now'], /^index: Unexpected argument 'now'\. See npm run index -- --help$/],
      [['eval', '--file'], /^eval: Option '--file <value>' argument missing\. See npm run eval -- --help$/],
      [['start', '--token', 'x'], /^start: Unknown option '--token'\. See npm start -- --help$/],
      [['register', 'now'], /^register: Unexpected argument 'now'\. See npm run register -- --help$/],
      [['--version'], /^Unknown option '--version'\. Commands: /],
    ];
    for (const [[name, ...args], message] of mistakes) {
      const parse = () => parseCommandArgs(findCommand(name!), args);
      expect(parse).toThrow(UsageError);
      expect(parse).toThrow(message);
    }
  });

  it('adds a file with `add`, indexes it, and answers from it; a refused link exits 1 with its reason and adds nothing', () => {
    workspace = makeWorkspace();
    const notes = path.join(workspace.dir, 'kvarnby-tram.md');
    fs.writeFileSync(notes, '# Kvarnby tram opens\n\nThe Kvarnby tram carried 48,000 passengers on its first Saturday, the transport office said.\n');
    const added = cli(['add', notes], workspace.env);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^Added kvarnby-tram_[0-9a-f]{12}\.md: “Kvarnby tram opens” \(en, no date, 1 paragraph\) from .*kvarnby-tram\.md$/m);
    const asked = cli(['ask', 'How many passengers did the Kvarnby tram carry on its first Saturday?'], workspace.env);
    expect(asked.stdout).toContain('The Kvarnby tram carried 48,000 passengers on its first Saturday');

    const files = fs.readdirSync(workspace.seedsDir).sort();
    const refused = cli(['add', 'http://169.254.169.254/latest/meta-data/'], workspace.env);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/^Not added: Not fetched: http:\/\/169\.254\.169\.254\/latest\/meta-data\/: 169\.254\.169\.254 is the cloud metadata address\./m) });
    expect(fs.readdirSync(workspace.seedsDir).sort()).toEqual(files);
  });

  it('answers --help at the top and on every command, with options and an example that works offline', () => {
    const top = cli(['--help'], {});
    expect(top).toMatchObject({ code: 0, stderr: '' });
    for (const name of COMMANDS) expect(top.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    expect(top.stdout).toContain(`npm run ask -- "${QUESTION}"`);
    expect(top.stdout).toBe(`${topHelp()}\n`);
    expect(cli([], {})).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/^Usage: /) });
    const ask = cli(['ask', '-h'], {});
    expect(ask).toMatchObject({ code: 0, stderr: '' });
    expect(ask.stdout).toMatch(/--json +print the answer as one line of JSON/);
    expect(ask.stdout).toContain(QUESTION);

    // Every command's help comes from its declaration, as `ask -h` above did.
    expect(COMMAND_LIST.map((c) => c.name)).toEqual(COMMANDS);
    for (const command of COMMAND_LIST) {
      const help = commandHelp(command);
      expect(help).toMatch(/^Usage: npm (run \w+|start) -- \[options\]/);
      expect(help).toMatch(/^  -h, --help +show this help$/m);
      for (const option of Object.keys(command.options)) expect(help).toContain(`--${option}`);
    }
    expect(commandHelp(findCommand('index'))).toMatch(/--rebuild +rebuild everything/);
    // After `--`, "--help" is a question.
    expect([wantsHelp(['--k', '3', '-h']), wantsHelp(['--', '--help'])]).toEqual([true, false]);
  });
});
