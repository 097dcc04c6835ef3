import type { TokenCounter } from '../corpus/types.js';

/** How questions and passages are marked for the model (e5 models are trained with prefixes). */
export type PrefixScheme = 'e5' | 'none';

/** What an index records about the model that made its vectors; a different one means re-index. */
export interface ModelSignature {
  id: string;
  dimensions: number;
  dtype: string;
  prefixScheme: PrefixScheme;
}

export interface Embedder {
  signature: ModelSignature;
  /** Counts tokens as the model sees a passage (prefix and special tokens included). */
  countPassageTokens: TokenCounter;
  /** Unit-length vectors, one per text, in order. */
  embedPassages(texts: string[], onBatch?: (done: number) => void): Promise<Float32Array[]>;
  embedQuery(text: string): Promise<Float32Array>;
  dispose(): Promise<void>;
}
