/**
 * Web pages: the article's main text with @mozilla/readability (the extraction Firefox's Reader
 * View uses) over linkedom's DOM, without navigation, ads, comments and page furniture; its
 * title, byline, publication date, outlet and canonical URL from the page's metadata (`<meta>`,
 * Open Graph, JSON-LD), and its language from `<html lang>`.
 */
import { hostOf } from '../article-file.js';
import { charsetOf, cleanParagraphs, ConversionError, decodeText, isoDate, optional, type ConvertedArticle, type Converter } from './types.js';

/** Elements that end a paragraph: their text is never run into the text around them. */
const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TD', 'TH', 'TR', 'UL',
]);
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'BUTTON']);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** The smallest DOM this file reads: what linkedom and Readability share. */
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}
interface DomElement extends DomNode {
  getAttribute(name: string): string | null;
}
interface DomDocument {
  documentElement: DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

/** The text of an extracted article, a paragraph per block element. */
function paragraphsOf(root: DomNode): string[] {
  const paragraphs: string[] = [];
  let current = '';
  const flush = () => {
    paragraphs.push(current);
    current = '';
  };
  const walk = (node: DomNode) => {
    if (node.nodeType === TEXT_NODE) {
      current += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== ELEMENT_NODE || SKIPPED.has(node.nodeName.toUpperCase())) return;
    const block = BLOCKS.has(node.nodeName.toUpperCase());
    if (block) flush();
    for (const child of Array.from(node.childNodes)) walk(child);
    if (block) flush();
  };
  walk(root);
  flush();
  return cleanParagraphs(paragraphs);
}

const metaContent = (doc: DomDocument, selectors: readonly string[]): string | undefined => {
  for (const selector of selectors) {
    const value = doc.querySelector(selector)?.getAttribute('content')?.trim();
    if (value) return value;
  }
  return undefined;
};

interface LinkedData {
  headline?: string;
  datePublished?: string;
  author?: string;
  publisher?: string;
  url?: string;
  inLanguage?: string;
}

const nameOf = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(nameOf).filter(Boolean).join(', ') || undefined;
  if (value && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string') return (value as { name: string }).name;
  return undefined;
};

/** What the page's JSON-LD says of its article (the first object with a `datePublished` or `headline`). */
function linkedData(doc: DomDocument): LinkedData {
  const found: LinkedData = {};
  const visit = (value: unknown, depth: number) => {
    if (depth > 6 || !value || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach((v) => visit(v, depth + 1));
    const o = value as Record<string, unknown>;
    if (typeof o.datePublished === 'string' || typeof o.headline === 'string') {
      found.datePublished ??= typeof o.datePublished === 'string' ? o.datePublished : undefined;
      found.headline ??= typeof o.headline === 'string' ? o.headline : undefined;
      found.author ??= nameOf(o.author);
      found.publisher ??= nameOf(o.publisher);
      found.url ??= typeof o.url === 'string' ? o.url : nameOf(o.mainEntityOfPage);
      found.inLanguage ??= typeof o.inLanguage === 'string' ? o.inLanguage : undefined;
    }
    visit(o['@graph'], depth + 1);
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse(script.textContent ?? ''), 0);
    } catch {
      // A page's broken JSON-LD is its own business: the other sources of metadata remain.
    }
  }
  return found;
}

const httpUrl = (value: string | undefined, base: string): string | undefined => {
  if (!value) return undefined;
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
};

/** The charset a page declares in `<meta>` (read as ASCII from its first kilobytes). */
function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
}

function metadataOf(doc: DomDocument, location: string) {
  const ld = linkedData(doc);
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? undefined;
  const url = httpUrl(canonical, location) ?? httpUrl(metaContent(doc, ['meta[property="og:url"]']), location) ?? httpUrl(ld.url, location);
  const published =
    isoDate(metaContent(doc, ['meta[property="article:published_time"]', 'meta[itemprop="datePublished"]', 'meta[name="pubdate"]', 'meta[name="publishdate"]', 'meta[name="date"]', 'meta[name="dc.date"]', 'meta[name="DC.date.issued"]', 'meta[name="sailthru.date"]', 'meta[name="parsely-pub-date"]'])) ??
    isoDate(ld.datePublished) ??
    isoDate(doc.querySelector('time[datetime]')?.getAttribute('datetime'));
  return {
    url,
    published,
    outlet: metaContent(doc, ['meta[property="og:site_name"]', 'meta[name="application-name"]']) ?? ld.publisher,
    byline: metaContent(doc, ['meta[name="author"]', 'meta[property="article:author"]']) ?? ld.author,
    title: metaContent(doc, ['meta[property="og:title"]', 'meta[name="twitter:title"]']) ?? ld.headline,
    language: doc.documentElement?.getAttribute('lang')?.trim() || metaContent(doc, ['meta[http-equiv="content-language"]']) || ld.inLanguage,
  };
}

export const htmlConverter: Converter = {
  name: 'html',
  version: 1,
  contentTypes: ['text/html', 'application/xhtml+xml'],
  extensions: ['.html', '.htm', '.xhtml'],
  async convert({ bytes, contentType, location }): Promise<ConvertedArticle> {
    // Loaded on first use, so that commands which convert nothing do not load them.
    const [{ Readability }, { parseHTML }] = await Promise.all([import('@mozilla/readability'), import('linkedom')]);
    const html = decodeText(bytes, charsetOf(contentType) ?? declaredCharset(bytes));
    const { document } = parseHTML(html);
    const doc = document as unknown as DomDocument;
    // Read before Readability, which takes the page apart as it works.
    const meta = metadataOf(doc, location);
    const parsed = new Readability(document as never, { charThreshold: 200 }).parse();
    if (!parsed?.content) throw new ConversionError(`${location}: no article text found in the page.`, 'It may be an index page, need JavaScript, or be behind a paywall.');
    const paragraphs = paragraphsOf(parseHTML(`<!doctype html><html><body>${parsed.content}</body></html>`).document.body as unknown as DomNode);
    if (paragraphs.length === 0) throw new ConversionError(`${location}: no article text found in the page.`);
    const url = meta.url ?? httpUrl(location, location);
    return {
      paragraphs,
      title: parsed.title?.trim() || meta.title,
      url,
      language: parsed.lang?.trim() || meta.language,
      metadata: {
        ...optional('outlet', parsed.siteName?.trim() || meta.outlet || hostOf(url) || undefined),
        ...optional('published', meta.published ?? isoDate(parsed.publishedTime)),
        ...optional('byline', parsed.byline?.trim() || meta.byline),
      },
    };
  },
};
