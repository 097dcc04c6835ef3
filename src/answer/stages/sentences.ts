import { BoundedMap } from '../../bounded-map.js';
import { splitSentences } from '../../corpus/sentences.js';
import { tokenize, type Token } from '../../corpus/text/analyzer.js';
import type { ValueSpan } from '../../corpus/text/spans.js';
import type { DocumentStore, PassageRecord } from '../../store/seam.js';
import type { AnswerKindSpec } from '../../corpus/kinds/types.js';
import type { PassageCandidate } from './retrieval.js';

/** A sentence of a retrieved passage, analysed at answer time, with its signals' scores by name. */
export interface SentenceCandidate {
  passage: PassageRecord;
  /** The passage's retrieval scores. */
  passageScores: Record<string, number>;
  /** Position among the passage's sentences. */
  index: number;
  /** How many sentences the passage has (a store's sentence vectors must number the same). */
  passageSentences: number;
  text: string;
  /** Offset in the article's raw text. */
  start: number;
  tokens: Token[];
  terms: Set<string>;
  /** Each signal's score in [0, 1], by signal name, and `total`. */
  scores: Record<string, number>;
  /** Value spans by answer kind, found once per sentence (see `spansOf`). */
  spans: Map<string, ValueSpan[]>;
}

/** The values of a kind a sentence states, found once and kept with the sentence. */
export function spansOf(kind: AnswerKindSpec, sentence: SentenceCandidate): ValueSpan[] {
  let spans = sentence.spans.get(kind.id);
  if (!spans) sentence.spans.set(kind.id, (spans = kind.spans({ text: sentence.text, tokens: sentence.tokens, language: sentence.passage.article.language })));
  return spans;
}

/** A sentence as analysed: the same for every question that reads its passage. */
type AnalysedSentence = Pick<SentenceCandidate, 'index' | 'text' | 'tokens' | 'terms' | 'spans'> & { offset: number };

/**
 * Passages' sentences as analysed (splitting, stemming, value spans: most of an answer's work),
 * kept for the next questions, which often read the same passages (follow-ups, the value index's
 * statements of common figures). By language and text, so a changed passage is analysed afresh.
 */
const analysed = new BoundedMap<string, AnalysedSentence[]>(2048);

function analyse(passage: PassageRecord): AnalysedSentence[] {
  const { language } = passage.article;
  const key = `${language}:${passage.text}`;
  let sentences = analysed.get(key);
  if (!sentences) {
    sentences = splitSentences(passage.text, language).map((s, index) => {
      const tokens = tokenize(s.text, language);
      return { index, text: s.text, offset: s.start, tokens, terms: new Set(tokens.map((t) => t.term)), spans: new Map() };
    });
    analysed.set(key, sentences);
  }
  return sentences;
}

/** Stage: the sentences of the best passages (a bounded number), read from the document store. */
export async function readSentences(documents: DocumentStore, candidates: PassageCandidate[], passagesRead: number): Promise<SentenceCandidate[]> {
  const chosen = candidates.slice(0, passagesRead);
  const records = new Map((await documents.passages(chosen.map((c) => c.passageId))).map((r) => [r.id, r]));
  return chosen.flatMap((candidate) => {
    const passage = records.get(candidate.passageId);
    if (!passage) return [];
    const sentences = analyse(passage);
    return sentences.map(({ offset, ...s }) => ({ ...s, passage, passageScores: candidate.scores, passageSentences: sentences.length, start: passage.start + offset, scores: {} }));
  });
}
