import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

let workspace: Workspace;
afterEach(() => workspace?.cleanup());

/** Runs the real command line in a child process, as a user would. */
function cli(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli/main.ts'), ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the command line', () => {
  it('builds the index on first use, answers with numbered attributed quotes, and exits 0', () => {
    workspace = makeWorkspace({ model: 'missing' });
    const { code, stdout, stderr } = cli(['ask', 'Hvor mange land signerte konvensjonen?'], workspace.env);
    expect(code).toBe(0);
    expect(stderr).toMatch(/Warning: Keyword-only index: Could not load the embedding model/);
    expect(stderr).toMatch(/Indexed 5 articles, \d+ passages: 5 added/);
    expect(stderr).toMatch(/^Answers: keyword search only\. The embedding model could not be loaded \(see the warning above\)\. Once the model loads, `npm run index -- --rebuild` makes the index hybrid/m);
    expect(stdout).toMatch(/^72 — stated by 4 of 5 articles$/m);
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

  it('reports an unchanged index without rebuilding it', () => {
    workspace = makeWorkspace();
    expect(cli(['index'], workspace.env).code).toBe(0);
    const again = cli(['index'], workspace.env);
    expect(again.stdout).toMatch(/nothing changed \(5 unchanged\)/);
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

    expect(cli(['ask'], workspace.env).stderr).toMatch(/^Error: No question given\. Usage: npm run ask -- "/);
  });
});
