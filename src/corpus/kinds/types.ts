import type { ValueSpan } from '../text/spans.js';
import type { Token } from '../text/analyzer.js';

/** A sentence as the kinds read it. */
export interface KindSentence {
  text: string;
  tokens: Token[];
  language: string;
}

/**
 * One kind of answer people ask for. Adding a kind is one file in this folder and one line in
 * `registry.ts`.
 */
export interface AnswerKindSpec {
  id: string;
  /** Interrogatives at the opening of a question (word-bounded, any language). */
  opening: RegExp | null;
  /** Interrogatives anywhere in the question (languages that do not front them: Chinese, Vietnamese, Turkish…). */
  anywhere: RegExp | null;
  /**
   * Questions of this kind, for a model to recognise it by meaning in languages the
   * interrogatives above do not cover (a multilingual model puts "Ni kura ngapi?" near "How many
   * votes?"). English suffices for a multilingual model.
   */
  exemplars: readonly string[];
  /** The values of this kind a sentence states. */
  spans(sentence: KindSentence): ValueSpan[];
  /** The value index's key for a span (see `valueKeysOf`), or null when such values recur by chance. */
  indexKey(span: ValueSpan): string | null;
  /** How much a span says (a full date over a year alone), in [0, 1]. */
  specificity(span: ValueSpan): number;
  /** Whether two keys are one value (names across scripts and spellings); key equality when absent. */
  sameValue?(a: string, b: string): boolean;
  /**
   * Whether a span is made of others of the kind (a period of two years): not a candidate of its
   * own; a candidate inside it is stated as it, for that is what the sentence says of it.
   */
  composite?(span: ValueSpan): boolean;
}
