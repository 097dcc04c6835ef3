import { readHeader } from './article-file.js';
import { detectLanguage, languageOfTag } from './language.js';
import { splitSentences } from './sentences.js';
import type { ArticleHeader } from './article-file.js';
import type { Article, ArticleMetadata, Paragraph } from './types.js';

/** A trailing "Label: URL" line (Kilde:, Källa:, Джерело:, Quelle:, Source :, …) or a bare URL. */
const SOURCE_LINE = /^(?:[\p{L}\p{M} ]{1,30}?\s*:\s*)?<?(https?:\/\/[^\s<>]+)>?\s*$/u;
/** Comment counters and similar page furniture: "Kommentar (0)", "Comment (12)". */
const COUNTER_LINE = /^[\p{L} ]{1,30}\(\d+\)$/u;
/** Photo captions end with a credit: "… Foto: VNA", "(Фото: VNA).", "Photo: Duong Giang/VNA". */
const PHOTO_CREDIT = /\(?\b(?:foto|photo|фото|bild|kuva|zdjęcie)\s*:\s*[^()]{1,60}\)?\.?$/iu;
const TITLE_MAX_CHARS = 120;

interface Line {
  text: string;
  start: number;
}

function linesOf(raw: string, from = 0): Line[] {
  const lines: Line[] = [];
  let offset = from;
  for (const line of raw.slice(from).split('\n')) {
    const lead = line.length - line.trimStart().length;
    lines.push({ text: line.trim(), start: offset + lead });
    offset += line.length + 1;
  }
  return lines;
}

const isBoilerplate = (line: Line) => line.text === '' || COUNTER_LINE.test(line.text);

/** Finds the source line among the last content lines; returns its index and URL. */
function findSourceLine(lines: Line[]): { index: number; url: string } | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (isBoilerplate(line)) continue;
    const match = SOURCE_LINE.exec(line.text);
    return match ? { index: i, url: match[1]! } : null;
  }
  return null;
}

export function isPhotoCaption(text: string): boolean {
  return PHOTO_CREDIT.test(text);
}

function titleFrom(lead: string, language: string): string {
  const first = splitSentences(lead, language)[0]?.text ?? lead;
  if (first.length <= TITLE_MAX_CHARS) return first;
  const cut = first.slice(0, TITLE_MAX_CHARS);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 40 ? cut.lastIndexOf(' ') : cut.length)}…`;
}

/**
 * Reads one article: its body paragraphs (without page furniture), language, source URL and
 * title, and what its header says (converted articles: `article-file.ts`). Pure: the caller
 * reads the file.
 */
export function parseArticle(id: string, raw: string): Article {
  const headed = readHeader(raw);
  if (headed) return parseHeaded(id, raw, headed.header, headed.bodyStart);
  const lines = linesOf(raw);
  const source = findSourceLine(lines);
  const bodyLines = (source ? lines.slice(0, source.index) : lines).filter((line) => !isBoilerplate(line));
  return articleOf(id, raw, bodyLines, { url: source?.url ?? null });
}

/** A converted article: its body is already clean, one paragraph a line (page numbers count on it). */
function parseHeaded(id: string, raw: string, header: ArticleHeader, bodyStart: number): Article {
  const bodyLines = linesOf(raw, bodyStart).filter((line) => line.text !== '');
  return articleOf(id, raw, bodyLines, { url: header.url ?? null, title: header.title, language: languageOfTag(header.language) }, header.metadata);
}

function articleOf(
  id: string,
  raw: string,
  bodyLines: Line[],
  given: { url: string | null; title?: string | undefined; language?: string | null },
  metadata: ArticleMetadata = {},
): Article {
  const paragraphs: Paragraph[] = bodyLines.map((line, i) => ({ number: i + 1, text: line.text, start: line.start }));
  const language = given.language ?? detectLanguage(paragraphs.map((p) => p.text).join('\n'));
  const lead = paragraphs.find((p) => !isPhotoCaption(p.text))?.text ?? paragraphs[0]?.text ?? '';
  const title = given.title ?? titleFrom(lead, language);
  return { id, language, sourceUrl: given.url, title, lead, paragraphs, raw, metadata };
}
