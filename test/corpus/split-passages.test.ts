import fs from 'node:fs';
import path from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { parseArticle, splitIntoPassages, type TokenCounter } from '../../src/corpus/index.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { REPO_SEEDS } from '../support/workspace.js';

const E5_DIR = path.resolve(PROJECT_ROOT, '../shared/models/multilingual-e5-small');
const hasE5Tokenizer = fs.existsSync(path.join(E5_DIR, 'tokenizer.json'));
const MAX = 256;

const seedArticles = () =>
  fs.readdirSync(REPO_SEEDS).map((n) => parseArticle(n, fs.readFileSync(path.join(REPO_SEEDS, n), 'utf8')));

const byWords: TokenCounter = (text) => text.split(/\s+/).filter(Boolean).length;

describe('splitting into passages', () => {
  it('cuts a paragraph over the limit at sentence boundaries, never mid-sentence when sentences fit', () => {
    const sentences = Array.from({ length: 12 }, (_, i) => `Sentence number ${i + 1} says something quite ordinary here.`);
    const article = parseArticle('long.txt', `${sentences.join(' ')}\nA short second paragraph.`);
    const passages = splitIntoPassages(article, { countTokens: byWords, maxTokens: 20 });
    const first = passages.filter((p) => p.paragraph === 1);
    expect(first.length).toBeGreaterThan(1);
    for (const p of first) {
      expect(byWords(p.text)).toBeLessThanOrEqual(20);
      expect(p.text).toMatch(/^Sentence number \d+/);
      expect(p.text).toMatch(/here\.$/);
    }
    expect(first.map((p) => p.text).join(' ')).toBe(sentences.join(' '));
    expect(passages.at(-1)).toMatchObject({ paragraph: 2, text: 'A short second paragraph.' });
  });

  it('cuts a single sentence over the limit between words', () => {
    const article = parseArticle('run-on.txt', Array.from({ length: 50 }, (_, i) => `word${i}`).join(' '));
    const passages = splitIntoPassages(article, { countTokens: byWords, maxTokens: 8 });
    expect(passages.length).toBe(7);
    for (const p of passages) expect(byWords(p.text)).toBeLessThanOrEqual(8);
  });

  it('gives passages stable ids that change when the text changes', () => {
    const a = splitIntoPassages(parseArticle('a.txt', 'One paragraph.\nTwo paragraph.'), { countTokens: byWords, maxTokens: 50 });
    const again = splitIntoPassages(parseArticle('a.txt', 'One paragraph.\nTwo paragraph.'), { countTokens: byWords, maxTokens: 50 });
    const edited = splitIntoPassages(parseArticle('a.txt', 'One paragraph.\nTwo paragraphs.'), { countTokens: byWords, maxTokens: 50 });
    const otherArticle = splitIntoPassages(parseArticle('b.txt', 'One paragraph.\nTwo paragraph.'), { countTokens: byWords, maxTokens: 50 });
    expect(again.map((p) => p.id)).toEqual(a.map((p) => p.id));
    expect(edited[0]!.id).toBe(a[0]!.id);
    expect(edited[1]!.id).not.toBe(a[1]!.id);
    expect(otherArticle[0]!.id).not.toBe(a[0]!.id);
    expect(new Set(a.map((p) => p.id)).size).toBe(a.length);
  });

  it.skipIf(!hasE5Tokenizer)('keeps every seed passage under the limit counted by the real e5 tokenizer (needs ../shared/models)', async () => {
    env.localModelPath = path.dirname(E5_DIR);
    env.allowRemoteModels = false;
    const tokenizer = await AutoTokenizer.from_pretrained(path.basename(E5_DIR));
    const count: TokenCounter = (text) => tokenizer.encode(`passage: ${text}`).length;
    for (const article of seedArticles()) {
      const passages = splitIntoPassages(article, { countTokens: count, maxTokens: MAX });
      for (const p of passages) expect(count(p.text)).toBeLessThanOrEqual(MAX);
      // The longest paragraphs of the seeds exceed nothing, so each stays whole.
      expect(new Set(passages.map((p) => p.paragraph)).size).toBe(article.paragraphs.length);
    }
  }, 60_000);
});
