import type { ArticleRecord } from './seam.js';

/** An article as both SQL stores (SQLite, PostgreSQL) keep it: one table shape, one mapping. */
export interface ArticleRow {
  id: string;
  language: string;
  source_url: string | null;
  title: string;
  paragraph_count: number;
  passage_count: number;
}

export const articleRecord = (row: ArticleRow): ArticleRecord => ({
  id: row.id,
  language: row.language,
  sourceUrl: row.source_url,
  title: row.title,
  paragraphCount: row.paragraph_count,
  passageCount: row.passage_count,
});
