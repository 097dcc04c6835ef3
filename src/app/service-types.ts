import type { Answer, RetrievalMode, SourceRef } from '../answer/types.js';
import type { AddItem, AddResult } from './add-sources.js';

/** An indexed article as the front ends list it. */
export interface ArticleSummary extends SourceRef {
  passages: number;
}

/** What the current index is: shown by `/sources` and in answer footers. */
export interface IndexInfo {
  mode: RetrievalMode;
  /** Embedding model id, or null for a keyword-only index. */
  model: string | null;
  articles: number;
  passages: number;
  builtAt: string;
  /** Why answers are keyword-only, when they are: the setting, or the model's loading error and its fix. */
  lexicalReason?: string | null;
}

/** The full passage behind a citation, for `/cite`. */
export interface PassageView {
  passageId: string;
  source: SourceRef;
  /** 1-based paragraph number in the article, and how many paragraphs the article has. */
  paragraph: number;
  paragraphCount: number;
  /** The page the passage is on, for articles converted from a PDF. */
  page?: number;
  text: string;
}

/** What an indexing run did. */
export interface IndexReport {
  articles: number;
  passages: number;
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  mode: RetrievalMode;
  model: string | null;
  /** Why the index is keyword-only, when it is (as its manifest records). */
  lexicalReason?: string | null;
  seconds: number;
  /** Lines for the user, e.g. why the index is keyword-only, or a seed file that was skipped. */
  warnings: string[];
}

export interface IndexProgress {
  phase: 'reading' | 'embedding' | 'writing';
  done: number;
  total: number;
}

/**
 * Everything a front end needs, loaded once (index and model) and reused for every question.
 * The CLI, the evaluation and the Discord bot all answer through `ask`.
 */
export interface ResearchService {
  ask(question: string): Promise<Answer>;
  passage(passageId: string): Promise<PassageView | undefined>;
  articles(): ArticleSummary[];
  info(): IndexInfo;
  /** Incremental re-index of the seeds folder; the service answers from the new index afterwards. */
  reindex(onProgress?: (progress: IndexProgress) => void): Promise<IndexReport>;
  /** Fetches links and uploaded files (FETCH_* limits), writes them into the seeds folder and re-indexes (as `reindex`). */
  add(items: readonly AddItem[]): Promise<AddResult>;
  close(): Promise<void>;
}

/** What the service's reads throw while the database cannot be reached: it passes, the same read may succeed later. */
export { DatabaseUnreachableError } from '../store/index-store.js';
