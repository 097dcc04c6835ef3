import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT_MS, buildIfStale, runCli as cli } from '../support/cli-process.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { COUNCIL_DIR, councilFiles } from '../answer/fixtures.js';

/**
 * The command line as users run it (compiled), over German, Spanish and Ukrainian reports, with the
 * generated model that knows translations: an English question gets the value with its support, and
 * `eval` prints the per-language scores in hybrid and in keyword-only mode.
 */
let workspace: Workspace;
beforeAll(() => {
  buildIfStale();
  workspace = makeWorkspace({ seeds: councilFiles((name) => !name.endsWith('_en.txt')), model: 'concepts', lexicon: path.join(COUNCIL_DIR, 'lexicon.txt') });
}, BUILD_TIMEOUT_MS);
afterAll(() => workspace?.cleanup());

describe('cross-language questions through the command line', () => {
  it('answers an English question from articles in three other languages, with the answer line and quotes from each', () => {
    const run = cli(['ask', 'How many votes were in favour?'], workspace.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^31 — stated by 3 of 4 articles$/m);
    for (const language of ['German', 'Spanish', 'Ukrainian']) expect(run.stdout).toMatch(new RegExp(`council_\\w\\w\\.txt, ${language}, paragraph`));
  });

  it('says in keyword-only mode that keyword search cannot cross languages, instead of quoting', () => {
    const run = cli(['ask', 'How many votes were in favour?'], { ...workspace.env, LEXICAL_ONLY: 'true', INDEX_DIR: path.join(workspace.dir, 'keyword-index') });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Your question is in English; without the embedding model only keyword search runs/);
    expect(run.stdout).not.toMatch(/^\[1\]/m);
  });

  it('evaluates the same questions by language in hybrid mode', () => {
    const run = cli(['eval', '--file', path.join(COUNCIL_DIR, 'questions.jsonl'), '--json'], workspace.env);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { mode: string; by_language: Record<string, { answer_accuracy: number }> };
    expect(summary.mode).toBe('hybrid');
    // Italian is a language no article is written in: both its questions are answered through the model.
    expect(summary.by_language.it!.answer_accuracy).toBe(1);
  });
});
