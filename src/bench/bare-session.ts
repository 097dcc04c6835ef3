/**
 * The yardstick for the product's embedding: the model's tokenizer call and a bare onnxruntime-node
 * InferenceSession of the same ONNX file, nothing else (no pooling, no wrappers). onnxruntime-node
 * is the copy transformers.js itself runs on (a dependency of it, not of the product).
 */
import path from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';

type Feeds = Record<string, ort.Tensor>;

export interface BareModel {
  /** The tokenizer call transformers.js's feature-extraction pipeline makes (padded, truncated). */
  tokenize(texts: string[]): Feeds;
  run(feeds: Feeds): Promise<void>;
  /** Tokens a text makes, for reporting. */
  countTokens(text: string): number;
  dispose(): Promise<void>;
}

export async function loadBareModel(modelDir: string, onnxFile: string, threads: number | undefined): Promise<BareModel> {
  env.localModelPath = path.dirname(modelDir);
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  const tokenizer = await AutoTokenizer.from_pretrained(path.basename(modelDir));
  const session = await ort.InferenceSession.create(onnxFile, threads ? { intraOpNumThreads: threads } : {});
  const needsTypes = session.inputNames.includes('token_type_ids');
  return {
    tokenize(texts) {
      const encoded = tokenizer(texts, { padding: true, truncation: true }) as Record<string, { data: BigInt64Array; dims: number[] }>;
      const ids = encoded.input_ids!;
      const feeds: Feeds = {
        input_ids: new ort.Tensor('int64', ids.data, ids.dims),
        attention_mask: new ort.Tensor('int64', encoded.attention_mask!.data, ids.dims),
      };
      if (needsTypes) feeds.token_type_ids = new ort.Tensor('int64', encoded.token_type_ids?.data ?? new BigInt64Array(ids.data.length), ids.dims);
      return feeds;
    },
    async run(feeds) {
      await session.run(feeds);
    },
    countTokens: (text) => tokenizer.encode(text).length,
    dispose: () => session.release(),
  };
}
