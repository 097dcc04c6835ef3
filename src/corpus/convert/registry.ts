/**
 * Every converter, in one list: adding a format is a file in this folder and a line here
 * (docs/converters.md). `converterFor` picks by media type, then by the name's ending.
 */
import { htmlConverter } from './html.js';
import { pdfConverter } from './pdf.js';
import { textConverter } from './text.js';
import type { Converter } from './types.js';

export const converters: readonly Converter[] = [htmlConverter, pdfConverter, textConverter];

/** `text/html; charset=utf-8` → `text/html`. */
export const mediaTypeOf = (contentType: string) => contentType.split(';', 1)[0]!.trim().toLowerCase();

/** The converter for a media type or, failing that, a file name or URL path ending; null when none reads it. */
export function converterFor(contentType: string | null, location: string): Converter | null {
  const type = contentType ? mediaTypeOf(contentType) : '';
  const byType = converters.find((c) => c.contentTypes.includes(type));
  if (byType) return byType;
  // Servers often label files application/octet-stream: the name decides then.
  if (type && type !== 'application/octet-stream' && type !== 'binary/octet-stream') return null;
  const name = (() => {
    try {
      return new URL(location).pathname;
    } catch {
      return location;
    }
  })().toLowerCase();
  return converters.find((c) => c.extensions.some((ext) => name.endsWith(ext))) ?? null;
}

/** Every media type some converter reads (for the fetcher's Accept header and its refusals). */
export const acceptedTypes = (): string[] => converters.flatMap((c) => c.contentTypes);

/** The media type a file name's ending stands for, for files read from disk; null when no converter reads it. */
export function contentTypeOfName(name: string): string | null {
  const lower = name.toLowerCase();
  return converters.find((c) => c.extensions.some((ext) => lower.endsWith(ext)))?.contentTypes[0] ?? null;
}

export type { Converter, ConverterInput, ConvertedArticle } from './types.js';
export { ConversionError } from './types.js';
