import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config.js';
import { PROJECT_ROOT } from '../config.js';
import { ONNX_FILE } from '../embed/model-location.js';
import { UserFacingError } from '../errors.js';
import { parseCommandArgs, usageError, type CommandSpec, type OptionValues } from '../cli/args.js';

type Dtype = AppConfig['model']['dtype'];

/** The measurements, in the order they run; `--only a,b` picks some. */
export const SECTIONS = ['embedding', 'indexing', 'answering', 'cold-start', 'scale', 'xenova'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  /** The configuration every measurement uses: the product's, with the model the bench was given. */
  config: AppConfig;
  modelDir: string;
  /** The ONNX file transformers.js loads for the dtype, which the bare session loads too. */
  onnxFile: string;
  /** The model's vector size (config.json hidden_size), for the synthetic scale vectors. */
  dimensions: number;
  /** Skip the 100k scale run and the @xenova/transformers side-by-side. */
  quick: boolean;
  sections: Section[];
  /** Scratch folder for indexes and synthetic data (ignored by git). */
  workDir: string;
}

const STANDIN_HINT = 'Generate the stand-in first: npm run make-model -- standin --config ../shared/models/multilingual-e5-small';

/** The bench's command line (parsed by the CLI's shared parser, which gives it --help). */
export const BENCH_SPEC = {
  name: 'bench',
  invocation: 'npm run bench --',
  summary: 'times indexing, answering, cold start, memory and index scale on this machine (see BENCHMARKS.md)',
  options: {
    model: { type: 'string', value: '<folder>', description: 'the model folder (default: MODEL_DIR)' },
    dtype: { type: 'string', value: 'q8|fp32', description: 'which ONNX weights (default: MODEL_DTYPE)' },
    only: { type: 'string', value: '<a,b>', description: `some measurements: ${SECTIONS.join(',')}` },
    quick: { type: 'boolean', description: 'without the 100k scale run and the @xenova/transformers side by side' },
    scale: { type: 'boolean', description: 'only the real-text scale run: 10k and 100k passages beside the seed corpus, keyword-only and hybrid' },
    store: { type: 'string', value: 'postgres', description: "the PostgreSQL store's own benchmark at scale (DATABASE_URL), with the options below" },
    sizes: { type: 'string', value: '<n,n>', description: '--store postgres: index sizes in passages (default 100000)' },
    'first-run': { type: 'string', value: '<n>', description: '--store postgres: passages in the first index run (default 200000)' },
    'ef-search': { type: 'string', value: '<n>', description: '--store postgres: the HNSW ef_search the timed searches use (default: the store\'s)' },
    reuse: { type: 'boolean', description: '--store postgres: keep a bench schema already built at a size, and time its queries only' },
  },
  notes: [
    'Example: npm run bench -- --model .cache/models/e5-standin --quick',
    '         npm run bench -- --store postgres --sizes 100000,1000000',
    STANDIN_HINT.replace('Generate', 'The model: generate'),
  ],
} as const satisfies CommandSpec;

export type BenchValues = OptionValues<typeof BENCH_SPEC.options>;

/** The options only `--store postgres` takes. */
const POSTGRES_OPTIONS = ['sizes', 'first-run', 'ef-search', 'reuse'] as const;

/** The command line's own mistakes, named before any setting is read: which benchmark, and values of the right form. */
export function checkBenchLine(values: BenchValues): void {
  if (values.store !== undefined && values.store !== 'postgres') throw usageError(BENCH_SPEC, `--store takes postgres (the embedded store is measured without it), not "${values.store}"`);
  const stray = values.store === undefined && POSTGRES_OPTIONS.find((option) => values[option] !== undefined && values[option] !== false);
  if (stray) throw usageError(BENCH_SPEC, `--${stray} goes with --store postgres`);
  const strange = values.only?.split(',').find((s) => !(SECTIONS as readonly string[]).includes(s));
  if (strange) throw usageError(BENCH_SPEC, `unknown measurement '${strange}' in --only (${SECTIONS.join(', ')})`);
  if (values.dtype !== undefined && !(values.dtype in ONNX_FILE)) throw usageError(BENCH_SPEC, `--dtype takes ${Object.keys(ONNX_FILE).join(', ')}, not "${values.dtype}"`);
}

const USAGE = `See ${BENCH_SPEC.invocation} --help.`;

export function parseBenchArgs(config: AppConfig, args: string[]): BenchOptions {
  const { values } = parseCommandArgs(BENCH_SPEC, args);
  checkBenchLine(values);
  return benchOptions(config, values);
}

export function benchOptions(config: AppConfig, args: BenchValues): BenchOptions {
  const modelArg = args.model ?? config.model.localDir;
  if (!modelArg) throw new UserFacingError('No model folder given.', USAGE);
  const dtype = (args.dtype ?? config.model.dtype) as Dtype;
  if (!(dtype in ONNX_FILE)) throw new UserFacingError(`No ONNX weights are known for MODEL_DTYPE ${dtype}.`, USAGE);
  const modelDir = path.resolve(config.invocationDir, modelArg);
  const onnxFile = path.join(modelDir, ONNX_FILE[dtype]);
  for (const file of [path.join(modelDir, 'config.json'), path.join(modelDir, 'tokenizer.json'), onnxFile]) {
    if (!existsSync(file)) throw new UserFacingError(`The model folder ${modelDir} has no ${path.relative(modelDir, file)}.`, STANDIN_HINT);
  }
  const only = args.only?.split(',') ?? [...SECTIONS];
  const modelConfig = JSON.parse(readFileSync(path.join(modelDir, 'config.json'), 'utf8')) as { hidden_size?: number };
  return {
    config: { ...config, lexicalOnly: false, model: { ...config.model, localDir: modelDir, dtype } },
    modelDir,
    onnxFile,
    dimensions: modelConfig.hidden_size ?? 384,
    quick: args.quick,
    sections: only as Section[],
    workDir: path.join(PROJECT_ROOT, '.cache', 'bench'),
  };
}
