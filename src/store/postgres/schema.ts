/** Names and shapes shared by the PostgreSQL writer and readers. */
import { manifestSchema, type Manifest } from '../manifest.js';

/**
 * Vectors live in one table per dimension count (`vector(n)` needs n, and HNSW a fixed n): a
 * model with another size writes a new table instead of altering one that readers are using.
 */
export const vectorTable = (dimensions: number) => `vectors_${Math.trunc(dimensions)}`;

/** The stored manifest, or null when there is none or it does not parse. */
export function parseManifest(value: unknown): Manifest | null {
  const parsed = manifestSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
