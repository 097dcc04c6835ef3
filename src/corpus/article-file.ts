/**
 * The article file a converter's output is written as: a header between `---` lines (one
 * `key: value` a line: title, url, outlet, published, fetched, language, byline, pages,
 * converter, original), then the body, one paragraph a line. The body is what is indexed and
 * quoted; `parseArticle` reads both. Files without a header keep the plain layout (body lines,
 * a `Source: URL` last line).
 */
import type { ArticleMetadata } from './types.js';

export interface ArticleHeader {
  title?: string;
  url?: string;
  language?: string;
  /** The converter that wrote the body and its version, e.g. `html 1`. */
  converter?: string;
  /** The original file, relative to the article file (`originals/…`), kept so it can be converted again. */
  original?: string;
  metadata: ArticleMetadata;
}

const FENCE = '---';
const KEYS = ['title', 'url', 'outlet', 'published', 'fetched', 'language', 'byline', 'pages', 'converter', 'original'] as const;
type Key = (typeof KEYS)[number];

const oneLine = (value: string) => value.replace(/\s+/gu, ' ').trim();

/** `1:1 2:5` → [[1, 1], [2, 5]]: page 1 from paragraph 1, page 2 from paragraph 5. */
function parsePages(value: string): Array<[number, number]> | undefined {
  const pairs = value.split(/\s+/).map((pair) => /^(\d+):(\d+)$/.exec(pair)).filter((m) => m !== null);
  return pairs.length ? pairs.map((m) => [Number(m[1]), Number(m[2])]) : undefined;
}

/** The header of `raw`, and where its body starts; null when it has none. */
export function readHeader(raw: string): { header: ArticleHeader; bodyStart: number } | null {
  if (!raw.startsWith(`${FENCE}\n`) && !raw.startsWith(`${FENCE}\r\n`)) return null;
  const end = /\r?\n---[ \t]*(?:\r?\n|$)/.exec(raw.slice(FENCE.length));
  if (!end) return null;
  const fields = new Map<Key, string>();
  for (const line of raw.slice(FENCE.length, FENCE.length + end.index).split(/\r?\n/)) {
    const match = /^([a-z]+)\s*:\s*(.*)$/.exec(line.trim());
    if (match && (KEYS as readonly string[]).includes(match[1]!) && match[2]!.trim()) fields.set(match[1] as Key, match[2]!.trim());
  }
  const metadata: ArticleMetadata = {};
  for (const key of ['outlet', 'published', 'fetched', 'byline'] as const) if (fields.has(key)) metadata[key] = fields.get(key)!;
  const pages = fields.has('pages') ? parsePages(fields.get('pages')!) : undefined;
  if (pages) metadata.pages = pages;
  const header: ArticleHeader = { metadata };
  for (const key of ['title', 'url', 'language', 'converter', 'original'] as const) if (fields.has(key)) header[key] = fields.get(key)!;
  return { header, bodyStart: FENCE.length + end.index + end[0].length };
}

/** The article file for a header and body paragraphs (each on one line). */
export function formatArticleFile(header: ArticleHeader, paragraphs: readonly string[]): string {
  const { metadata } = header;
  const values: Partial<Record<Key, string | undefined>> = {
    title: header.title,
    url: header.url,
    outlet: metadata.outlet,
    published: metadata.published,
    fetched: metadata.fetched,
    language: header.language,
    byline: metadata.byline,
    pages: metadata.pages?.map(([page, paragraph]) => `${page}:${paragraph}`).join(' '),
    converter: header.converter,
    original: header.original,
  };
  const lines = KEYS.filter((key) => values[key]?.trim()).map((key) => `${key}: ${oneLine(values[key]!)}`);
  return [FENCE, ...lines, FENCE, ...paragraphs.map(oneLine).filter(Boolean), ''].join('\n');
}

/** The host a URL names, without `www.` (`vtv.vn`): an article's outlet when it names none; null for what is not a URL. */
export function hostOf(url: string | null | undefined): string | null {
  try {
    return url ? new URL(url).hostname.replace(/^www\./, '') || null : null;
  } catch {
    return null;
  }
}

/** The page a paragraph is on, when the article records pages (PDFs). */
export function pageOf(metadata: ArticleMetadata | undefined, paragraph: number): number | undefined {
  let page: number | undefined;
  for (const [p, first] of metadata?.pages ?? []) if (first <= paragraph) page = p;
  return page;
}
