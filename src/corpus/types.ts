/** A paragraph of an article's body, located in the raw file so quotes can be checked and found. */
export interface Paragraph {
  /** 1-based position among the body's paragraphs. */
  number: number;
  text: string;
  /** Character offset of `text` in the raw article. */
  start: number;
}

/**
 * What an article file says about itself beyond its text (its header: `article-file.ts`); every
 * field is absent when not known. Articles in the plain layout have none of it.
 */
export interface ArticleMetadata {
  /** The publication, e.g. `Libération.fr`, or the host the article came from. */
  outlet?: string;
  /** When it was published, as the page states it (ISO 8601: `2025-10-25` or a date and time). */
  published?: string;
  /** When it was fetched or added (ISO 8601 date and time). */
  fetched?: string;
  byline?: string;
  /** Converted from a PDF: the page each run of paragraphs starts on, `[page, first paragraph]`, ascending. */
  pages?: Array<[number, number]>;
}

export interface Article {
  /** The file name, e.g. `000_dea65f15ca7fd346.txt`. */
  id: string;
  /** ISO 639-1 code, or `und` when the language cannot be told. */
  language: string;
  sourceUrl: string | null;
  /** A short title: the lead's first sentence, cut to a readable length. */
  title: string;
  /** The first paragraph of the body that is not a photo caption. */
  lead: string;
  paragraphs: Paragraph[];
  /** The raw file text: every quote is a substring of it. */
  raw: string;
  /** From the article's header; absent or `{}` for the plain layout. */
  metadata?: ArticleMetadata;
}

export interface Passage {
  /** Stable id derived from the article id and the passage text. */
  id: string;
  articleId: string;
  /** 1-based paragraph number in the article. */
  paragraph: number;
  text: string;
  /** Character offset of `text` in the raw article. */
  start: number;
}

/** Counts tokens the way the embedding model will; injected so the corpus stays model-agnostic. */
export type TokenCounter = (text: string) => number;
