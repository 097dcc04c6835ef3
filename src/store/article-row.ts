import type { ArticleMetadata } from '../corpus/types.js';
import type { ArticleRecord } from './seam.js';

/** An article as both SQL stores (SQLite, PostgreSQL) keep it: one table shape, one mapping. */
export interface ArticleRow {
  id: string;
  language: string;
  source_url: string | null;
  title: string;
  paragraph_count: number;
  passage_count: number;
  /** JSON text (SQLite) or a parsed jsonb value (PostgreSQL); absent in indexes written before it existed. */
  metadata?: string | Record<string, unknown> | null;
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/** The stored metadata, keeping only fields of the right shape (an index is read, never trusted blindly). */
export function metadataOf(stored: ArticleRow['metadata']): ArticleMetadata {
  let value: unknown = stored;
  if (typeof stored === 'string') {
    try {
      value = JSON.parse(stored);
    } catch {
      return {};
    }
  }
  if (!value || typeof value !== 'object') return {};
  const o = value as Record<string, unknown>;
  const metadata: ArticleMetadata = {};
  for (const key of ['outlet', 'published', 'fetched', 'byline'] as const) if (text(o[key])) metadata[key] = text(o[key])!;
  if (Array.isArray(o.pages) && o.pages.every((p) => Array.isArray(p) && p.length === 2 && p.every(Number.isInteger))) metadata.pages = o.pages as Array<[number, number]>;
  return metadata;
}

/** The metadata as the stores write it: JSON text of what is known. */
export const metadataText = (metadata: ArticleMetadata | undefined): string => JSON.stringify(metadata ?? {});

export const articleRecord = (row: ArticleRow): ArticleRecord => ({
  id: row.id,
  language: row.language,
  sourceUrl: row.source_url,
  title: row.title,
  paragraphCount: row.paragraph_count,
  passageCount: row.passage_count,
  metadata: metadataOf(row.metadata),
});
