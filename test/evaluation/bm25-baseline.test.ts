import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/index.js';
import { SentenceBm25, wordTokens } from '../../src/evaluation/bm25-baseline.js';

const article = (id: string, body: string) => parseArticle(id, `Title of ${id}\n\n${body}\n`);

describe('plain BM25 over sentences (the baseline)', () => {
  it('makes lower-case words of every script, Chinese and Thai included, without stemming', () => {
    expect(wordTokens('Die Delegierten, 2.500!')).toEqual(['die', 'delegierten', '2.500']);
    expect(wordTokens('北京是中国的首都').length).toBeGreaterThan(2);
    expect(wordTokens('กรุงเทพมหานครเป็นเมืองหลวง').length).toBeGreaterThan(1);
  });

  it('ranks the sentence sharing the rare words first and shows at most the top asked for; no stemming', () => {
    const bm25 = new SentenceBm25([
      article('a.txt', 'Der Rat beschloss den Haushalt. Das Wetter war gut. Der Rat tagte lange.'),
      article('b.txt', 'Die Bürgermeisterin Ingrid Holm eröffnete die Sitzung. Der Rat tagte.'),
    ]);
    const result = bm25.search('Wer eröffnete die Sitzung?', 3);
    expect(result.sentences[0]).toMatchObject({ articleId: 'b.txt', text: 'Die Bürgermeisterin Ingrid Holm eröffnete die Sitzung.' });
    expect(result.sentences.length).toBeLessThanOrEqual(3);
    expect(bm25.search('Sitzungen Haushalts').sentences).toEqual([]);
  });

  it('gives a confidence in [0, 1] that falls when the question has words no sentence has', () => {
    const bm25 = new SentenceBm25([article('a.txt', 'Der Haushalt beträgt 412 Millionen Euro. Der Rat stimmte zu. Es regnete.')]);
    const matched = bm25.search('Haushalt 412 Millionen').confidence;
    const half = bm25.search('Haushalt 412 Millionen Kanzlerin Flughafen Autobahn').confidence;
    expect(matched).toBeGreaterThan(0);
    expect(matched).toBeLessThanOrEqual(1);
    expect(half).toBeLessThan(matched);
    expect(bm25.search('Kanzlerin').confidence).toBe(0);
  });
});
