import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/corpus/sentences.js';

const cut = (text: string, language: string) => splitSentences(text, language).map((s) => s.text);

describe('sentences', () => {
  it('does not end a sentence inside an abbreviation of single letters', () => {
    expect(cut('ธงไชย แมคอินไตย์ ชื่อเล่น เบิร์ด (เกิด 8 ธันวาคม พ.ศ. 2503) เป็นนักร้อง นักแสดง', 'th')).toHaveLength(1);
    expect(cut('Das gilt z. B. für alle. Dann endet es.', 'de')).toEqual(['Das gilt z. B. für alle.', 'Dann endet es.']);
  });

  it('still ends a sentence after a letter that closes it, and after an ordinal day that is not one', () => {
    expect(cut('Vi valgte plan B. Den virket.', 'no')).toEqual(['Vi valgte plan B.', 'Den virket.']);
    expect(cut('Er kam am 3. Mai. Dann ging er.', 'de')).toEqual(['Er kam am 3. Mai.', 'Dann ging er.']);
  });

  it('does not end a sentence at an ordinal before a century or a lower-case word', () => {
    expect(cut('Im 20. Jahrhundert führte die Entwicklung der Quantenmechanik zu mehr. Das ist gut.', 'de')).toEqual([
      'Im 20. Jahrhundert führte die Entwicklung der Quantenmechanik zu mehr.',
      'Das ist gut.',
    ]);
    expect(cut('20. yüzyılda kuantum mekaniği gelişti. Bu önemliydi.', 'tr')).toEqual(['20. yüzyılda kuantum mekaniği gelişti.', 'Bu önemliydi.']);
    expect(cut('Laget spiller i 2. divisjon. Treneren er fornøyd.', 'no')).toEqual(['Laget spiller i 2. divisjon.', 'Treneren er fornøyd.']);
    // A number that ends a sentence still ends it.
    expect(cut('Er wurde Zweiter mit Platz 2. Die Leute jubelten.', 'de')).toEqual(['Er wurde Zweiter mit Platz 2.', 'Die Leute jubelten.']);
  });

  it('keeps each sentence where it stands in the text', () => {
    const text = 'Sie kam z. B. am 1. Januar 2026 an. Danach ging sie.';
    for (const s of splitSentences(text, 'de')) expect(text.slice(s.start, s.start + s.text.length)).toBe(s.text);
  });
});
