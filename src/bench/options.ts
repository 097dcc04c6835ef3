import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config.js';
import { PROJECT_ROOT } from '../config.js';
import { UserFacingError } from '../errors.js';

type Dtype = AppConfig['model']['dtype'];

/** transformers.js's file name per dtype (its DEFAULT_DTYPE_SUFFIX_MAPPING, which it does not export). */
const ONNX_FILE: Record<Dtype, string> = {
  fp32: 'model.onnx',
  fp16: 'model_fp16.onnx',
  q8: 'model_quantized.onnx',
  int8: 'model_int8.onnx',
  uint8: 'model_uint8.onnx',
  q4: 'model_q4.onnx',
};

export interface BenchOptions {
  /** The configuration every measurement uses: the product's, with the model the bench was given. */
  config: AppConfig;
  modelDir: string;
  /** The ONNX file transformers.js loads for the dtype, which the bare session loads too. */
  onnxFile: string;
  /** Skip the 100k scale run and the @xenova/transformers side-by-side. */
  quick: boolean;
  /** Scratch folder for indexes and synthetic data (ignored by git). */
  workDir: string;
}

const USAGE = 'Usage: npm run bench -- --model .cache/models/e5-standin [--dtype q8|fp32] [--quick]';
const STANDIN_HINT = 'Generate the stand-in first: npm run make-model -- standin --config ../shared/models/multilingual-e5-small';

function valueOf(args: string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (!value || value.startsWith('--')) throw new UserFacingError(`${flag} needs a value.`, USAGE);
  return value;
}

export function parseBenchArgs(config: AppConfig, args: string[]): BenchOptions {
  const known = new Set(['--model', '--dtype', '--quick']);
  const unknown = args.find((a, i) => a.startsWith('--') && !known.has(a) && args[i - 1] !== '--model' && args[i - 1] !== '--dtype');
  if (unknown) throw new UserFacingError(`Unknown option ${unknown}.`, USAGE);
  const modelArg = valueOf(args, '--model') ?? config.model.localDir;
  if (!modelArg) throw new UserFacingError('No model folder given.', USAGE);
  const dtype = (valueOf(args, '--dtype') ?? config.model.dtype) as Dtype;
  if (!(dtype in ONNX_FILE)) throw new UserFacingError(`Unknown dtype ${dtype}.`, USAGE);
  const modelDir = path.resolve(config.invocationDir, modelArg);
  const onnxFile = path.join(modelDir, 'onnx', ONNX_FILE[dtype]);
  for (const file of [path.join(modelDir, 'config.json'), path.join(modelDir, 'tokenizer.json'), onnxFile]) {
    if (!existsSync(file)) throw new UserFacingError(`The model folder ${modelDir} has no ${path.relative(modelDir, file)}.`, STANDIN_HINT);
  }
  return {
    config: { ...config, lexicalOnly: false, model: { ...config.model, localDir: modelDir, dtype } },
    modelDir,
    onnxFile,
    quick: args.includes('--quick'),
    workDir: path.join(PROJECT_ROOT, '.cache', 'bench'),
  };
}
