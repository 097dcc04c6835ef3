import type { AppConfig } from '../config.js';
import { UserFacingError } from '../errors.js';
import { lengthSortedBatches } from './batching.js';
import { locateModel, type ModelLocation } from './model-location.js';
import { meanPoolNormalized } from './pooling.js';
import { prefixFor, resolvePrefixScheme } from './prefixes.js';
import { loadTextEncoder, type TextEncoder } from './text-encoder.js';
import type { Embedder, PrefixScheme } from './types.js';

/** The model could not be had: the message says which and what to do. */
export class ModelUnavailableError extends UserFacingError {}

/** Token ids of texts the indexer counted, kept for embedding them: passages are tokenised once. */
const TOKEN_CACHE_SIZE = 4096;

function unavailable(location: ModelLocation, error: unknown): ModelUnavailableError {
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  const where = location.localModelPath ? `from ${location.localModelPath}/${location.name}` : `${location.name}`;
  const hint = location.allowRemote
    ? `Connect to the internet once so it can be downloaded into ${location.cacheDir}, or set MODEL_DIR to a local copy of the model.`
    : 'Check MODEL_DIR: it must hold config.json, tokenizer.json and onnx/model_quantized.onnx (or the file for MODEL_DTYPE).';
  return new ModelUnavailableError(`Could not load the embedding model ${where} (${detail}).`, hint, { cause: error });
}

/**
 * Loads a text encoder (tokenizer and ONNX model, see text-encoder.ts) and calls it directly
 * rather than through transformers.js's feature-extraction pipeline, so passages counted by the
 * indexer are not tokenised again, batches group texts of similar length, and pooling is one
 * pass. Vectors are mean-pooled and L2-normalised, as the pipeline makes them.
 */
export async function loadTransformersEmbedder(model: AppConfig['model']): Promise<Embedder> {
  const location = locateModel(model);
  let encoder: TextEncoder;
  try {
    encoder = await loadTextEncoder(location, model);
  } catch (error) {
    throw unavailable(location, error);
  }
  const { tokenizer, session } = encoder;
  const ort = await import('onnxruntime-node');
  const prefixScheme: PrefixScheme = resolvePrefixScheme(model.prefixes, location.id);
  const passagePrefix = prefixFor(prefixScheme, 'passage');
  const queryPrefix = prefixFor(prefixScheme, 'query');
  const output = session.outputNames.includes('last_hidden_state') ? 'last_hidden_state' : session.outputNames[0]!;
  const needsTypeIds = session.inputNames.includes('token_type_ids');

  const tokenCache = new Map<string, number[]>();
  const passageIds = (text: string): number[] => {
    const cached = tokenCache.get(text);
    if (cached) return cached;
    const ids = tokenizer.encode(passagePrefix + text);
    if (tokenCache.size >= TOKEN_CACHE_SIZE) tokenCache.delete(tokenCache.keys().next().value!);
    tokenCache.set(text, ids);
    return ids;
  };

  /** One model run over token rows padded to the longest; a unit vector per row. */
  const embedRows = async (rows: number[][]): Promise<Float32Array[]> => {
    const width = Math.max(...rows.map((r) => r.length));
    const ids = new BigInt64Array(rows.length * width).fill(BigInt(tokenizer.padId));
    const mask = new BigInt64Array(rows.length * width);
    rows.forEach((row, r) => {
      row.forEach((id, t) => (ids[r * width + t] = BigInt(id)));
      mask.fill(1n, r * width, r * width + row.length);
    });
    const dims = [rows.length, width];
    const feeds: Record<string, InstanceType<typeof ort.Tensor>> = { input_ids: new ort.Tensor('int64', ids, dims), attention_mask: new ort.Tensor('int64', mask, dims) };
    if (needsTypeIds) feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(ids.length), dims);
    const hidden = (await session.run(feeds))[output]!;
    return rows.map((row, r) => meanPoolNormalized(hidden.data as Float32Array, r, row.length, width, hidden.dims[2]!));
  };

  const dimensions = (await embedRows([tokenizer.encode('dimension probe')]))[0]!.length;

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
    embedQuery: async (text) => (await embedRows([tokenizer.encode(queryPrefix + text)]))[0]!,
    dispose: () => encoder.dispose(),
  };
}
