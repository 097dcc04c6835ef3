import type { PreTrainedModel, PreTrainedTokenizer } from '@huggingface/transformers';
import type { AppConfig } from '../config.js';
import { UserFacingError } from '../errors.js';
import { lengthSortedBatches } from './batching.js';
import { loadTokenizer } from './compact-tokenizer.js';
import { locateModel, type ModelLocation } from './model-location.js';
import { meanPoolNormalized } from './pooling.js';
import { prefixFor, resolvePrefixScheme } from './prefixes.js';
import type { Embedder, PrefixScheme } from './types.js';

/** The model could not be had: the message says which and what to do. */
export class ModelUnavailableError extends UserFacingError {}

// Loaded on first use: importing transformers.js starts onnxruntime, which an unchanged
// re-index or a keyword-only index never needs.
const transformers = () => import('@huggingface/transformers');
type Library = Awaited<ReturnType<typeof transformers>>;

/** Token ids of texts the indexer counted, kept for embedding them: passages are tokenised once. */
const TOKEN_CACHE_SIZE = 4096;

async function configureLibrary(location: ModelLocation): Promise<Library> {
  const lib = await transformers();
  lib.env.cacheDir = location.cacheDir;
  lib.env.allowRemoteModels = location.allowRemote;
  lib.env.allowLocalModels = location.localModelPath !== undefined;
  if (location.localModelPath) lib.env.localModelPath = location.localModelPath;
  return lib;
}

function unavailable(location: ModelLocation, error: unknown): ModelUnavailableError {
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const where = location.localModelPath ? `from ${location.localModelPath}/${location.name}` : `${location.name}`;
  const hint = location.allowRemote
    ? `Connect to the internet once so it can be downloaded into ${location.cacheDir}, or set MODEL_DIR to a local copy of the model (README: "The model, and running offline").`
    : 'Check MODEL_DIR: it must hold config.json, tokenizer.json and onnx/model_quantized.onnx (or the file for MODEL_DTYPE).';
  return new ModelUnavailableError(`Could not load the embedding model ${where} (${detail}).`, hint, { cause: error });
}

/**
 * Loads a text encoder with transformers.js: its tokenizer and its ONNX model, called directly
 * rather than through the feature-extraction pipeline, so passages counted by the indexer are
 * not tokenised again, batches group texts of similar length, and pooling is one pass.
 * Vectors are mean-pooled and L2-normalised, as the pipeline makes them.
 */
export async function loadTransformersEmbedder(model: AppConfig['model']): Promise<Embedder> {
  const location = locateModel(model);
  let lib: Library;
  let tokenizer: PreTrainedTokenizer;
  let encoder: PreTrainedModel;
  try {
    lib = await configureLibrary(location);
    // onnxruntime-node ignores env.backends.onnx.numThreads (a WebAssembly setting): threads go in the session options.
    const session_options = model.threads ? { intraOpNumThreads: model.threads } : {};
    // The model before the tokenizer: loading the session peaks at about twice the ONNX file, and
    // that peak lands lower before the tokenizer's ~150 MB heap (250k-piece vocabulary) exists.
    encoder = await lib.AutoModel.from_pretrained(location.name, { dtype: model.dtype, device: 'cpu', session_options });
    tokenizer = await loadTokenizer(lib, location.name);
  } catch (error) {
    throw unavailable(location, error);
  }
  const prefixScheme: PrefixScheme = resolvePrefixScheme(model.prefixes, location.id);
  const passagePrefix = prefixFor(prefixScheme, 'passage');
  const queryPrefix = prefixFor(prefixScheme, 'query');
  // As the pipeline's tokenizer call does (truncation: true): cut at the model's limit.
  const maxTokens = Math.min(tokenizer.model_max_length ?? Infinity, 1e6);
  const encode = (text: string) => tokenizer.encode(text).slice(0, maxTokens);

  const tokenCache = new Map<string, number[]>();
  const passageIds = (text: string): number[] => {
    const cached = tokenCache.get(text);
    if (cached) return cached;
    const ids = encode(passagePrefix + text);
    if (tokenCache.size >= TOKEN_CACHE_SIZE) tokenCache.delete(tokenCache.keys().next().value!);
    tokenCache.set(text, ids);
    return ids;
  };

  /** One model run over token rows padded to the longest; a unit vector per row. */
  const embedRows = async (rows: number[][]): Promise<Float32Array[]> => {
    const width = Math.max(...rows.map((r) => r.length));
    const ids = new BigInt64Array(rows.length * width).fill(BigInt(tokenizer.pad_token_id ?? 0));
    const mask = new BigInt64Array(rows.length * width);
    rows.forEach((row, r) => {
      row.forEach((id, t) => (ids[r * width + t] = BigInt(id)));
      mask.fill(1n, r * width, r * width + row.length);
    });
    const dims = [rows.length, width];
    const output = (await encoder({ input_ids: new lib.Tensor('int64', ids, dims), attention_mask: new lib.Tensor('int64', mask, dims) })) as {
      last_hidden_state: { data: Float32Array; dims: number[] };
    };
    const hidden = output.last_hidden_state;
    return rows.map((row, r) => meanPoolNormalized(hidden.data, r, row.length, width, hidden.dims[2]!));
  };

  const dimensions = (await embedRows([encode('dimension probe')]))[0]!.length;

  return {
    signature: { id: location.id, dimensions, dtype: model.dtype, prefixScheme },
    countPassageTokens: (text) => passageIds(text).length,
    async embedPassages(texts, onBatch) {
      const rows = texts.map(passageIds);
      const vectors = new Array<Float32Array>(texts.length);
      let done = 0;
      for (const batch of lengthSortedBatches(rows.map((r) => r.length), model.batchSize)) {
        const embedded = await embedRows(batch.map((i) => rows[i]!));
        batch.forEach((i, k) => (vectors[i] = embedded[k]!));
        done += batch.length;
        onBatch?.(done);
      }
      for (const text of texts) tokenCache.delete(text);
      return vectors;
    },
    embedQuery: async (text) => (await embedRows([encode(queryPrefix + text)]))[0]!,
    async dispose() {
      await encoder.dispose();
    },
  };
}
