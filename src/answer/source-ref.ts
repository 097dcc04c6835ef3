/** How an answer names an article: the one mapping from a stored article to its `SourceRef`, and its label. */
import { hostOf, pageOf } from '../corpus/article-file.js';
import type { ArticleRecord } from '../store/seam.js';
import type { SourceRef } from './types.js';

export function sourceRefOf(article: ArticleRecord): SourceRef {
  const { outlet, published } = article.metadata ?? {};
  return {
    articleId: article.id,
    title: article.title,
    language: article.language,
    url: article.sourceUrl,
    ...(outlet ? { outlet } : {}),
    ...(published ? { published } : {}),
  };
}

/** `{ page }` for a paragraph of an article converted from a PDF, `{}` otherwise. */
export function pageField(article: ArticleRecord, paragraph: number): { page?: number } {
  const page = pageOf(article.metadata, paragraph);
  return page === undefined ? {} : { page };
}

/** The day part of an ISO 8601 date (`2025-10-25T09:30:00Z` → `2025-10-25`). */
export const dayOf = (published: string) => /^\d{4}-\d{2}-\d{2}/.exec(published)?.[0] ?? published;

/**
 * `vtv.vn, 2025-10-25`: the outlet (or the URL's host) and the publication date, for articles
 * whose file states either; null for articles that state neither (the plain layout).
 */
export function sourceLabel(source: SourceRef): string | null {
  if (!source.outlet && !source.published) return null;
  return [source.outlet ?? hostOf(source.url), source.published ? dayOf(source.published) : null].filter(Boolean).join(', ');
}
