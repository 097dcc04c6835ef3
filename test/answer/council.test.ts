import { describe, expect, it } from 'vitest';
import { corpusOf, councilFiles } from './fixtures.js';

describe('a corpus of our own in four languages and two scripts (keyword search)', async () => {
  const council = await corpusOf(councilFiles());
  const ask = (q: string) => council.engine.ask(q);

  it('shows the disagreement on the budget, with both sources, however and in whichever corpus language it is asked', async () => {
    const phrasings = [
      'How large is the budget?',
      'How much money did the council approve?',
      'Wie hoch ist der Haushalt?',
      '¿De cuánto es el presupuesto?',
      'Скільки мільйонів євро становить бюджет?',
    ];
    for (const question of phrasings) {
      const answer = await ask(question);
      expect(answer.answerLine, question).toMatch(/^The articles disagree: /);
      const byValue = Object.fromEntries(answer.values.map((v) => [v.value.split(' ')[0], v]));
      expect(byValue['412']?.articleIds.sort(), question).toEqual(['council_de.txt', 'council_en.txt', 'council_uk.txt']);
      expect(byValue['421']?.articleIds, question).toEqual(['council_es.txt']);
      // Each value is quoted from an article that states it.
      for (const value of answer.values) {
        for (const citation of value.citations) expect(value.articleIds).toContain(answer.quotes[citation - 1]!.source.articleId);
      }
    }
  });

  it('keeps the qualifier, the scale and the unit of a figure as the text states them', async () => {
    expect((await ask('How large is the budget?')).values.map((v) => v.value)).toEqual(expect.arrayContaining(['412 million euros', '421 millones de euros']));
    expect((await ask('How many teachers does the budget pay for?')).answerLine).toBe('nearly 70 — stated by 4 of 5 articles');
  });

  it('counts every article that states a value, in any language', async () => {
    expect((await ask('How many votes were in favour?')).answerLine).toBe('31 — stated by 4 of 5 articles');
  });

  it('answers a date with the day the text gives, not a year from a headline', async () => {
    expect((await ask('When does the budget take effect?')).answerLine).toBe('1 January 2026 — stated by 4 of 5 articles');
  });

  it('answers a who-question with the name, not the title asked about', async () => {
    const answer = await ask('Who is the mayor?');
    expect(answer.values[0]!.value).toBe('Ingrid Holm');
    // The Ukrainian report writes the name in Cyrillic: the same person, counted once per article.
    expect(answer.values).toHaveLength(1);
  });

  it('abstains on what no article reports', async () => {
    for (const question of ['Who won the football World Cup?', 'Wie viele Tore schoss die Mannschaft im Finale?']) {
      expect((await ask(question)).status, question).toBe('abstained');
    }
  });
});
