import type { AnswerKindSpec } from '../../corpus/kinds/types.js';
import { ANSWER_KINDS } from '../../corpus/kinds/registry.js';
import type { SentenceCandidate } from './sentences.js';
import { coverage, type MatchableTerm } from './term-forms.js';
import type { Mention } from './values.js';

/**
 * What the stages know about the values that could answer: the candidates the line's scorer
 * weighs. One place defines the features, for answering and for training (`npm run train-answer`).
 */
export interface LineEvidence {
  kind: AnswerKindSpec;
  /** Every mention of the asked kind close enough to the question, best first by the stages' own score. */
  mentions: Mention[];
  sentences: SentenceCandidate[];
  terms: MatchableTerm[];
  /** The evidence's confidence (the engine abstains below its threshold). */
  confidence: number;
  /** Whether that confidence reaches the engine's threshold (below it, only a line the scorer is sure of is an answer). */
  covered: boolean;
  /** Whether the question says what a figure must measure. */
  measured: boolean;
  /** The question's language as detected (`und` when unsure), and whether a model read the sentences by meaning. */
  language: string;
  byMeaning: boolean;
}

/** Feature names, in the order the model's weights are stored. */
export const LINE_FEATURES = [
  'closeness',
  'lexical',
  'nearCoverage',
  'adjacentCoverage',
  'relative',
  'scoreShare',
  'topByScore',
  'confidence',
  'covered',
  'sentenceCoverage',
  'passageCoverage',
  'valuesInSentence',
  'sameValueMentions',
  'focusBeside',
  'measured',
  'sentenceStart',
  'bestSentence',
  'bestPassage',
  'questionWeight',
  'specificity',
  'words',
  'dense',
  'nearestInSentence',
  'closenessRank',
  'rarestWordNear',
  'rarestInSentence',
  ...ANSWER_KINDS.map((k) => `kind:${k.id}`),
] as const;

export type LineFeatureVector = Record<(typeof LINE_FEATURES)[number], number>;

/** Whether one of a term's forms stands right beside the span. */
function beside(term: MatchableTerm | undefined, mention: Mention): boolean {
  if (!term) return false;
  const { tokens } = mention.sentence;
  return [tokens[mention.span.first - 1], tokens[mention.span.last + 1]].some((t) => t && (term.forms.get(t.term) ?? 0) > 0);
}

/**
 * Share of the question's weight that stands within `window` words of the value (each word by its
 * strongest form, less with distance), over the whole question's, not only the words the sentence has.
 */
function nearCoverage(mention: Mention, terms: MatchableTerm[], window: number): number {
  const total = terms.reduce((sum, t) => sum + t.weight, 0);
  if (total === 0) return 0;
  const { tokens } = mention.sentence;
  let near = 0;
  for (const term of terms) {
    let best = 0;
    for (let i = Math.max(0, mention.span.first - window); i <= Math.min(tokens.length - 1, mention.span.last + window); i++) {
      const strength = term.forms.get(tokens[i]!.term) ?? 0;
      if (strength === 0) continue;
      const distance = i < mention.span.first ? mention.span.first - i : i > mention.span.last ? i - mention.span.last : 0;
      best = Math.max(best, strength / (1 + Math.max(0, distance - 1) / 3));
    }
    near += term.weight * best;
  }
  return near / total;
}

/**
 * How near the span stands to the rarest of the question's words its sentence has (the name or
 * term that picks out what is asked about): 1 beside it, less with every word between, 0 when the
 * sentence has none of them.
 */
function rarestWordNear(mention: Mention, terms: MatchableTerm[]): number {
  const { tokens } = mention.sentence;
  const present = terms.filter((t) => tokens.some((token) => (t.forms.get(token.term) ?? 0) > 0));
  if (present.length === 0) return 0;
  const rarest = present.reduce((a, b) => (b.weight > a.weight ? b : a));
  let nearest = Infinity;
  tokens.forEach((token, i) => {
    if ((rarest.forms.get(token.term) ?? 0) === 0 || (i >= mention.span.first && i <= mention.span.last)) return;
    nearest = Math.min(nearest, i < mention.span.first ? mention.span.first - i : i - mention.span.last);
  });
  return Number.isFinite(nearest) ? 1 / nearest : 0;
}

/** How strongly a sentence's words hold the question's rarest word (1: as written), 0 when they do not. */
function rarestIn(words: ReadonlySet<string>, terms: MatchableTerm[]): number {
  const known = terms.filter((t) => t.inCorpus);
  if (known.length === 0) return 0;
  const rarest = known.reduce((a, b) => (b.weight > a.weight ? b : a));
  let best = 0;
  for (const word of words) best = Math.max(best, rarest.forms.get(word) ?? 0);
  return best;
}

/** The features of one candidate value, each in about [0, 1]. */
export function candidateFeatures(evidence: LineEvidence, mention: Mention): LineFeatureVector {
  const { mentions, sentences, terms } = evidence;
  const sentence = mention.sentence;
  const passageTerms = new Set(sentences.filter((s) => s.passage.id === sentence.passage.id).flatMap((s) => [...s.terms]));
  const inSentence = new Set(mentions.filter((m) => m.sentence === sentence).map((m) => m.span.key)).size;
  const weight = terms.reduce((sum, t) => sum + t.weight, 0);
  const best = mentions[0]?.score ?? 0;
  const features: Record<string, number> = {
    closeness: mention.closeness,
    lexical: mention.lexical,
    nearCoverage: nearCoverage(mention, terms, 8),
    adjacentCoverage: nearCoverage(mention, terms, 2),
    relative: mention.relative,
    scoreShare: best > 0 ? mention.score / best : 0,
    topByScore: mention === mentions[0] ? 1 : 0,
    confidence: evidence.confidence,
    covered: evidence.covered ? 1 : 0,
    sentenceCoverage: coverage(terms, sentence.terms),
    passageCoverage: coverage(terms, passageTerms),
    valuesInSentence: 1 / Math.max(1, inSentence),
    sameValueMentions: Math.min(1, (mentions.filter((m) => m.span.key === mention.span.key).length - 1) / 3),
    focusBeside: beside(terms.find((t) => t.term.focus), mention) ? 1 : 0,
    measured: evidence.measured ? 1 : 0,
    sentenceStart: mention.span.first === 0 ? 1 : 0,
    bestSentence: sentence === sentences[0] ? 1 : 0,
    bestPassage: sentence.passage.id === sentences[0]?.passage.id ? 1 : 0,
    questionWeight: Math.min(1, weight / 20),
    specificity: evidence.kind.specificity(mention.span),
    words: Math.min(1, (mention.span.last - mention.span.first + 1) / 5),
    dense: sentence.scores.dense ?? 0,
    // Whether no other value of the sentence stands closer to the question's words, and how many candidates do.
    nearestInSentence: mentions.some((m) => m.sentence === sentence && m.closeness > mention.closeness) ? 0 : 1,
    closenessRank: 1 / (1 + mentions.filter((m) => m.closeness > mention.closeness).length),
    rarestWordNear: rarestWordNear(mention, terms),
    // Whether the sentence has the question's rarest word (what picks out its subject: "Maastricht" in "when was the Maastricht treaty signed?").
    rarestInSentence: rarestIn(sentence.terms, terms),
  };
  for (const kind of ANSWER_KINDS) features[`kind:${kind.id}`] = kind.id === evidence.kind.id ? 1 : 0;
  return features as LineFeatureVector;
}

/** A logistic model over the features (standardised), with the threshold chosen for the line's precision. */
export interface LineModel {
  features: readonly string[];
  mean: readonly number[];
  scale: readonly number[];
  /** One weight per feature, then the intercept. */
  weights: readonly number[];
  /** Lines are stated from this probability on. */
  threshold: number;
}

/** The probability that a candidate is the answer, by the model. */
export function lineProbability(model: LineModel, features: LineFeatureVector): number {
  let z = model.weights[model.features.length] ?? 0;
  model.features.forEach((name, i) => {
    const x = (features as Record<string, number>)[name] ?? 0;
    z += model.weights[i]! * ((x - model.mean[i]!) / (model.scale[i] || 1));
  });
  return 1 / (1 + Math.exp(-z));
}
