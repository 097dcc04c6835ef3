import { cosine } from '../../embed/similarity.js';
import type { AnswerKindSpec } from '../../corpus/kinds/types.js';
import type { Tuning } from '../tuning.js';
import { denseRelevance, type QueryEmbedding } from './retrieval.js';

/** Each kind's exemplar questions as the loaded model embeds them (as queries). */
export type KindExemplars = ReadonlyArray<{ kind: AnswerKindSpec; vectors: Float32Array[] }>;

/**
 * Stage, with a model: the answer kind of a question the interrogatives do not cover (a language
 * not in the table), by how close it stands in meaning to each kind's exemplar questions,
 * measured like dense relevance against the model's own similarity to unrelated text. A kind is
 * taken only when it is clearly relevant and clearly ahead of the next: an open question stays open.
 */
export function kindByMeaning(query: QueryEmbedding, exemplars: KindExemplars, tuning: Tuning): AnswerKindSpec | null {
  const ranked = exemplars
    .map(({ kind, vectors }) => ({ kind, relevance: denseRelevance(Math.max(...vectors.map((v) => cosine(query.vector, v))), query.background, tuning) }))
    .sort((a, b) => b.relevance - a.relevance);
  const [best, next] = ranked;
  if (!best || best.relevance < tuning.kindByMeaningRelevance) return null;
  return best.relevance - (next?.relevance ?? 0) >= tuning.kindByMeaningMargin ? best.kind : null;
}
