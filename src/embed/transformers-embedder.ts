import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import type { AppConfig } from '../config.js';
import { UserFacingError } from '../errors.js';
import { locateModel, type ModelLocation } from './model-location.js';
import { prefixFor, resolvePrefixScheme } from './prefixes.js';
import type { Embedder, PrefixScheme } from './types.js';

/** The model could not be had: the message says which and what to do. */
export class ModelUnavailableError extends UserFacingError {}

// Loaded on first use: importing transformers.js starts onnxruntime, which an unchanged
// re-index or a keyword-only index never needs.
const transformers = () => import('@huggingface/transformers');

async function configureLibrary(location: ModelLocation, threads: number | undefined) {
  const lib = await transformers();
  lib.env.cacheDir = location.cacheDir;
  lib.env.allowRemoteModels = location.allowRemote;
  lib.env.allowLocalModels = location.localModelPath !== undefined;
  if (location.localModelPath) lib.env.localModelPath = location.localModelPath;
  const onnx = lib.env.backends.onnx as { numThreads?: number };
  if (threads) onnx.numThreads = threads;
  return lib;
}

function unavailable(location: ModelLocation, error: unknown): ModelUnavailableError {
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const where = location.localModelPath ? `from ${location.localModelPath}/${location.name}` : `${location.name}`;
  const hint = location.allowRemote
    ? `Connect to the internet once so it can be downloaded into ${location.cacheDir}, or set MODEL_DIR to a local copy of the model.`
    : 'Check MODEL_DIR: it must hold config.json, tokenizer.json and onnx/model_quantized.onnx (or the file for MODEL_DTYPE).';
  return new ModelUnavailableError(`Could not load the embedding model ${where} (${detail}).`, hint, { cause: error });
}

/** Loads a feature-extraction model with transformers.js; mean-pooled, L2-normalised vectors. */
export async function loadTransformersEmbedder(model: AppConfig['model']): Promise<Embedder> {
  const location = locateModel(model);
  let extractor: FeatureExtractionPipeline;
  try {
    const lib = await configureLibrary(location, model.threads);
    extractor = await lib.pipeline('feature-extraction', location.name, { dtype: model.dtype, device: 'cpu' });
  } catch (error) {
    throw unavailable(location, error);
  }
  const prefixScheme: PrefixScheme = resolvePrefixScheme(model.prefixes, location.id);
  const passagePrefix = prefixFor(prefixScheme, 'passage');
  const queryPrefix = prefixFor(prefixScheme, 'query');

  const embed = async (texts: string[]): Promise<Float32Array[]> => {
    const output = await extractor(texts, { pooling: 'mean', normalize: true });
    const [rows, dims] = output.dims as [number, number];
    const data = output.data as Float32Array;
    return Array.from({ length: rows }, (_, i) => data.slice(i * dims, (i + 1) * dims));
  };
  const dimensions = (await embed(['dimension probe']))[0]!.length;

  return {
    signature: { id: location.id, dimensions, dtype: model.dtype, prefixScheme },
    countPassageTokens: (text) => extractor.tokenizer.encode(passagePrefix + text).length,
    async embedPassages(texts, onBatch) {
      const vectors: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += model.batchSize) {
        const batch = texts.slice(i, i + model.batchSize).map((t) => passagePrefix + t);
        vectors.push(...(await embed(batch)));
        onBatch?.(vectors.length);
      }
      return vectors;
    },
    embedQuery: async (text) => (await embed([queryPrefix + text]))[0]!,
    dispose: () => extractor.dispose(),
  };
}
