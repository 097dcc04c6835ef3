/**
 * The indexer's embedding step: each passage's vector (dense retrieval) and its sentences'
 * vectors (sentence scoring by meaning at answer time, without running the model on them).
 * One function, so the in-process indexer and indexing workers store the same vectors.
 */
import { splitSentences } from '../corpus/sentences.js';
import type { Passage } from '../corpus/types.js';
import type { Embedder } from '../embed/types.js';

export interface PassageEmbedding {
  vector: Float32Array;
  /** One per sentence, in `splitSentences` order (what the answer engine cuts at answer time). */
  sentenceVectors: Float32Array[];
}

/**
 * Embeds passages and their sentences in one pass through the model. A passage that is a single
 * sentence reuses its own vector, and a sentence that recurs (a standfirst, a source line) is
 * embedded once.
 */
export async function embedForIndex(
  embedder: Embedder,
  items: ReadonlyArray<{ passage: Passage; language: string }>,
  onProgress?: (done: number, total: number) => void,
): Promise<Map<string, PassageEmbedding>> {
  const sentencesOf = items.map(({ passage, language }) => {
    const sentences = splitSentences(passage.text, language).map((s) => s.text);
    return sentences.length === 1 && sentences[0] === passage.text ? null : sentences;
  });
  const sentenceTexts = [...new Set(sentencesOf.flatMap((s) => s ?? []))];
  const texts = [...items.map((i) => i.passage.text), ...sentenceTexts];
  onProgress?.(0, texts.length);
  const vectors = await embedder.embedPassages(texts, (done) => onProgress?.(done, texts.length));
  const sentenceVector = new Map(sentenceTexts.map((text, i) => [text, vectors[items.length + i]!]));
  return new Map(
    items.map(({ passage }, i) => {
      const vector = vectors[i]!;
      return [passage.id, { vector, sentenceVectors: sentencesOf[i]?.map((text) => sentenceVector.get(text)!) ?? [vector] }];
    }),
  );
}
