/**
 * The answer is data: every front end (CLI, evaluation, Discord) renders this one structure
 * its own way, so citation numbers and sources can never drift apart between them.
 */

/** How the passages behind an answer were retrieved. */
export type RetrievalMode = 'hybrid' | 'dense' | 'lexical';

/** Where a quote comes from: enough to attribute it and to find it again in its article. */
export interface SourceRef {
  /** Article id: the seed file name, e.g. `000_dea65f15ca7fd346.txt`. */
  articleId: string;
  title: string;
  /** ISO 639-1 code of the article's language. */
  language: string;
  /** The article's source URL, or null when the article names none. */
  url: string | null;
  /** The publication (`Libération.fr`, `vtv.vn`), when the article file names it. */
  outlet?: string;
  /** The publication date (ISO 8601), when the article file states it. */
  published?: string;
}

/** One numbered, verbatim piece of evidence. */
export interface Quote {
  /** 1-based citation number, as shown: `[1]`, `[2]`… Quotes are numbered 1..n in order. */
  citation: number;
  passageId: string;
  source: SourceRef;
  /** 1-based paragraph number of the passage in its article's body. */
  paragraph: number;
  /** The page the passage is on, for articles converted from a PDF. */
  page?: number;
  /** Verbatim text: an exact substring of the article (without the ellipses). */
  text: string;
  /** True when the quote starts or ends inside its passage, so renderers add an ellipsis. */
  trimmedStart: boolean;
  trimmedEnd: boolean;
}

/** One value stated for what was asked, with the quotes and articles that state it. */
export interface StatedValue {
  /** The value as it reads in the evidence, e.g. `72`, `2.500`, `Luong Tam Quang`. */
  value: string;
  /** Citation numbers of the quotes that state this value. */
  citations: number[];
  /** Ids of the distinct articles that state it. */
  articleIds: string[];
  /** Words next to the value that explain it (e.g. "at the opening session"), when the text gives them. */
  context: string | null;
}

export interface Abstention {
  /** Plain reason shown to the user. */
  reason: string;
  /** One line on what the corpus is about, so the user knows what can be asked. */
  corpusSummary: string;
}

export interface Answer {
  /** Stable id for follow-ups such as `/cite`. */
  id: string;
  question: string;
  mode: RetrievalMode;
  /**
   * `answered`: the evidence states a value (see `values`).
   * `evidence`: relevant quotes, but no single value to state.
   * `abstained`: the corpus does not answer; `abstention` says why, `quotes` is empty.
   */
  status: 'answered' | 'evidence' | 'abstained';
  /** The direct answer line, e.g. `72 — stated by 4 of 5 articles`; null when there is none. */
  answerLine: string | null;
  /** Values stated for the question; more than one means the articles disagree. */
  values: StatedValue[];
  quotes: Quote[];
  abstention: Abstention | null;
  /** Things the user should know about how the answer was made (e.g. keyword search only). */
  notices: string[];
  /**
   * How sure the engine is that the quotes answer the question, in [0, 1]; it abstains below its
   * calibrated threshold unless the line's scorer is sure of a value. The evaluation sweeps thresholds over it (risk-coverage).
   */
  confidence: number;
  /**
   * The calibrated probability, in [0, 1], that the line's first value (`values[0]`) is right.
   * Absent: `confidence` stands for it. The evaluation sweeps thresholds over it (the line's risk-coverage).
   */
  lineConfidence?: number;
  /** The passages retrieval ranked, best first (for found@k and MRR over retrieval, not only the quotes). */
  retrieved: Array<{ passageId: string; articleId: string }>;
  timings: AnswerTimings;
}

export interface AnswerTimings {
  embedMs: number;
  searchMs: number;
  evidenceMs: number;
  totalMs: number;
}
