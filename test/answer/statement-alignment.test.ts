/**
 * Statements of the same fact across languages and scripts, by what survives translation
 * (src/answer/stages/statement-alignment.ts): the words around a value, shared figures and names,
 * cognates folded across spellings and scripts.
 */
import { describe, expect, it } from 'vitest';
import type { SentenceCandidate } from '../../src/answer/stages/sentences.js';
import { anchorSimilarity, foldedWords, foldWord, frameSimilarity, mentionsName, storyOverlap } from '../../src/answer/stages/statement-alignment.js';
import { tokenize } from '../../src/corpus/text/analyzer.js';
import type { PassageRecord } from '../../src/store/seam.js';

/** A sentence as the answer stages read it, from an article in `language`. */
function sentence(text: string, language: string, index = 0): SentenceCandidate {
  const tokens = tokenize(text, language);
  const passage = { id: `${language}:${text}`, articleId: `${language}.txt`, text, article: { language } } as unknown as PassageRecord;
  return { passage, passageScores: {}, index, passageSentences: 1, text, start: 0, tokens, terms: new Set(tokens.map((t) => t.term)), scores: {}, spans: new Map() };
}

/** A value's place: the token range of `value` in the sentence. */
function at(s: SentenceCandidate, value: string) {
  const first = s.tokens.findIndex((t) => t.surface === value);
  expect(first, value).toBeGreaterThanOrEqual(0);
  return { sentence: s, first, last: first };
}

describe('the words around a value', () => {
  // "Hvor mange land signerte konvensjonen?"
  const asked = foldedWords(['land', 'signerte', 'konvensjonen']);
  const signed = sentence('Totalt 72 land som signerte konvensjonen i Hanoi.', 'no');

  it('say the same across languages when most of the question\'s words stand around both values, as cognates', () => {
    const swedish = sentence('Nästan 70 länder hade då undertecknat konventionen.', 'sv');
    expect(frameSimilarity(at(signed, '72'), at(swedish, '70'), asked)).toBeGreaterThanOrEqual(2 / 3);
  });

  it('do not when the other value counts something else (the countries that spoke)', () => {
    const spoke = sentence('Under mötet höll 18 länder tal om säkerhet.', 'sv');
    expect(frameSimilarity(at(signed, '72'), at(spoke, '18'), asked)).toBeLessThanOrEqual(1 / 3);
  });
});

describe('what survives translation', () => {
  it('folds one word\'s spellings in European languages and scripts together', () => {
    expect(foldWord('Konvention')).toBe(foldWord('convention'));
    expect(foldWord('konvensjon')).toBe(foldWord('convention'));
    expect(mentionsName([sentence('Мер Інгрід Голм відкрила засідання.', 'uk')], 'Ingrid')).toBe(true);
    expect(mentionsName([sentence('Мер Інгрід Голм відкрила засідання.', 'uk')], 'Storsundbrua')).toBe(false);
  });

  it('tells two reports of one fact from a sentence that only shares the compared figure', () => {
    const norwegian = sentence('Ferja Fjordlys mellom Halsa og Kanestraum har plass til 600 passasjerer og 120 biler.', 'no');
    const english = sentence('The ferry Fjordlys between Halsa and Kanestraum has room for 650 passengers and 120 cars.', 'en');
    const arena = sentence('Arenan har plats för 650 åskådare och byggdes på två år.', 'sv');
    const compared = new Set(['600', '650']);
    expect(anchorSimilarity(norwegian, english, compared)).toBeGreaterThanOrEqual(0.5);
    expect(anchorSimilarity(english, arena, compared)).toBeLessThan(0.5);
    expect(storyOverlap([norwegian], [english], compared).wordShare).toBeGreaterThan(storyOverlap([english], [arena], compared).wordShare);
  });

  it('counts the figures a translated report shares apart from its words, in any script', () => {
    const english = [sentence('The dam was finished in 1968 after six years of work.', 'en'), sentence('It holds 340 million cubic metres and powers 12,000 homes.', 'en', 1)];
    const russian = [sentence('Плотина была достроена в 1968 году после шести лет работы.', 'ru'), sentence('Она вмещает 340 миллионов кубометров и снабжает 12 000 домов.', 'ru', 1)];
    const other = [sentence('The bridge opened in 1968 and carries 9,000 cars a day.', 'en')];
    expect(storyOverlap(english, russian)).toMatchObject({ numbers: 3, leftNumbers: 3, rightNumbers: 3 });
    expect(storyOverlap(english, other)).toMatchObject({ numbers: 1, rightNumbers: 2 });
  });
});
