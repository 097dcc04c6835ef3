import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { BUILD_TIMEOUT_MS, buildIfStale, runCli } from '../support/cli-process.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

const DEV_SET = path.resolve(PROJECT_ROOT, '../shared/eval/dev.jsonl');
const CORPUS_LANGUAGES = new Set(['no', 'nb', 'sv', 'de', 'fr', 'uk']);

let workspace: Workspace;
beforeAll(buildIfStale, BUILD_TIMEOUT_MS);
afterEach(() => workspace?.cleanup());

function evaluate(file: string, env: Record<string, string>, extra: string[] = []) {
  const result = runCli(['eval', '--file', file, ...extra], env);
  const lines = result.stdout.trim().split('\n');
  return { code: result.code, lines, summary: JSON.parse(lines.at(-1)!), stderr: result.stderr };
}

beforeAll(buildIfStale, BUILD_TIMEOUT_MS);

describe('npm run eval', () => {
  it('scores any question file in the format: a line per question, then one JSON line', () => {
    workspace = makeWorkspace();
    const file = path.join(workspace.dir, 'own.jsonl');
    fs.writeFileSync(
      file,
      [
        { id: 'o1', lang: 'de', question: 'Wie viele Delegierte nahmen teil?', expect: { answer_any: ['2500'], sources_any: ['003_e08478164ab21d36.txt'] } },
        { id: 'o2', lang: 'sv', question: 'Hur många länder höll tal efter premiärministern?', expect: { answer_any: ['18'], sources_any: ['001_2bbfcbddf29d72c1.txt'] } },
        { id: 'o3', lang: 'fr', question: 'Quelle est la recette de la ratatouille ?', expect: { abstain: true } },
      ]
        .map((q) => JSON.stringify(q))
        .join('\n'),
    );
    const { code, lines, summary } = evaluate(file, workspace.env, ['--k', '3']);
    expect(code).toBe(0);
    expect(lines.slice(0, 3).map((l) => l.split(' ').slice(0, 4).join(' '))).toEqual(['o1 de right line-right', 'o2 sv right line-right', 'o3 fr right -']);
    expect(summary).toMatchObject({ n: 3, found_at_k: 1, mrr: 1, answer_accuracy: 1, abstain_accuracy: 1, k: 3, mode: 'lexical', model: null });
    expect(summary).toMatchObject({ answerable: 2, abstain_questions: 1, abstention_rate: 0.333, retrieval: { found_at_k: 1, mrr: 1 } });
    expect(Object.keys(summary.by_language)).toEqual(['de', 'fr', 'sv']);
    expect(summary.by_language.fr).toMatchObject({ n: 1, answerable: 0, abstain_accuracy: 1 });
    // The baseline never abstains by itself; at the product's abstention rate it withholds one answer of three.
    expect(summary.baseline_bm25).toMatchObject({ shown: 3, abstain_accuracy: 0, at_equal_abstention: { abstention_rate: 0.333 } });
    expect(summary.risk_coverage.points[0]).toMatchObject({ threshold: 0, coverage: 0.667, accuracy: 1 });
    // The answer line on its own: "mehr als 2.500" and "18" are stated and right; both answers are numbers.
    expect(summary).toMatchObject({ line_given: 1, line_precision: 1, line_accuracy: 1, disagreement_lines: 0, numeric: { n: 2, line_accuracy: 1 } });
    expect(summary.by_language.de).toMatchObject({ line_given: 1, line_precision: 1 });
    expect(summary.by_language.fr).toMatchObject({ line_given: null });
    expect(summary.line_risk_coverage.points[0]).toMatchObject({ threshold: 0, coverage: 1, precision: 1 });
    expect(summary.disagree).toBeUndefined();
    expect(lines.join('\n')).toMatch(/bm25 top 3, never abstains/);
    expect(lines.join('\n')).toMatch(/The answer line \(2 answerable questions; disagreement lines 0\.000\)/);
  });

  it('takes set folders (corpus/ and questions.jsonl), indexes each aside, and with --json prints only the summary', () => {
    workspace = makeWorkspace();
    const makeSet = (name: string, question: object) => {
      const set = path.join(workspace.dir, name);
      fs.mkdirSync(path.join(set, 'corpus'), { recursive: true });
      fs.writeFileSync(path.join(set, 'corpus', 'rat.txt'), 'Der Stadtrat beschließt den Haushalt\n\nDer Stadtrat hat am Dienstag einen Haushalt von 412 Millionen Euro beschlossen. Bürgermeisterin Ingrid Holm sprach von einem guten Tag.\n');
      fs.writeFileSync(path.join(set, 'corpus', 'zoo.txt'), 'Der Zoo bekommt einen Elefanten\n\nDer Zoo der Stadt erhält im Frühjahr einen jungen Elefanten aus Thailand.\n');
      fs.writeFileSync(path.join(set, 'questions.jsonl'), JSON.stringify(question) + '\n');
      return set;
    };
    const budget = makeSet('budget', { id: 's1', lang: 'de', question: 'Wie hoch ist der Haushalt des Stadtrats?', expect: { answer_any: ['412 Millionen'], sources_any: ['rat.txt'] } });
    const recipe = makeSet('recipe', { id: 's2', lang: 'de', question: 'Wie kocht man Ratatouille?', expect: { abstain: true } });
    // A story in the disagree-dev format: both articles would have to state the figure for support to be right.
    const story = makeSet('story', { id: 's3', lang: 'de', question: 'Wie hoch ist der Haushalt des Stadtrats?', expect: { answer_any: ['412 Millionen'], sources_any: ['rat.txt', 'zoo.txt'], values: ['412 Millionen'], disagree: false } });
    const { SEEDS_DIR: _seeds, INDEX_DIR: _index, ...env } = workspace.env;
    const run = (args: string[]) =>
      runCli(['eval', ...args, '--json'], { ...env, INDEX_DIR: path.join(workspace.dir, 'never-used') });
    const one = run(['--set', budget]);
    expect(one.code).toBe(0);
    expect(one.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(one.stdout)).toMatchObject({ n: 1, answer_accuracy: 1, baseline_bm25: { answer_accuracy: 1 } });
    // Several sets (a shell glob after --set): one JSON line with each set's summary.
    const both = run(['--set', budget, recipe]);
    expect(both.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(both.stdout)).toMatchObject({ sets: { budget: { answer_accuracy: 1 }, recipe: { abstain_accuracy: 1 } } });
    const told = JSON.parse(run(['--set', story]).stdout);
    expect(told.disagree).toEqual({ stories: 1, disagreeing: 0, disagreements_shown: null, agreements_right: 1, spurious: 0, answered: 1, support_right: 0 });
    expect(fs.existsSync(path.join(workspace.dir, 'never-used'))).toBe(false);
  });

  it('exits 1 with one line when the file cannot be read', () => {
    workspace = makeWorkspace();
    const result = runCli(['eval', '--file', 'nope.jsonl'], workspace.env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: Cannot read the question file .*nope\.jsonl\. Check the path/);
  });

  it.skipIf(!fs.existsSync(DEV_SET))('answers every corpus-language dev question and abstains on every abstain question (needs ../shared/eval)', () => {
    workspace = makeWorkspace();
    const { code, lines } = evaluate(DEV_SET, workspace.env);
    expect(code).toBe(0);
    const questions = fs.readFileSync(DEV_SET, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    for (const [i, q] of questions.entries()) {
      const verdict = lines[i]!.split(' ')[2];
      if (q.expect.abstain || CORPUS_LANGUAGES.has(q.lang)) expect(`${q.id} ${verdict}`).toBe(`${q.id} right`);
    }
  });
});
