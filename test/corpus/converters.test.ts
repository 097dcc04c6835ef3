/**
 * The converters on files nobody here wrote: news pages from mozilla/readability's test suite
 * (test/fixtures/readability, Apache-2.0, with its LICENSE.md and NOTICE), and a PDF of several
 * pages made in the test. What is extracted is written as an article file and read back as the
 * index reads it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { converterFor, type ConvertedArticle } from '../../src/corpus/convert/registry.js';
import { formatArticleFile, languageOfTag, pageOf, parseArticle } from '../../src/corpus/index.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { makePdf } from '../support/pdf.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures/readability');

async function convertPage(name: string): Promise<ConvertedArticle> {
  const bytes = fs.readFileSync(path.join(FIXTURES, name, 'source.html'));
  const location = `http://127.0.0.1:8080/${name}/`;
  return converterFor('text/html', location)!.convert({ bytes, contentType: 'text/html', location });
}

const expected = (name: string) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name, 'expected-metadata.json'), 'utf8')) as { title: string; lang: string; byline: string };

/** What a reader of each page sees at its top, and the page furniture around the article. */
const PAGES = [
  {
    name: 'liberation-1',
    language: 'fr',
    published: '2015-04-30T07:19:58',
    outlet: 'Libération.fr',
    url: 'http://www.liberation.fr/monde/2015/04/30/un-troisieme-francais-mort-dans-le-seisme-au-nepal_1278483',
    first: 'Un troisième Français a été tué dans le tremblement de terre samedi au Népal, emporté par une avalanche',
    furniture: ['Abonnez-vous', 'Se connecter', 'Recevoir la newsletter', 'Imprimer cet article'],
  },
  {
    name: 'gitlab-blog',
    language: 'en',
    // From the page's JSON-LD only.
    published: '2024-06-25',
    outlet: 'GitLab',
    url: 'https://about.gitlab.com/blog/2024/06/25/3-surprising-findings-from-our-2024-global-devsecops-survey/',
    first: 'This year’s survey of more than 5,000 DevSecOps professionals worldwide',
    furniture: ['Read the blog', 'Get free trial', '5 min read'],
  },
  {
    name: 'heise',
    language: 'de',
    published: '2015-04-08T12:46:00',
    outlet: 'Mac & i',
    url: 'http://www.heise.de/mac-and-i/meldung/1Password-fuer-Mac-generiert-Einmal-Passwoerter-2596987.html',
    first: 'Das in der iOS-Version bereits enthaltene TOTP-Feature ist nun auch für OS X 10.10 verfügbar.',
    furniture: ['Kommentare lesen', 'heise online'],
  },
  {
    name: 'herald-sun-1',
    language: 'en',
    published: undefined,
    outlet: 'HeraldSun',
    url: 'http://www.heraldsun.com.au/news/opinion/angry-media-wont-buckle-over-new-surveillance-laws/story-fni0fha6-1227261886014',
    first: 'A HIGH-powered federal government team has been doing the rounds of media organisations',
    furniture: ['Subscribe', 'Barefoot Investor', 'Breaking News'],
  },
];

describe('the HTML converter on real news pages', () => {
  for (const page of PAGES) {
    it(`${page.name}: the article's text without the page around it, with its title, date, outlet, canonical URL and language`, async () => {
      const converted = await convertPage(page.name);
      expect(converted.title).toBe(expected(page.name).title);
      expect(languageOfTag(converted.language)).toBe(page.language);
      expect(converted.metadata.published).toBe(page.published);
      expect(converted.metadata.outlet).toBe(page.outlet);
      expect(converted.url).toBe(page.url);
      expect(converted.paragraphs.slice(0, 3).some((p) => p.startsWith(page.first))).toBe(true);
      const text = converted.paragraphs.join('\n');
      for (const furniture of page.furniture) expect(text).not.toContain(furniture);
      expect(converted.paragraphs.every((p) => p.trim() === p && !p.includes('\n'))).toBe(true);
    });
  }

  it('written as an article file, reads back with the same paragraphs, title, URL, language and metadata', async () => {
    const converted = await convertPage('liberation-1');
    const raw = formatArticleFile({ title: converted.title, url: converted.url, language: converted.language, converter: 'html 1', metadata: converted.metadata }, converted.paragraphs);
    const article = parseArticle('liberation.fr_1.md', raw);
    expect(article.paragraphs.map((p) => p.text)).toEqual(converted.paragraphs);
    expect(article).toMatchObject({ title: converted.title, sourceUrl: converted.url, language: 'fr', metadata: converted.metadata });
    for (const p of article.paragraphs) expect(raw.slice(p.start, p.start + p.text.length)).toBe(p.text);
  });
});

describe('the PDF converter', () => {
  const pages = [
    ['The harbour authority of Haiphong reported that container traffic rose by eleven percent in the third quarter, driven by exports of electronics and textiles to Europe and North America.', 'Dredging of the northern channel will begin in January.'],
    ['The city council approved a budget of 12 million euros for the new tram line on 3 March, after a debate that lasted most of the night.'],
    [],
    ['Ticket prices will stay at one euro until the end of 2027, the transport office said.'],
  ];

  it('reads the text by page, a paragraph where the lines leave a gap, and records where each page starts', async () => {
    const bytes = makePdf(pages, 'Harbour and tram report');
    const converted = await converterFor('application/pdf', '/tmp/report.pdf')!.convert({ bytes, contentType: 'application/pdf', location: '/tmp/report.pdf' });
    expect(converted.title).toBe('Harbour and tram report');
    expect(converted.paragraphs).toEqual(pages.flat());
    const article = parseArticle('report.md', formatArticleFile({ title: converted.title, metadata: converted.metadata }, converted.paragraphs));
    const pageOfText = (text: string) => pageOf(article.metadata, article.paragraphs.find((p) => p.text.includes(text))!.number);
    expect(pageOfText('Dredging of the northern channel')).toBe(1);
    expect(pageOfText('12 million euros')).toBe(2);
    // Page 3 is empty: the next paragraph is on page 4.
    expect(pageOfText('one euro until the end of 2027')).toBe(4);
    expect(article.metadata?.published).toBe('2025-10-25T09:30:00Z');
  });

  it('refuses a file that is not a PDF, saying so', async () => {
    const bytes = new TextEncoder().encode('<html>not a pdf</html>');
    await expect(converterFor('application/pdf', '/tmp/x.pdf')!.convert({ bytes, contentType: 'application/pdf', location: '/tmp/x.pdf' })).rejects.toThrow(/not a readable PDF/);
  });
});

describe('text and Markdown', () => {
  it('reads the plain layout as the seeds folder does: a paragraph a line, the Source line as the URL', async () => {
    const raw = fs.readFileSync(path.join(PROJECT_ROOT, 'seeds/000_dea65f15ca7fd346.txt'));
    const converted = await converterFor(null, 'notes/000.txt')!.convert({ bytes: raw, contentType: 'text/plain', location: 'notes/000.txt' });
    const seed = parseArticle('000.txt', raw.toString('utf8'));
    expect(converted.paragraphs).toEqual(seed.paragraphs.map((p) => p.text));
    expect(converted.url).toBe(seed.sourceUrl);
  });

  it("takes a Markdown file's leading heading as its title", async () => {
    const bytes = new TextEncoder().encode('# Tram line approved\n\nThe council approved the tram line.\n\nWork starts in May.\n');
    const converted = await converterFor(null, 'tram.md')!.convert({ bytes, contentType: 'text/markdown', location: 'tram.md' });
    expect(converted).toMatchObject({ title: 'Tram line approved', paragraphs: ['The council approved the tram line.', 'Work starts in May.'] });
  });

  it('has no converter for a type it cannot read', () => {
    expect(converterFor('image/png', 'https://example.org/x.png')).toBeNull();
    expect(converterFor('application/octet-stream', 'https://example.org/report.pdf')?.name).toBe('pdf');
  });
});
