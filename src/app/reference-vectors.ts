/**
 * The answer engine's yardstick of unrelated text (`REFERENCE_TEXTS`), embedded by the index's
 * model at index time and kept in the manifest, so a freshly started process answers its first
 * question without running the model on thirty sentences. Keyed by a hash of the texts: when
 * they change, the engine embeds them itself until the next index run stores the new ones.
 */
import { createHash } from 'node:crypto';
import { REFERENCE_TEXTS } from '../answer/reference-texts.js';
import type { Embedder } from '../embed/types.js';
import type { Manifest } from '../store/manifest.js';
import { packSentenceVectors, unpackSentenceVectors } from '../store/sentence-vectors.js';

type StoredReference = NonNullable<Manifest['referenceVectors']>;

const textsHash = () => createHash('sha256').update(JSON.stringify(REFERENCE_TEXTS)).digest('hex').slice(0, 16);

/** The reference vectors to store with an index run: the previous run's when they still hold (same model, same texts). */
export async function embedReferenceVectors(embedder: Embedder, previous: Manifest | null): Promise<StoredReference> {
  const hash = textsHash();
  if (previous?.referenceVectors?.textsHash === hash) return previous.referenceVectors;
  const vectors = await embedder.embedPassages([...REFERENCE_TEXTS]);
  return { textsHash: hash, packed: packSentenceVectors(vectors, embedder.signature.dimensions).toString('base64') };
}

/** The stored reference vectors, or null when the index has none for today's texts. */
export function storedReferenceVectors(manifest: Manifest): Float32Array[] | null {
  const stored = manifest.referenceVectors;
  if (!stored || !manifest.model || stored.textsHash !== textsHash()) return null;
  const vectors = unpackSentenceVectors(Buffer.from(stored.packed, 'base64'), manifest.model.dimensions);
  return vectors.length === REFERENCE_TEXTS.length ? vectors : null;
}
