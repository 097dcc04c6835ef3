/**
 * Measurement 6: the same batch and query through @xenova/transformers 2.x (the library's previous
 * generation) and through the product's embedder, each in its own process (two onnxruntime
 * versions cannot share one). @xenova/transformers is installed for the benchmark alone, into a
 * scratch folder, never into the product's dependencies; its sharp 0.32 would download libvips
 * from GitHub at install time (unreachable here), so an npm override swaps in sharp 0.33, whose
 * binaries come from the npm registry. Text only: sharp is never called.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppConfig } from '../config.js';
import { loadTransformersEmbedder } from '../embed/transformers-embedder.js';
import { prefixFor, resolvePrefixScheme } from '../embed/prefixes.js';
import { runChildTask, runProcess } from './child.js';
import { packageVersion } from './machine.js';
import { peakRssMb } from './memory.js';
import { median, round, timed } from './stats.js';

export const XENOVA_SPEC = '@xenova/transformers@2';
const SCRATCH_PACKAGE = { name: 'xenova-bench', private: true, overrides: { sharp: '^0.33.5' } };
const REPEATS = { batch: 5, query: 20 };

interface Timings {
  library: string;
  loadMs: number;
  batchMs: number;
  queryMs: number;
  peakRssMb: number;
}

export interface SideBySide {
  installCommand: string;
  batch: { texts: number; meanChars: number };
  product: Timings;
  xenova: Timings;
}

export interface SideBySideParams {
  library: 'product' | 'xenova';
  config: AppConfig;
  /** The resolved @xenova/transformers entry, for library 'xenova'. */
  entry?: string;
  batch: string[];
  query: string;
}

interface Loaded {
  version: string;
  embedBatch(texts: string[]): Promise<unknown>;
  embedQuery(text: string): Promise<unknown>;
  dispose(): Promise<void>;
}

/** The library under test, embedding as the product does: prefixes, mean pooling, normalisation. */
async function load(params: SideBySideParams): Promise<Loaded> {
  const { model } = params.config;
  if (params.library === 'product') {
    const embedder = await loadTransformersEmbedder(model);
    return {
      version: `@huggingface/transformers ${packageVersion('@huggingface/transformers')} (product embedder)`,
      embedBatch: (texts) => embedder.embedPassages(texts),
      embedQuery: (text) => embedder.embedQuery(text),
      dispose: () => embedder.dispose(),
    };
  }
  const lib = (await import(pathToFileURL(params.entry!).href)) as typeof import('@huggingface/transformers');
  lib.env.localModelPath = path.dirname(model.localDir!);
  lib.env.allowRemoteModels = false;
  // 2.x chooses the file with `quantized` (model_quantized.onnx) instead of 4.x's `dtype`.
  const extractor = await lib.pipeline('feature-extraction', path.basename(model.localDir!), { quantized: model.dtype === 'q8' } as object);
  const scheme = resolvePrefixScheme(model.prefixes, model.id);
  const run = (texts: string[]) => extractor(texts, { pooling: 'mean', normalize: true });
  return {
    version: `@xenova/transformers ${lib.env.version}`,
    embedBatch: (texts) => run(texts.map((t) => prefixFor(scheme, 'passage') + t)),
    embedQuery: (text) => run([prefixFor(scheme, 'query') + text]),
    dispose: async () => undefined,
  };
}

export async function sideBySideTask(params: SideBySideParams): Promise<Timings> {
  const loaded = await timed(() => load(params));
  const lib = loaded.result;
  const repeat = async (fn: () => Promise<unknown>, times: number) => {
    await fn();
    const ms: number[] = [];
    for (let i = 0; i < times; i++) ms.push((await timed(fn)).ms);
    return round(median(ms));
  };
  const result = {
    library: lib.version,
    loadMs: round(loaded.ms),
    batchMs: await repeat(() => lib.embedBatch(params.batch), REPEATS.batch),
    queryMs: await repeat(() => lib.embedQuery(params.query), REPEATS.query),
    peakRssMb: round(peakRssMb(), 1),
  };
  await lib.dispose();
  return result;
}

/** Installs @xenova/transformers into `<workDir>/xenova` once; returns its entry file or why it could not. */
export async function ensureXenova(workDir: string): Promise<{ entry: string; command: string } | { skipped: string }> {
  const folder = path.join(workDir, 'xenova');
  const command = `npm install --no-save --no-audit --no-fund ${XENOVA_SPEC} (in ${path.relative(process.cwd(), folder)}, package.json overriding sharp to ^0.33.5)`;
  const resolveEntry = () => createRequire(path.join(folder, 'package.json')).resolve('@xenova/transformers');
  if (!existsSync(path.join(folder, 'node_modules', '@xenova', 'transformers'))) {
    await fs.mkdir(folder, { recursive: true });
    await fs.writeFile(path.join(folder, 'package.json'), `${JSON.stringify(SCRATCH_PACKAGE, null, 2)}\n`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const run = await runProcess(npm, ['install', '--prefix', folder, '--no-save', '--no-audit', '--no-fund', XENOVA_SPEC], { timeoutMs: 5 * 60_000 });
    if (run.code !== 0) {
      const reason = run.stderr.split('\n').find((l) => /npm (ERR|error)/.test(l)) ?? `exit ${run.code}`;
      return { skipped: `could not install ${XENOVA_SPEC}: ${reason.trim()}` };
    }
  }
  try {
    return { entry: resolveEntry(), command };
  } catch (error) {
    return { skipped: `${XENOVA_SPEC} installed but not loadable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
}

/** The same passages (one batch) and one question through both libraries. */
export async function measureSideBySide(config: AppConfig, workDir: string, batch: string[], query: string): Promise<SideBySide | { skipped: string }> {
  const xenova = await ensureXenova(workDir);
  if ('skipped' in xenova) return xenova;
  return {
    installCommand: xenova.command,
    batch: { texts: batch.length, meanChars: Math.round(batch.join('').length / Math.max(1, batch.length)) },
    product: await runChildTask<Timings>('side-by-side', { config, batch, query, library: 'product' }),
    xenova: await runChildTask<Timings>('side-by-side', { config, batch, query, library: 'xenova', entry: xenova.entry }),
  };
}
