import model from '../line-model.json' with { type: 'json' };
import type { LineScorer } from '../pipeline.js';
import { candidateFeatures, lineProbability, type LineModel } from './line-confidence.js';

/**
 * The line's scorer: logistic regression over a candidate's features, trained on the training
 * splits of public reading-comprehension data (`npm run train-answer`; data and licences in
 * eval/training/README.md), its threshold chosen on the calibration sets for the line's precision.
 *
 * It is trained keyword-only, on questions asked in their articles' language (no embedding model
 * can be had where it is trained): where a model reads a sentence in another language than the
 * question's, or finds a candidate close by meaning alone, the candidate is judged by that
 * closeness and its sentence's standing instead, the stages' own measures.
 */
export function learnedScorer(trained: LineModel): LineScorer {
  return {
    name: 'learned',
    threshold: trained.threshold,
    score(evidence, candidate) {
      const otherLanguage = evidence.byMeaning && evidence.language !== 'und' && candidate.sentence.passage.article.language !== evidence.language;
      if (otherLanguage || (candidate.lexical === 0 && candidate.closeness > 0)) return candidate.closeness * candidate.relative;
      return lineProbability(trained, candidateFeatures(evidence, candidate));
    },
  };
}

export const learnedLineScorer: LineScorer = learnedScorer(model as LineModel);
