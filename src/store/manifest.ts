import { z } from 'zod';
import { GENERATION_FILE_NAME } from './integrity.js';

export const MANIFEST_FORMAT = 1;

const modelSignature = z.object({
  id: z.string(),
  dimensions: z.number().int().positive(),
  dtype: z.string(),
  prefixScheme: z.enum(['e5', 'none']),
});

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  /** Folder (inside the index folder) holding this build's files. */
  generation: z.string().regex(/^gen-[\w-]+$/),
  builtAt: z.string(),
  mode: z.enum(['hybrid', 'lexical']),
  /** Why the index is keyword-only, when it is. */
  lexicalReason: z.string().nullable(),
  /** Hash of every setting that shapes passages or vectors: a different one means rebuild. */
  settingsFingerprint: z.string(),
  chunkerVersion: z.number().int(),
  maxPassageTokens: z.number().int().positive(),
  tokenCounter: z.enum(['model', 'estimate']),
  model: modelSignature.nullable(),
  /**
   * The content fingerprint of the model's files (`embed/model-fingerprint.ts`) in a hybrid
   * index: an incremental run with other files under the same MODEL_ID re-embeds everything.
   * Null in keyword-only indexes, absent in older ones.
   */
  modelFingerprint: z.string().nullable().optional(),
  /**
   * The model's vectors of the answer engine's reference texts (its yardstick of unrelated text),
   * made at index time so the first answer need not embed them: the texts' hash and the vectors
   * (int8, `sentence-vectors.ts`, base64). Absent in keyword-only and older indexes.
   */
  referenceVectors: z.object({ textsHash: z.string(), packed: z.string() }).nullable().optional(),
  passageCount: z.number().int().nonnegative(),
  /**
   * SHA-256 of every file of the generation, to tell a damaged index. Names are plain names
   * inside the generation folder (`vectors/index.json`): never `..`, an absolute path or a backslash.
   */
  files: z.record(z.string().regex(GENERATION_FILE_NAME), z.string().regex(/^[0-9a-f]{64}$/)),
  articles: z.record(
    z.string(),
    z.object({ hash: z.string(), passages: z.number().int().nonnegative() }),
  ),
});

export type Manifest = z.infer<typeof manifestSchema>;
