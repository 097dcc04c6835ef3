/**
 * make-model: writes random-weight BERT models that transformers.js loads from a local folder.
 *
 *   npm run make-model -- tiny [--out .cache/models/tiny-bert] [--seeds seeds]
 *   npm run make-model -- standin --config ../shared/models/multilingual-e5-small [--out .cache/models/e5-standin]
 */
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { describeError, UserFacingError } from '../errors.js';
import { DEFAULT_STANDIN_DIR, DEFAULT_TINY_DIR, generateStandIn, generateTinyModel, type GeneratedModel } from './onnx/index.js';

const USAGE = `usage:
  npm run make-model -- tiny [--out ${DEFAULT_TINY_DIR}] [--seeds seeds]
  npm run make-model -- standin --config <folder with config.json, tokenizer.json, tokenizer_config.json> [--out ${DEFAULT_STANDIN_DIR}]`;

function run(argv: string[]): GeneratedModel {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, config: { type: 'string' }, seeds: { type: 'string' } },
  });
  const [mode, ...extra] = positionals;
  if (extra.length > 0) throw new UserFacingError(`Unexpected arguments: ${extra.join(' ')}.`, USAGE);
  if (mode === 'tiny') return generateTinyModel(values.out ?? DEFAULT_TINY_DIR, { seedsDir: values.seeds });
  if (mode === 'standin') {
    if (!values.config) throw new UserFacingError('standin needs --config <model folder>.', USAGE);
    return generateStandIn(values.config, values.out ?? DEFAULT_STANDIN_DIR);
  }
  throw new UserFacingError(mode ? `Unknown mode "${mode}".` : 'Which model? tiny or standin.', USAGE);
}

function formatBytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}

function report(model: GeneratedModel, seconds: number): string {
  const { shape } = model;
  const lines = [
    `Wrote ${model.dir} in ${seconds.toFixed(1)} s: BERT, ${shape.numLayers} layers, hidden ${shape.hiddenSize}, ` +
      `${shape.numHeads} heads, intermediate ${shape.intermediateSize}, vocabulary ${shape.vocabSize}.`,
    ...Object.values(model.files).map((file) => `  ${relative(model.dir, file).padEnd(28)} ${formatBytes(statSync(file).size)}`),
    'The weights are RANDOM: use this model for tests, time and memory measurements only; its vectors mean nothing.',
  ];
  return lines.join('\n');
}

try {
  const started = performance.now();
  const model = run(process.argv.slice(2));
  console.log(report(model, (performance.now() - started) / 1000));
} catch (error) {
  console.error(describeError(error));
  process.exitCode = 1;
}
