/**
 * What the embedder runs: a tokenizer and an onnxruntime session of the model. When the model's
 * files are on disk (MODEL_DIR, or an earlier download), they are loaded directly with
 * @huggingface/tokenizers and onnxruntime-node, the two libraries transformers.js itself runs on
 * (and installs). Importing transformers.js's 1.3 MB bundle costs about 0.5 s and 150 MB under
 * tsx, which runs the product; so it is imported only to download a model that is not there yet.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { InferenceSession } from 'onnxruntime-node';
import type { AppConfig } from '../config.js';
import { modelFiles, modelFolder, type ModelFiles, type ModelLocation } from './model-location.js';

export interface TokenIds {
  /** Token ids of a text, special tokens included, cut at the model's limit as the pipeline cuts them. */
  encode(text: string): number[];
  padId: number;
}

export interface TextEncoder {
  tokenizer: TokenIds;
  session: InferenceSession;
  dispose(): Promise<void>;
}

type TokenizerConfig = { model_max_length?: number; pad_token?: string | { content: string }; eos_token?: string | { content: string } };

const tokenContent = (token: TokenizerConfig['pad_token']) => (typeof token === 'object' ? token.content : token);

/** The tokenizer of tokenizer.json, as transformers.js's PreTrainedTokenizer encodes: pad with pad_token (else eos_token), cut at model_max_length. */
export async function loadTokenizer(files: Pick<ModelFiles, 'tokenizer' | 'tokenizerConfig'>): Promise<TokenIds> {
  const { Tokenizer } = await import('@huggingface/tokenizers');
  const [json, config] = await Promise.all([readFile(files.tokenizer, 'utf8'), readFile(files.tokenizerConfig, 'utf8')]);
  const tokenizerConfig = JSON.parse(config) as TokenizerConfig;
  const tokenizer = new Tokenizer(JSON.parse(json) as object, tokenizerConfig);
  const padToken = tokenContent(tokenizerConfig.pad_token ?? tokenizerConfig.eos_token);
  const maxTokens = tokenizerConfig.model_max_length ?? Infinity;
  return { encode: (text) => tokenizer.encode(text).ids.slice(0, maxTokens), padId: (padToken && tokenizer.token_to_id(padToken)) ?? 0 };
}

async function loadDirect(files: ModelFiles, sessionOptions: InferenceSession.SessionOptions): Promise<TextEncoder> {
  const ort = await import('onnxruntime-node');
  // The session first: its load peaks at about twice the model file, better before the tokenizer's heap exists.
  const session = await ort.InferenceSession.create(files.onnx, sessionOptions);
  return { tokenizer: await loadTokenizer(files), session, dispose: () => session.release() };
}

/** Through transformers.js, which downloads (and caches) a model named by its Hub id. */
async function loadWithTransformers(location: ModelLocation, model: AppConfig['model'], sessionOptions: InferenceSession.SessionOptions): Promise<TextEncoder> {
  const lib = await import('@huggingface/transformers');
  lib.env.cacheDir = location.cacheDir;
  lib.env.allowRemoteModels = location.allowRemote;
  lib.env.allowLocalModels = location.localModelPath !== undefined;
  if (location.localModelPath) lib.env.localModelPath = location.localModelPath;
  const encoder = await lib.AutoModel.from_pretrained(location.name, { dtype: model.dtype, device: 'cpu', session_options: sessionOptions });
  const tokenizer = await lib.AutoTokenizer.from_pretrained(location.name);
  const maxTokens = Math.min(tokenizer.model_max_length ?? Infinity, Number.MAX_SAFE_INTEGER);
  return {
    tokenizer: { encode: (text) => tokenizer.encode(text).slice(0, maxTokens), padId: tokenizer.pad_token_id ?? 0 },
    session: (encoder as unknown as { sessions: Record<string, InferenceSession> }).sessions.model!,
    dispose: async () => {
      await encoder.dispose();
    },
  };
}

export async function loadTextEncoder(location: ModelLocation, model: AppConfig['model']): Promise<TextEncoder> {
  // onnxruntime-node ignores env.backends.onnx.numThreads (a WebAssembly setting): threads go in the session options.
  const sessionOptions: InferenceSession.SessionOptions = model.threads ? { intraOpNumThreads: model.threads } : {};
  const files = modelFiles(modelFolder(location), model.dtype);
  const onDisk = Object.values(files).every((file) => existsSync(file));
  return onDisk ? loadDirect(files, sessionOptions) : loadWithTransformers(location, model, sessionOptions);
}
