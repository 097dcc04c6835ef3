/**
 * A converter turns one kind of file (a web page, a PDF, text) into an article: its paragraphs
 * and what the file says about itself. One file each, one list (`registry.ts`); the article is
 * then written as an article file (`../article-file.ts`), which is what is indexed and quoted.
 */
import { UserFacingError } from '../../errors.js';
import type { ArticleMetadata } from '../types.js';

export interface ConverterInput {
  bytes: Uint8Array;
  /** The media type as served or guessed from the name, without parameters except `charset`: `text/html; charset=utf-8`. */
  contentType: string;
  /** Where it came from: the URL it was fetched from (after redirects) or the file's path. */
  location: string;
}

export interface ConvertedArticle {
  /** Body paragraphs in reading order, each one line of plain text. */
  paragraphs: string[];
  title?: string;
  /** The article's own URL (canonical), when it states one; else the URL it was fetched from. */
  url?: string;
  /** The language tag the file declares (`fr`, `pt-BR`), when it declares one. */
  language?: string;
  metadata: ArticleMetadata;
}

export interface Converter {
  /** `html`, `pdf`, `text`: recorded in the article file with `version`. */
  name: string;
  /** Raised when the converter's output changes, so articles it wrote can be told apart. */
  version: number;
  /** Media types it reads (`text/html`), without parameters. */
  contentTypes: readonly string[];
  /** File name endings it reads (`.html`), for files without a media type. */
  extensions: readonly string[];
  convert(input: ConverterInput): Promise<ConvertedArticle>;
}

/** A file a converter could not make an article of: the reason, for one line to the user. */
export class ConversionError extends UserFacingError {
  override name = 'ConversionError';
}

/** Collapses white space inside each paragraph and drops empty ones. */
export function cleanParagraphs(paragraphs: Iterable<string>): string[] {
  return [...paragraphs].map((p) => p.replace(/\s+/gu, ' ').trim()).filter((p) => p.length > 0);
}

/** The charset a `content-type` names, if any. */
export function charsetOf(contentType: string): string | undefined {
  return /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType)?.[1];
}

/** Decodes text in `charset` (UTF-8 when unnamed or unknown to this runtime). */
export function decodeText(bytes: Uint8Array, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** `2015-04-30T07:19:58` stays as written; other parseable dates become ISO 8601; anything else is dropped. */
export function isoDate(value: string | null | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return text.replace(' ', 'T');
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** `{ key: value }` when there is a value, `{}` otherwise (the metadata keeps no empty fields). */
export const optional = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> => (value ? ({ [key]: value } as Record<K, string>) : {});
