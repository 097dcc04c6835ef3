import type { AnswerStages } from './pipeline.js';
import { learnedLineScorer } from './stages/learned-line-scorer.js';
import { denseRetriever, keywordRetriever } from './stages/retrieval.js';

/** The stages every front end answers with: keyword and (with a model) dense retrieval, and the learned line scorer. */
export const DEFAULT_STAGES: AnswerStages = {
  retrievers: [
    { name: 'keyword', create: ({ keyword }) => keywordRetriever(keyword) },
    { name: 'dense', create: ({ vectors }) => (vectors ? denseRetriever(vectors) : null) },
  ],
  lineScorer: learnedLineScorer,
};
