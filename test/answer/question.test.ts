import { describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/answer/stages/question.js';

describe('question analysis', () => {
  it('keeps the words of a question in Chinese that a frequency stopword list drops (年, 人): the counted thing is the focus', () => {
    const people = analyzeQuestion('这座城市有多少人？', ['zh']);
    expect(people.kind?.id).toBe('quantity');
    expect(people.terms.find((t) => t.focus)?.surface).toBe('人');
    expect(analyzeQuestion('长江大桥是哪一年建成的？', ['zh']).terms.map((t) => t.surface)).toContain('年');
  });

  it('drops function words of a language written with spaces', () => {
    expect(analyzeQuestion('Wie viele Länder haben die Konvention unterzeichnet?', ['de']).terms.map((t) => t.surface)).not.toContain('die');
  });
});
