import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle, splitIntoPassages } from '../../src/corpus/index.js';
import { estimateTokens } from '../../src/embed/token-counter.js';
import { REPO_SEEDS } from '../support/workspace.js';

/** What a reader of each seed article sees: its language and the URL its source line names. */
const SEEDS: Record<string, { language: string; host: string }> = {
  '000_dea65f15ca7fd346.txt': { language: 'no', host: 'vtv.vn' },
  '001_2bbfcbddf29d72c1.txt': { language: 'sv', host: 'baotintuc.vn' },
  '002_422d6d14955913b1.txt': { language: 'uk', host: 'dantri.com.vn' },
  '003_e08478164ab21d36.txt': { language: 'de', host: 'vietnamnet.vn' },
  '004_7b129aeb4f296bfc.txt': { language: 'fr', host: 'www.vietnamplus.vn' },
};

const read = (name: string) => parseArticle(name, fs.readFileSync(path.join(REPO_SEEDS, name), 'utf8'));

describe('reading the seed articles', () => {
  it('has the five seed articles', () => {
    expect(fs.readdirSync(REPO_SEEDS).filter((n) => n.endsWith('.txt')).sort()).toEqual(Object.keys(SEEDS));
  });

  for (const [name, expected] of Object.entries(SEEDS)) {
    describe(name, () => {
      const article = read(name);

      it(`detects the language as ${expected.language}`, () => {
        expect(article.language).toBe(expected.language);
      });

      it('takes the source URL from the trailing source line', () => {
        expect(article.sourceUrl).toMatch(new RegExp(`^https://${expected.host.replace(/\./g, '\\.')}/\\S+$`));
        expect(article.raw).toContain(article.sourceUrl!);
      });

      it('keeps page furniture and the source line out of the body', () => {
        for (const p of article.paragraphs) {
          expect(p.text).not.toMatch(/^(Kommentar|Коментар|Comment)\s*\(\d+\)$/);
          expect(p.text).not.toMatch(/https?:\/\//);
          expect(p.text.trim()).not.toBe('');
        }
      });

      it('locates every paragraph in the raw text', () => {
        for (const p of article.paragraphs) expect(article.raw.slice(p.start, p.start + p.text.length)).toBe(p.text);
      });

      it('has a short title taken from the text', () => {
        expect(article.title.length).toBeGreaterThan(10);
        expect(article.title.length).toBeLessThanOrEqual(121);
      });

      it('splits into passages with no boilerplate, each found at its offset', () => {
        const passages = splitIntoPassages(article, { countTokens: estimateTokens, maxTokens: 256 });
        expect(passages.length).toBeGreaterThanOrEqual(article.paragraphs.length);
        for (const p of passages) {
          expect(article.raw.slice(p.start, p.start + p.text.length)).toBe(p.text);
          expect(p.text).not.toMatch(/Kommentar \(0\)|Коментар \(0\)|Comment \(0\)|^(Kilde|Källa|Джерело|Quelle|Source)\s*:/);
        }
      });
    });
  }
});

describe('source lines and boilerplate in other shapes', () => {
  it('reads a bare URL on the last line and drops counters after it', () => {
    const article = parseArticle('x.txt', 'Ein Satz über etwas Wichtiges, das geschah.\nNoch ein Absatz.\n\nhttps://example.org/a\n\nKommentare (12)\n');
    expect(article.sourceUrl).toBe('https://example.org/a');
    expect(article.paragraphs.map((p) => p.text)).toEqual(['Ein Satz über etwas Wichtiges, das geschah.', 'Noch ein Absatz.']);
  });

  it('has no source URL when the article names none', () => {
    const article = parseArticle('y.md', 'Just a paragraph of text here.\nAnd another one.');
    expect(article.sourceUrl).toBeNull();
    expect(article.paragraphs).toHaveLength(2);
  });

  it('skips a photo caption when choosing the lead', () => {
    const article = parseArticle('z.txt', 'The minister speaks at the ceremony. Photo: Agency\nThe ceremony ended on Sunday with 40 signatures.\nSource: https://example.org/z');
    expect(article.lead).toBe('The ceremony ended on Sunday with 40 signatures.');
  });
});
