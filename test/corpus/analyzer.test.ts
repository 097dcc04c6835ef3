import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/corpus/text/analyzer.js';

const terms = (text: string, language: string) => tokenize(text, language).map((t) => t.term);

describe('word analysis', () => {
  it('folds accents where they are accents: Hanoï and Hanoi, Länder and lander are one word', () => {
    expect(terms('Hanoï', 'fr')).toEqual(terms('Hanoi', 'fr'));
    expect(terms('Länder', 'de')).toEqual(terms('lander', 'de'));
  });

  it('keeps the vowel and tone marks of Devanagari and Thai, which tell words apart', () => {
    expect(terms('भारत', 'hi')).not.toEqual(terms('भरत', 'hi'));
    expect(terms('है', 'hi')).not.toEqual(terms('हैं', 'hi'));
    expect(terms('มี', 'th')).not.toEqual(terms('ม', 'th'));
  });
});
