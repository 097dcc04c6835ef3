/**
 * make-model: writes test models that transformers.js loads from a local folder.
 *
 *   npm run make-model -- tiny [--out .cache/models/tiny-bert] [--seeds seeds]
 *   npm run make-model -- standin --config ../shared/models/multilingual-e5-small [--out .cache/models/e5-standin]
 *   npm run make-model -- concepts --lexicon test/fixtures/concept-lexicon.txt [--out .cache/models/concept-model]
 *
 * `--help` lists the options; a wrong command line is one line and exit code 2, as in every command.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { UserFacingError } from '../errors.js';
import { defineCommand, exitWith, runCommand, usageError, type OptionValues } from '../cli/args.js';
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

type Written = { kind: 'bert'; model: GeneratedModel } | { kind: 'concepts'; model: ConceptModel };

/** The models, each with the options it takes. */
const MODES = { tiny: ['out', 'seeds'], standin: ['config', 'out'], concepts: ['lexicon', 'out'] } as const;
type Mode = keyof typeof MODES;

const makeModelCommand = defineCommand({
  name: 'make-model',
  invocation: 'npm run make-model --',
  summary: 'writes a test model that transformers.js loads from a local folder (random weights, or a concept look-up)',
  operands: `<${Object.keys(MODES).join('|')}>`,
  options: {
    out: { type: 'string', value: '<folder>', description: `where to write it (default ${DEFAULT_TINY_DIR}, ${DEFAULT_STANDIN_DIR} or ${DEFAULT_CONCEPT_DIR})` },
    seeds: { type: 'string', value: '<folder>', description: "tiny: the articles whose words make the model's vocabulary" },
    config: { type: 'string', value: '<folder>', description: 'standin: a model folder with config.json, tokenizer.json, tokenizer_config.json, whose shape and tokenizer it copies' },
    lexicon: { type: 'string', value: '<file>', description: 'concepts: one concept a line, its words in any languages: country | land | pays | країна' },
  },
  notes: [
    'Examples:',
    `  npm run make-model -- tiny [--out ${DEFAULT_TINY_DIR}] [--seeds seeds]`,
    `  npm run make-model -- standin --config ../shared/models/multilingual-e5-small [--out ${DEFAULT_STANDIN_DIR}]`,
    `  npm run make-model -- concepts --lexicon test/fixtures/concept-lexicon.txt [--out ${DEFAULT_CONCEPT_DIR}]`,
  ],
  run: async (values, operands) => {
    const started = performance.now();
    const written = make(checkLine(values, operands), values);
    console.log(report(written, (performance.now() - started) / 1000));
    return 0;
  },
});

/** The mode, once the command line is known to fit it. */
function checkLine(values: OptionValues<typeof makeModelCommand.options>, operands: string[]): Mode {
  const mistake = (problem: string) => usageError(makeModelCommand, problem);
  const [mode, ...extra] = operands;
  if (mode === undefined) throw mistake(`which model? ${Object.keys(MODES).join(', ')}`);
  if (!(mode in MODES)) throw mistake(`unknown model '${mode}' (${Object.keys(MODES).join(', ')})`);
  if (extra.length > 0) throw mistake(`Unexpected argument '${extra[0]}'`);
  const takes: readonly string[] = MODES[mode as Mode];
  const foreign = Object.keys(values).find((option) => values[option as keyof typeof values] !== undefined && !takes.includes(option));
  if (foreign) throw mistake(`${mode} does not take --${foreign}`);
  if (mode === 'standin' && !values.config) throw mistake('standin needs --config <model folder>');
  if (mode === 'concepts' && !values.lexicon) throw mistake('concepts needs --lexicon <file>');
  return mode as Mode;
}

function make(mode: Mode, values: OptionValues<typeof makeModelCommand.options>): Written {
  for (const [option, path] of [['config', values.config], ['lexicon', values.lexicon], ['seeds', values.seeds]] as const) {
    if (path !== undefined && !existsSync(path)) throw new UserFacingError(`--${option} ${path} does not exist.`, 'Check the path.');
  }
  if (mode === 'tiny') return { kind: 'bert', model: generateTinyModel(values.out ?? DEFAULT_TINY_DIR, { seedsDir: values.seeds }) };
  if (mode === 'standin') return { kind: 'bert', model: generateStandIn(values.config!, values.out ?? DEFAULT_STANDIN_DIR) };
  return { kind: 'concepts', model: generateConceptModel(values.lexicon!, values.out ?? DEFAULT_CONCEPT_DIR) };
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

exitWith(runCommand(makeModelCommand, process.argv.slice(2)));
