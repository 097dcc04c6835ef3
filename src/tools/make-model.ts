/**
 * make-model: writes test models that transformers.js loads from a local folder.
 *
 *   npm run make-model -- tiny [--out .cache/models/tiny-bert] [--seeds seeds]
 *   npm run make-model -- standin --config ../shared/models/multilingual-e5-small [--out .cache/models/e5-standin]
 *   npm run make-model -- concepts --lexicon test/fixtures/concept-lexicon.txt [--out .cache/models/concept-model]
 */
import { statSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { describeError, UserFacingError } from '../errors.js';
import {
  DEFAULT_CONCEPT_DIR,
  DEFAULT_STANDIN_DIR,
  DEFAULT_TINY_DIR,
  generateConceptModel,
  generateStandIn,
  generateTinyModel,
  type ConceptModel,
  type GeneratedModel,
} from './onnx/index.js';

const USAGE = `usage:
  npm run make-model -- tiny [--out ${DEFAULT_TINY_DIR}] [--seeds seeds]
  npm run make-model -- standin --config <folder with config.json, tokenizer.json, tokenizer_config.json> [--out ${DEFAULT_STANDIN_DIR}]
  npm run make-model -- concepts --lexicon <file, one concept a line: country | land | pays | країна> [--out ${DEFAULT_CONCEPT_DIR}]`;

type Written = { kind: 'bert'; model: GeneratedModel } | { kind: 'concepts'; model: ConceptModel };

function run(argv: string[]): Written {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, config: { type: 'string' }, seeds: { type: 'string' }, lexicon: { type: 'string' } },
  });
  const [mode, ...extra] = positionals;
  if (extra.length > 0) throw new UserFacingError(`Unexpected arguments: ${extra.join(' ')}.`, USAGE);
  if (mode === 'tiny') return { kind: 'bert', model: generateTinyModel(values.out ?? DEFAULT_TINY_DIR, { seedsDir: values.seeds }) };
  if (mode === 'standin') {
    if (!values.config) throw new UserFacingError('standin needs --config <model folder>.', USAGE);
    return { kind: 'bert', model: generateStandIn(values.config, values.out ?? DEFAULT_STANDIN_DIR) };
  }
  if (mode === 'concepts') {
    if (!values.lexicon) throw new UserFacingError('concepts needs --lexicon <file>.', USAGE);
    return { kind: 'concepts', model: generateConceptModel(values.lexicon, values.out ?? DEFAULT_CONCEPT_DIR) };
  }
  throw new UserFacingError(mode ? `Unknown mode "${mode}".` : 'Which model? tiny, standin or concepts.', USAGE);
}

function formatBytes(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}

function report(written: Written, seconds: number): string {
  const { model } = written;
  const what =
    written.kind === 'bert'
      ? `BERT, ${written.model.shape.numLayers} layers, hidden ${written.model.shape.hiddenSize}, ` +
        `${written.model.shape.numHeads} heads, intermediate ${written.model.shape.intermediateSize}, vocabulary ${written.model.shape.vocabSize}.`
      : `a concept look-up, ${written.model.concepts} concepts, ${written.model.words} words, ` +
        `${written.model.dimensions} dimensions, vocabulary ${written.model.vocabSize}.`;
  const warning =
    written.kind === 'bert'
      ? 'The weights are RANDOM: use this model for tests, time and memory measurements only; its vectors mean nothing.'
      : `Words of one concept get nearly the same vector, in any language; other words a short random one. For tests only: ` +
        `load it with MODEL_DIR=${model.dir} MODEL_ID=${basename(model.dir)}.`;
  const lines = [
    `Wrote ${model.dir} in ${seconds.toFixed(1)} s: ${what}`,
    ...Object.values(model.files).map((file) => `  ${relative(model.dir, file).padEnd(28)} ${formatBytes(statSync(file).size)}`),
    warning,
  ];
  return lines.join('\n');
}

try {
  const started = performance.now();
  const written = run(process.argv.slice(2));
  console.log(report(written, (performance.now() - started) / 1000));
} catch (error) {
  console.error(describeError(error));
  process.exitCode = 1;
}
