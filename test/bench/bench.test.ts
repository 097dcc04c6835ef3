/**
 * The benchmark's plumbing: argument checks, statistics, tables, the question set and the scale
 * tasks on a tiny size. No timing is asserted: benchmarks are not tests.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchQuestions, DEV_QUESTIONS_FILE } from '../../src/bench/corpus.js';
import { parseBenchArgs } from '../../src/bench/options.js';
import { scaleBuildTask, scaleQueryTask } from '../../src/bench/scale.js';
import { STORE_NAMES } from '../../src/bench/scale-stores.js';
import { percentile, percentiles } from '../../src/bench/stats.js';
import { renderTable } from '../../src/text-table.js';
import { loadConfig, PROJECT_ROOT } from '../../src/config.js';
import { describeError } from '../../src/errors.js';
import { TSX_CLI } from '../../src/bench/cold-start.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('bench arguments', () => {
  const config = loadConfig({});

  it('says in one line how to make the model when its folder is missing', () => {
    const error = (() => {
      try {
        parseBenchArgs(config, ['--model', path.join(dir, 'absent')]);
      } catch (e) {
        return e;
      }
    })();
    expect(describeError(error)).toMatch(/^The model folder .*absent has no config\.json\. Generate the stand-in first: npm run make-model -- standin/);
  });

  it('exits 1 with that line from the command line', () => {
    const run = spawnSync(process.execPath, [TSX_CLI, 'src/bench/main.ts', '--model', path.join(dir, 'absent')], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^Error: The model folder .* make-model/);
  });

  it('reads the model folder, the dtype file and the sections asked for', () => {
    const model = path.join(dir, 'model');
    fs.mkdirSync(path.join(model, 'onnx'), { recursive: true });
    for (const file of ['tokenizer.json', 'onnx/model.onnx']) fs.writeFileSync(path.join(model, file), '');
    fs.writeFileSync(path.join(model, 'config.json'), JSON.stringify({ hidden_size: 32 }));
    const options = parseBenchArgs(config, ['--model', model, '--dtype', 'fp32', '--only', 'scale,xenova', '--quick']);
    expect(options).toMatchObject({ modelDir: model, onnxFile: path.join(model, 'onnx/model.onnx'), dimensions: 32, quick: true, sections: ['scale', 'xenova'] });
    expect(options.config.model).toMatchObject({ localDir: model, dtype: 'fp32' });
    expect(() => parseBenchArgs(config, ['--model', model, '--dtype', 'fp32', '--only', 'everything'])).toThrow(/unknown measurement 'everything' in --only/);
    expect(() => parseBenchArgs(config, ['--model', model, '--dtype', 'fp32', '--fast'])).toThrow(/Unknown option '--fast'/);
  });
});

describe('bench statistics and tables', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentiles(values)).toEqual({ p50: 50, p95: 95, p99: 99 });
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('right-aligns numeric columns and shows missing figures as a dash', () => {
    const table = renderTable('T', ['name', 'ms'], [['a', 1.5], ['bb', 1234], ['c', null]]);
    expect(table.split('\n')).toEqual(['T', 'name     ms', '----  -----', 'a      1.50', 'bb    1,234', 'c         –', '']);
  });
});

describe.skipIf(!fs.existsSync(DEV_QUESTIONS_FILE))('bench questions', () => {
  it('makes at least 200 distinct questions out of the dev set', () => {
    const questions = benchQuestions(200)!;
    expect(questions.length).toBeGreaterThanOrEqual(200);
    expect(new Set(questions).size).toBe(questions.length);
  });
});

describe('scale tasks', () => {
  it.each(STORE_NAMES)('builds and queries %s on a small synthetic index', async (store) => {
    const params = { store, size: 60, dims: 16, folder: path.join(dir, `scale-${store}`) };
    const built = await scaleBuildTask(params);
    expect(built.error).toBeUndefined();
    expect(built.diskMB).toBeGreaterThan(0);
    const queried = await scaleQueryTask(params);
    // Every timed query found its 30 nearest of the 60 vectors: the times are of real searches.
    expect(queried.fewestHits).toBe(30);
    // A process that loaded an index holds at least the runtime and the index.
    expect(queried.peakRssMb).toBeGreaterThan(20);
  });
});
