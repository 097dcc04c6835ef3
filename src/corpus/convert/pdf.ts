/**
 * PDFs: the text of each page with pdf.js (pdfjs-dist, Mozilla's PDF reader), lines joined into
 * paragraphs where the vertical gap between them is wider than the page's usual line spacing.
 * The article records where each page starts, so a quote cites its page. Scanned PDFs (images
 * without a text layer) have no text to read.
 */
import { cleanParagraphs, ConversionError, isoDate, optional, type ConvertedArticle, type Converter } from './types.js';

/** What this file reads of pdf.js's text items. */
type TextItem = Pick<import('pdfjs-dist/types/src/display/api.js').TextItem, 'str' | 'hasEOL' | 'transform' | 'height'>;

interface Line {
  text: string;
  y: number;
  height: number;
}

/** The page's text items as lines, top to bottom (pdf.js gives them in content order). */
function linesOf(items: TextItem[]): Line[] {
  const lines: Line[] = [];
  let current: Line | null = null;
  for (const item of items) {
    const y = item.transform[5] ?? 0;
    if (current && Math.abs(current.y - y) > Math.max(current.height, item.height, 1) / 2) {
      lines.push(current);
      current = null;
    }
    if (!current) current = { text: '', y, height: item.height };
    current.text += item.str;
    current.height = Math.max(current.height, item.height);
    if (item.hasEOL) {
      lines.push(current);
      current = null;
    }
  }
  if (current) lines.push(current);
  return lines.filter((line) => line.text.trim() !== '');
}

/** The first quartile: the usual spacing of lines inside a paragraph, whatever the number of paragraph gaps. */
const lowerQuartile = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 4)] ?? 0;

/** Lines into paragraphs: a new one where the gap to the previous line is well over the usual spacing. */
function paragraphsOf(lines: Line[]): string[] {
  const gaps = lines.slice(1).map((line, i) => lines[i]!.y - line.y).filter((gap) => gap > 0);
  const usual = lowerQuartile(gaps);
  const paragraphs: string[] = [];
  let current = '';
  lines.forEach((line, i) => {
    const gap = i > 0 ? lines[i - 1]!.y - line.y : 0;
    if (i > 0 && (gap > usual * 1.4 || gap < 0)) {
      paragraphs.push(current);
      current = '';
    }
    // A word split over lines with a hyphen is joined; other lines with a space.
    current = current.endsWith('-') && /^\p{Ll}/u.test(line.text.trim()) ? `${current.slice(0, -1)}${line.text.trim()}` : `${current} ${line.text.trim()}`;
  });
  paragraphs.push(current);
  return cleanParagraphs(paragraphs);
}

/** `D:20251025093000Z` → `2025-10-25T09:30:00Z`. */
function pdfDate(value: unknown): string | undefined {
  const m = typeof value === 'string' ? /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?/.exec(value) : null;
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h, mi = '00', s = '00'] = m;
  return isoDate(h ? `${y}-${mo}-${d}T${h}:${mi}:${s}Z` : `${y}-${mo}-${d}`);
}

export const pdfConverter: Converter = {
  name: 'pdf',
  version: 1,
  contentTypes: ['application/pdf'],
  extensions: ['.pdf'],
  async convert({ bytes, location }): Promise<ConvertedArticle> {
    // Loaded on first use: pdf.js is large, and most runs read no PDF.
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // A copy: pdf.js takes ownership of (detaches) the buffer it is given.
    const task = getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 });
    let pdf;
    try {
      pdf = await task.promise;
    } catch (error) {
      throw new ConversionError(`${location}: not a readable PDF (${(error as Error).message}).`);
    }
    try {
      const paragraphs: string[] = [];
      const pages: Array<[number, number]> = [];
      for (let n = 1; n <= pdf.numPages; n++) {
        const page = await pdf.getPage(n);
        const content = await page.getTextContent();
        const text = paragraphsOf(linesOf(content.items.filter((item) => 'str' in item)));
        if (text.length > 0) pages.push([n, paragraphs.length + 1]);
        paragraphs.push(...text);
        page.cleanup();
      }
      if (paragraphs.length === 0) throw new ConversionError(`${location}: the PDF has no text layer (a scan?).`, 'Run it through OCR first, then add the result.');
      const info = (await pdf.getMetadata()).info as Record<string, unknown>;
      const title = typeof info.Title === 'string' && info.Title.trim() ? info.Title.trim() : undefined;
      return {
        paragraphs,
        ...(title ? { title } : {}),
        ...(/^https?:/i.test(location) ? { url: location } : {}),
        metadata: { pages, ...optional('published', pdfDate(info.CreationDate)), ...optional('byline', typeof info.Author === 'string' ? info.Author.trim() : undefined) },
      };
    } finally {
      await pdf.destroy();
    }
  },
};
