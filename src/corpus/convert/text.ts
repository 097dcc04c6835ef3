/**
 * Plain text and Markdown, read as the seeds folder always read them (`parse-article.ts`): one
 * paragraph a line, a `Source: URL` last line, or an article file's header. A Markdown file's
 * leading `# Heading` is its title.
 */
import { parseArticle } from '../parse-article.js';
import { charsetOf, ConversionError, decodeText, type ConvertedArticle, type Converter } from './types.js';

const HEADING = /^#{1,6}\s+(.+?)\s*#*\s*$/;

export const textConverter: Converter = {
  name: 'text',
  version: 1,
  contentTypes: ['text/plain', 'text/markdown', 'text/x-markdown'],
  extensions: ['.txt', '.md', '.markdown', '.text'],
  async convert({ bytes, contentType, location }): Promise<ConvertedArticle> {
    const text = decodeText(bytes, charsetOf(contentType)).replace(/^\uFEFF/, '');
    if (text.includes('\u0000')) throw new ConversionError(`${location}: not text (it holds NUL bytes).`);
    const markdown = /markdown/i.test(contentType) || /\.(md|markdown)$/i.test(location);
    const heading = markdown ? HEADING.exec(text.split('\n', 1)[0]!.trim()) : null;
    const article = parseArticle(location, heading ? text.slice(text.indexOf('\n') + 1 || text.length) : text);
    if (article.paragraphs.length === 0) throw new ConversionError(`${location}: it has no text.`);
    const declared = article.raw.startsWith('---') ? article.language : undefined;
    return {
      paragraphs: article.paragraphs.map((p) => p.text),
      ...(heading ? { title: heading[1]! } : article.metadata && Object.keys(article.metadata).length ? { title: article.title } : {}),
      ...(article.sourceUrl ? { url: article.sourceUrl } : /^https?:/i.test(location) ? { url: location } : {}),
      ...(declared ? { language: declared } : {}),
      metadata: article.metadata ?? {},
    };
  },
};
