/**
 * Every tuning constant of the answer engine, with why it has its value. The evaluation can
 * override any of them (`npm run eval -- --tuning file.json`); calibrated values say on what.
 */
export interface Tuning {
  /** Passages each retriever returns before fusion: enough that the answer is among them, few enough to read every sentence. */
  retrievalDepth: number;
  /** Reciprocal rank fusion's usual constant: damps the difference between top ranks. */
  rrfK: number;
  /** Each retriever's best passages read whatever the fusion ranks them. */
  leadersPerRetriever: number;
  /** Passages whose sentences are read and scored. */
  passagesRead: number;
  /** Weights of the sentence signals (each in [0, 1]) in a sentence's score. */
  sentenceWeights: {
    /** Share of the question's weight (idf) found in the sentence. */
    coverage: number;
    /** The sentence's own BM25 against the question, relative to the best sentence's. */
    bm25: number;
    /** Its passage's retrieval score, relative to the best passage's. */
    passage: number;
    /** The question's words found in the sentences just before and after (a subject named in one sentence, the fact in the next). */
    neighbours: number;
    /** Semantic closeness to the question, when a model is loaded. */
    dense: number;
    /** The sentence holds a value of the kind asked for (a figure for "how many"). */
    kindFit: number;
  };
  /** With a model and an index without sentence vectors (written before they were kept): sentences embedded at answer time per question (those of the best passages first); the rest keep their passage's dense score. Bounds the time per answer. */
  sentencesEmbedded: number;
  /** With a model, sentences are embedded only when the best sentence covers less than this share of the question's words. */
  wordsSufficeCoverage: number;
  /** Other articles' sentences compared by meaning with the best statement, per answer. */
  statementsEmbedded: number;
  /** Sentence vectors kept between questions. */
  sentenceVectorCache: number;
  /** Quotes of evidence (beyond value quotes): the best sentences, from different passages first. */
  evidenceQuotes: number;
  /** A sentence is quoted as evidence only when it scores this share of the best one. */
  evidenceShare: number;
  /** Compound parts shorter than this match too much (`land` in `landskap`). */
  minCompoundPart: number;
  /** Strength of a compound head (`cybersäkerhet` in `cybersäkerhetsprogram`) and tail (`Sitzungen` in `Plenarsitzungen`) match. */
  compoundHead: number;
  compoundTail: number;
  /** Cognates: words at least this long, sharing this many first letters and this share of letter pairs, match with this strength. */
  minCognateLength: number;
  cognatePrefix: number;
  cognateSimilarity: number;
  cognateStrength: number;
  /** Compound forms looked up per question term (most frequent first): bounds the work per answer. */
  compoundFormsPerTerm: number;
  /** In a value's closeness, the weight multiplier of the word a quantity question counts ("how many *countries*") or a person question's role. */
  focusWeight: number;
  /** How far (in words) a question word still counts as near a value. */
  valueWindow: number;
  /** With a model, when no sentence's words tell which value answers (another language): at most this many phrases around the best sentence's values are embedded per answer. Bounds the time per answer. */
  phrasesEmbedded: number;
  /** Words each side of a value in the phrase embedded for it: what a figure counts stands within a word or two of it ("31 Stimmen dafür"), and a wider window takes in the neighbouring figure's words ("… und 8 dagegen"). */
  phraseWindow: number;
  /** A value's closeness to the question's words must reach this to answer it. */
  minValueCloseness: number;
  /** Least closeness of a value to the question's words for the line's scorer to weigh it (the scorer decides; this bounds the work). */
  minCandidateCloseness: number;
  /** Most candidate values the line's scorer weighs per question (the best by the stages' own score). */
  candidatesScored: number;
  /** Another article's value competes (a disagreement) when its statement scores this share of the best. */
  competeShare: number;
  /** Another article's sentence says the same thing as the best statement (and its value is compared) from this similarity on. */
  minStatementSimilarity: number;
  /** Similarity given to a sentence that shares a distinctive value (a figure, date or name) with the best statement. */
  anchorSimilarity: number;
  /** Other articles' statements of a value (from the value index) read to tell whether they state the same fact: only those are counted as support. */
  supportStatementsRead: number;
  /** Another article's passage tells the best statement's story (a translation: most figures and names recur) from this similarity on… */
  minStorySimilarity: number;
  /** …sharing at least this many of them (two paragraphs that share one year do not tell one story): where the story states no other figure. */
  minStoryAnchors: number;
  /** Another article tells the best statement's story only if it states this share of the figures the two state (one changed figure allowed): reports of other events share a year or two. */
  minStoryFigureShare: number;
  /** With one figure in common, another article tells the same story from this many shared names and cognates on. */
  minStoryWords: number;
  /** A value another report of the same story gives in the best value's place is another statement of it (a disagreement) when a year is at most this many years off… */
  maxYearVariance: number;
  /** …or an amount at least this share of the other: reports that disagree on a figure round or err by a little, not by a factor. */
  minVariantRatio: number;
  /** The search for other articles' statements of a fact asks for this many times passagesRead passages: those of the articles already stating it rank first, and are passed over. */
  alignmentSearchDepth: number;
  /** Another article's statement of the same value supports it from this similarity to the best statement on (by what survives translation): lower than a disagreement needs, since the value itself is shared. */
  supportSimilarity: number;
  /** Two values are statements of the same fact from this share of cognate words around them (what is counted, what was done) on. */
  minFrameSimilarity: number;
  /** Another article's statement of the best value supports it when its passage covers this share of the question as well as the best statement's does. */
  sameSubjectShare: number;
  /** Statements of a value looked up in the value index per answer (support across articles). */
  statementsPerValue: number;
  /** At most this many articles stating the line's value raise its confidence (they are not fully independent). */
  supportCounted: number;
  /**
   * Another value whose sentence has a word of the question the line's sentence lacks, at this share of the line
   * value's probability or more, is another fact the question could mean (`stages/rival-fact.ts`): no line.
   */
  rivalShare: number;
  /**
   * Below this confidence the engine abstains, unless the line's scorer states a line. Calibrated with `npm run eval` on the calibration
   * sets (../shared/eval/norquad-dev and eval/sets/calibration-*), keyword-only, as the threshold
   * where at least 9 in 10 unanswerable questions abstain.
   */
  minConfidence: number;
  /** With a model, a question the interrogatives do not cover takes the kind whose exemplar questions are at least this relevant (dense relevance, 0–1)… */
  kindByMeaningRelevance: number;
  /** …and this much more relevant than the next kind's: a question between kinds stays open. */
  kindByMeaningMargin: number;
  /** Dense relevance: how many standard deviations above the question's background similarity count as unrelated and as clearly relevant. */
  denseUnrelatedZ: number;
  denseRelevantZ: number;
  /** Passage vectors sampled to measure a question's background similarity. */
  backgroundSample: number;
}

export const DEFAULT_TUNING: Tuning = {
  retrievalDepth: 30,
  rrfK: 60,
  leadersPerRetriever: 3,
  passagesRead: 10,
  sentenceWeights: { coverage: 0.45, bm25: 0.2, passage: 0.15, neighbours: 0.1, dense: 0.25, kindFit: 0.1 },
  sentencesEmbedded: 12,
  wordsSufficeCoverage: 0.8,
  statementsEmbedded: 6,
  sentenceVectorCache: 4096,
  evidenceQuotes: 3,
  evidenceShare: 0.5,
  minCompoundPart: 5,
  compoundHead: 0.8,
  compoundTail: 0.7,
  compoundFormsPerTerm: 20,
  minCognateLength: 6,
  cognatePrefix: 4,
  cognateSimilarity: 0.6,
  cognateStrength: 0.6,
  focusWeight: 2,
  valueWindow: 8,
  phrasesEmbedded: 6,
  phraseWindow: 2,
  minValueCloseness: 0.3,
  minCandidateCloseness: 0,
  candidatesScored: 16,
  competeShare: 0.75,
  minStatementSimilarity: 0.5,
  anchorSimilarity: 0.6,
  supportStatementsRead: 12,
  sameSubjectShare: 0.8,
  minFrameSimilarity: 0.6,
  supportSimilarity: 0.15,
  alignmentSearchDepth: 3,
  minStorySimilarity: 0.35,
  minStoryAnchors: 3,
  minStoryFigureShare: 0.6,
  minStoryWords: 2,
  maxYearVariance: 10,
  minVariantRatio: 0.75,
  statementsPerValue: 50,
  supportCounted: 3,
  // "Nearly as likely": a value the scorer finds a fifth less likely still competes for what the question means.
  rivalShare: 0.8,
  minConfidence: 0.5,
  kindByMeaningRelevance: 0.5,
  kindByMeaningMargin: 0.2,
  denseUnrelatedZ: 2.5,
  denseRelevantZ: 4.5,
  backgroundSample: 256,
};
