import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { normalizeForMatch } from '../../src/evaluation/score.js';
import { articleOf, BRIDGE_CORPUS, corpusOf, seedCorpus, type TestCorpus } from './fixtures.js';

const ask = (kb: TestCorpus, question: string) => kb.engine.ask(question);

/** Invariants every answer keeps, whatever the question. */
function expectWellFormed(kb: TestCorpus, answer: Answer) {
  answer.quotes.forEach((quote, i) => {
    expect(quote.citation).toBe(i + 1);
    expect(articleOf(kb, quote.source.articleId).raw).toContain(quote.text);
    expect(quote.source.url).toBe(articleOf(kb, quote.source.articleId).sourceUrl);
  });
  for (const value of answer.values) {
    expect(value.citations.length).toBeGreaterThan(0);
    for (const citation of value.citations) {
      const quote = answer.quotes[citation - 1]!;
      // Articles write one value differently (`3,400`, `3.400`; `Mayor Elena Rossi`, `Elena Rossi`).
      const core = value.value.split(' ').slice(-2).join(' ');
      expect(normalizeForMatch(quote.text)).toContain(normalizeForMatch(core));
      expect(value.articleIds).toContain(quote.source.articleId);
    }
  }
  if (answer.status === 'abstained') expect(answer.quotes).toEqual([]);
}

describe('answers from a corpus of our own making', async () => {
  const kb = await corpusOf(BRIDGE_CORPUS);

  it('states a figure with how many articles support it', async () => {
    const answer = await ask(kb, 'Wie viele Zuschauer waren bei der Eröffnung?');
    expectWellFormed(kb, answer);
    expect(answer.status).toBe('answered');
    expect(answer.answerLine).toBe('3.400 — stated by 2 of 4 articles');
    expect(answer.values[0]!.articleIds.sort()).toEqual(['bridge_de.txt', 'bridge_en.txt']);
  });

  it('shows a disagreement as one value per group with its sources', async () => {
    const answer = await ask(kb, 'Wie lang ist die Brücke?');
    expectWellFormed(kb, answer);
    expect(answer.answerLine).toBe('The articles disagree: 850 Meter (1 of 4 articles) · 820 metres (2 of 4 articles)');
    const [de, others] = answer.values;
    expect(de).toMatchObject({ value: '850 Meter', articleIds: ['bridge_de.txt'] });
    expect(others!.articleIds.sort()).toEqual(['bridge_en.txt', 'bridge_es.txt']);
    expect(answer.quotes.map((q) => q.source.articleId)).toEqual(expect.arrayContaining(['bridge_de.txt', 'bridge_en.txt']));
  });

  it('answers a who-question with the name the evidence gives', async () => {
    const answer = await ask(kb, 'Who cut the ribbon?');
    expectWellFormed(kb, answer);
    expect(answer.answerLine).toMatch(/^(Mayor )?Elena Rossi — stated by 3 of 4 articles$/);
  });

  it('abstains on what the corpus never mentions, saying briefly what it is about', async () => {
    for (const question of ['What is the capital of Peru?', 'Wie hoch ist die Inflation in Deutschland?', 'Who won the 2022 football World Cup?']) {
      const answer = await ask(kb, question);
      expectWellFormed(kb, answer);
      expect(answer.status, question).toBe('abstained');
      expect(answer.abstention!.corpusSummary).toMatch(/4 news articles .*Porto Verde/);
    }
  });

  it('gives an empty or wordless question a plain reason instead of evidence', async () => {
    expect((await ask(kb, '   ')).abstention!.reason).toBe('The question is empty.');
    expect((await ask(kb, '\u200b\u202e🙂🙂')).abstention!.reason).toBe('The question has no words to search for.');
  });

  it('quotes evidence without a value for an open question', async () => {
    const answer = await ask(kb, 'Was kostete die Brücke?');
    expectWellFormed(kb, answer);
    expect(answer.quotes[0]!.text).toBe('Die Brücke ist 850 Meter lang und kostete 56 Millionen Euro.');
  });

  it('quotes a sentence that several articles repeat word for word (a shared headline) once', async () => {
    const headline = 'Riverton opens its new public library';
    const corpus = await corpusOf({
      'a.txt': [headline, 'The public library in Riverton opened on Monday with 40,000 books.', 'Source: https://example.org/a'].join('\n'),
      'b.txt': [headline, 'Readers queued outside the new Riverton library before it opened.', 'Source: https://example.org/b'].join('\n'),
      'c.txt': [headline, 'The library building cost the town of Riverton 12 million euros.', 'Source: https://example.org/c'].join('\n'),
    });
    const answer = await corpus.engine.ask('What opened in Riverton, the new public library?');
    expectWellFormed(corpus, answer);
    const texts = answer.quotes.map((q) => q.text);
    expect(texts.length).toBeGreaterThan(1);
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe('answers from the seed articles (keyword search)', async () => {
  const kb = await seedCorpus();

  it('answers the Norwegian signatory question with 72 beside the Swedish "nästan 70", quoting the Norwegian article and its URL', async () => {
    const answer = await ask(kb, 'Hvor mange land signerte konvensjonen?');
    expectWellFormed(kb, answer);
    // The Swedish report's "nearly 70 countries … had signed" is the same fact, though no word of the question is in it.
    expect(answer.answerLine).toBe('The articles disagree: 72 (4 of 5 articles) · nästan 70 (1 of 5 articles)');
    expect(answer.values[1]!.articleIds).toEqual(['001_2bbfcbddf29d72c1.txt']);
    expect(answer.quotes[0]!.source).toMatchObject({ articleId: '000_dea65f15ca7fd346.txt', language: 'no' });
    expect(answer.quotes[0]!.source.url).toMatch(/^https:\/\/vtv\.vn\//);
  });

  it('does not set the ratifications a convention needs against the countries that signed it', async () => {
    const answer = await ask(kb, 'Hvor mange land har ratifisert konvensjonen?');
    expectWellFormed(kb, answer);
    // The 40 ratifications needed for entry into force, the 72 signatures and the countries that spoke are three facts:
    // at most one of them is listed (the signatures may be, with their own disagreement).
    const facts = [/40/u, /72|70/u, /18/u].filter((fact) => answer.values.some((v) => fact.test(v.value)));
    expect(facts.length).toBeLessThanOrEqual(1);
    // No article says how many have ratified: the signatures (which lack the question's "ratified") and the ratifications
    // entry into force needs (which have it) are two facts the question could mean. Neither is stated; both are quoted.
    expect(answer.answerLine).toBeNull();
    expect(answer.quotes.some((q) => /\b72\b/u.test(q.text))).toBe(true);
    expect(answer.quotes.some((q) => /mindestens 40 Länder es ratifizieren/u.test(q.text))).toBe(true);
  });

  it('shows the French 119 beside the German 110 participating countries, each with its source', async () => {
    const answer = await ask(kb, 'Combien de pays et territoires ont participé ?');
    expectWellFormed(kb, answer);
    expect(answer.values.map((v) => [v.value, v.articleIds])).toEqual([
      ['119', ['004_7b129aeb4f296bfc.txt']],
      ['110', ['003_e08478164ab21d36.txt']],
    ]);
  });

  it('keeps quotes verbatim when a long sentence is trimmed, and marks the cut', async () => {
    const answer = await ask(kb, 'Wie viele hochrangige Sitzungen gab es?');
    expectWellFormed(kb, answer);
    expect(answer.values[0]!.value).toBe('vier');
    expect(answer.quotes[0]!.trimmedStart || answer.quotes[0]!.trimmedEnd).toBe(true);
  });

  it('trims a sentence too long to quote whole around the words the question asks about', async () => {
    // One run-on sentence (as scripts without sentence punctuation write), the answer far from its start.
    const filler = Array.from({ length: 5 }, (_, i) => `the committee discussed agenda item number ${i + 1} at some length`).join(', ');
    const corpus = await corpusOf({ 'long.txt': ['Committee meeting', `${filler}, and the lighthouse keeper Aurelio Banfi repainted the northern lighthouse in crimson.`, 'Source: https://example.org/long'].join('\n') });
    const answer = await corpus.engine.ask('What colour did the lighthouse keeper repaint the northern lighthouse?');
    expectWellFormed(corpus, answer);
    expect(answer.quotes[0]!.trimmedStart).toBe(true);
    expect(answer.quotes[0]!.text).toContain('repainted the northern lighthouse in crimson');
  });
});
