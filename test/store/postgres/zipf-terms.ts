/** Words and questions for the keyword top-k tests: Zipf-distributed, a few very common and most rare. */
import { seededRandom } from '../../../src/seeded-random.js';
import type { TermForms } from '../../../src/store/seam.js';

/** A word of a vocabulary of `vocabulary` words (`w0` the most common), from a uniform source. */
export const zipfWord = (random: () => number, vocabulary: number) => `w${Math.floor(vocabulary ** random() - 1)}`;

/** Questions of `minTerms`–`maxTerms` terms, common and rare, some with weaker forms (compound parts, cognates) or forms no passage has. */
export function zipfQuestions(count: number, options: { seed: number; vocabulary: number; minTerms: number; maxTerms: number }): TermForms[][] {
  const random = seededRandom(options.seed);
  const term = () => zipfWord(random, options.vocabulary);
  return Array.from({ length: count }, () =>
    Array.from({ length: options.minTerms + Math.floor(random() * (options.maxTerms - options.minTerms + 1)) }, () => {
      const forms = new Map([[term(), 1]]);
      if (random() < 0.4) forms.set(term(), 0.8);
      if (random() < 0.2) forms.set(`absent-${Math.floor(random() * 10)}`, 0.6);
      return forms;
    }),
  );
}
