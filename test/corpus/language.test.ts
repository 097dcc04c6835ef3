import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/corpus/index.js';
import { detectLanguage, detectLanguageAmong } from '../../src/corpus/language.js';
import { tokenize } from '../../src/corpus/text/analyzer.js';

/**
 * The language detector names individual languages (Standard Arabic, Mandarin, Iranian Persian,
 * Bokmål); articles must carry the code their stemmer, stopwords and the corpus summary use.
 */
describe('article languages', () => {
  it.each([
    ['ar', 'توفي الحجاج بن يوسف الثقفي في مدينة واسط سنة 714 ميلادية بعد أن حكم العراق عشرين عاما، وكان قائدا في العهد الأموي.'],
    ['zh', '长江是亚洲第一长河，全长约六千三百公里，流经中国十一个省级行政区，最后在上海注入东海。'],
    ['fa', 'تهران پایتخت ایران است و بیش از هشت میلیون نفر در این شهر زندگی می‌کنند و هر سال گسترش می‌یابد.'],
    ['no', 'Regjeringen la fram statsbudsjettet på tirsdag, og finansministeren sa at veksten i økonomien vil fortsette neste år.'],
  ])('tags an article in %s with its language code', (code, body) => {
    expect(parseArticle('a.txt', `Tittel\n\n${body}`).language).toBe(code);
  });

  it('tells a question in Arabic from one in English among the corpus languages', () => {
    expect(detectLanguageAmong('متى توفي الحجاج بن يوسف؟', ['ar', 'fr'])).toBe('ar');
    expect(detectLanguageAmong('When did al-Hajjaj die?', ['ar', 'en'])).toBe('en');
  });

  it('reads Arabic spelling variants and the conjunction "and" as one word', () => {
    const terms = (text: string) => tokenize(text, 'ar').map((t) => t.term);
    expect(terms('توفى')).toEqual(terms('توفي'));
    expect(terms('والضيف')).toEqual(terms('الضيف'));
    expect(terms('أحمد')).toEqual(terms('احمد'));
  });
});

describe('languages inside a macrolanguage that have their own code', () => {
  it.each([
    ['hr', 'Vlada Republike Hrvatske u četvrtak je usvojila prijedlog proračuna za sljedeću godinu, rekao je ministar financija.'],
  ])('keeps %s, whose own stemmer or stopwords the analysis has', (code, body) => {
    expect(parseArticle('a.txt', `Naslov\n\n${body}`).language).toBe(code);
  });
});

describe('a question among candidate languages', () => {
  it('is told as one of the candidates or und, never as a language outside them', () => {
    expect(['ms', 'und']).toContain(detectLanguageAmong('Kapan pemerintah mengumumkan kebijakan baru tentang pajak?', ['ms', 'en']));
  });
});

describe('the corpus\'s languages as a prior', () => {
  const spanish = '¿Cuándo se construyó el Centro de Atletismo Gerald Ratner?';
  it('reads a question as a corpus language the detector finds nearly as likely as its best guess', () => {
    expect(detectLanguage(spanish)).toBe('pt');
    expect(detectLanguage(spanish, ['de', 'es', 'ru', 'en'])).toBe('es');
  });

  it('keeps a language outside the corpus when no corpus language comes close', () => {
    expect(detectLanguage('Quando è stato costruito il nuovo ponte sullo stretto di Messina?', ['no', 'sv', 'en'])).toBe('it');
  });
});
