/** Names and shapes shared by the PostgreSQL writer and readers. */
import { manifestSchema, type Manifest } from '../manifest.js';

/**
 * Vectors live in a table named by dimension count and the index run that made it
 * (`vectors_384_7`): `vector(n)` and HNSW need a fixed n, and a big run fills a new table
 * instead of changing the one readers are using. `index_state.vector_table` names the current one.
 */
export const vectorTableName = (dimensions: number, version: number) => `vectors_${Math.trunc(dimensions)}_${Math.trunc(version)}`;

const VECTOR_TABLE = /^vectors_(\d+)_\d+$/;

/** The stored table name if it has the shape this code gives names (it goes into SQL text). */
export const checkedVectorTable = (name: string | null | undefined): string | null => (name && VECTOR_TABLE.test(name) ? name : null);

export const vectorTableDimensions = (name: string) => Number(VECTOR_TABLE.exec(name)?.[1]);

/** The stored manifest, or null when there is none or it does not parse. */
export function parseManifest(value: unknown): Manifest | null {
  const parsed = manifestSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** A name quoted for SQL text. */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A float32 as text PostgreSQL reads back to the same float32 (9 significant digits always do). */
export const vectorLiteral = (vector: Float32Array) => `[${Array.from(vector, (x) => x.toPrecision(9)).join(',')}]`;
