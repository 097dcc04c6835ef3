import { describe, expect, it } from 'vitest';
import { seedCorpus } from '../answer/fixtures.js';
import { BAD_QUESTIONS } from '../support/bad-questions.js';

describe('bad input through ask', async () => {
  const kb = await seedCorpus();
  const { engine } = kb;
  const answerQuestion = (question: string, _options?: unknown) => engine.ask(question);
  for (const [name, question] of BAD_QUESTIONS) {
    it(`answers ${name} sensibly`, async () => {
      const answer = await answerQuestion(question);
      expect(['answered', 'evidence', 'abstained']).toContain(answer.status);
      expect(answer.question.length).toBeLessThanOrEqual(1000);
      expect(answer.question).not.toMatch(/[\u0000-\u001f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
      if (answer.status === 'abstained') expect(answer.abstention!.reason.length).toBeGreaterThan(10);
      else expect(answer.quotes.length).toBeGreaterThan(0);
      for (const quote of answer.quotes) expect(kb.articles.get(quote.source.articleId)!.raw).toContain(quote.text);
    });
  }

  it('says so when only the start of a very long question was used', async () => {
    const answer = await answerQuestion('konvensjonen '.repeat(1600));
    expect(answer.notices).toContain('Only the first 1000 characters of the question were used.');
  });

  it('reads a question through control characters and terminal escapes', async () => {
    const answer = await answerQuestion('Hvor\u0000 mange\u0007 land\u001b[31m signerte?');
    expect(answer.values[0]?.value).toBe('72');
  });

  it('explains an empty question and a question without words', async () => {
    expect((await answerQuestion('')).abstention!.reason).toBe('The question is empty.');
    expect((await answerQuestion('🙂🔥')).abstention!.reason).toBe('The question has no words to search for.');
  });
});
