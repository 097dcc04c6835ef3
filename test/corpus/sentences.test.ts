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

  it('keeps each sentence where it stands in the text', () => {
    const text = 'Sie kam z. B. am 1. Januar 2026 an. Danach ging sie.';
    for (const s of splitSentences(text, 'de')) expect(text.slice(s.start, s.start + s.text.length)).toBe(s.text);
  });
});
