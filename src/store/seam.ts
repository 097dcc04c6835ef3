/**
 * The storage seam: what the indexer writes and what the answer stages read, as interfaces.
 * Every store (the embedded one in the index folder, PostgreSQL) implements these, and one
 * contract test suite runs against each (`test/store/contract/`).
 *
 * Designed for a store in another process: every call is async and batched (ids in, records
 * out), and nothing loads the whole corpus. A reader is one consistent snapshot: it never sees
 * half of an index run.
 */
import type { Article, ArticleMetadata, Passage } from '../corpus/types.js';
import type { Manifest } from './manifest.js';

/** An article's attribution and shape, without its text. */
export interface ArticleRecord {
  id: string;
  language: string;
  sourceUrl: string | null;
  title: string;
  /** How many paragraphs the article's body has (for "paragraph 3 of 7"). */
  paragraphCount: number;
  passageCount: number;
  /** Outlet, publication date, fetch time, byline, pages: what the article file's header says (`{}` when nothing). */
  metadata: ArticleMetadata;
}

/** A passage as stored: its text, where it sits in its article, and the article's attribution. */
export interface PassageRecord extends Passage {
  article: ArticleRecord;
}

export interface KeywordHit {
  passageId: string;
  score: number;
}

export interface VectorHit {
  passageId: string;
  /** Cosine similarity. */
  score: number;
}

/**
 * One question term as the keyword store matches it: index terms (stems, numbers, compound
 * parts) with a strength in (0, 1]. A passage scores with the best of a term's forms, so a word
 * matched several ways counts once.
 */
export type TermForms = ReadonlyMap<string, number>;

/** BM25 corpus statistics. */
export interface KeywordStats {
  documents: number;
  averageLength: number;
}

/** Keyword search over passages' analysed terms (the product's own analysis, same in every store). */
export interface KeywordStore {
  stats(): Promise<KeywordStats>;
  /** How many passages contain each term (absent terms: 0). */
  documentFrequencies(terms: readonly string[]): Promise<Map<string, number>>;
  /** Index terms that start with `prefix` (compound heads), most frequent first, at most `limit`. */
  termsWithPrefix(prefix: string, limit: number): Promise<string[]>;
  /** Index terms that end with `suffix` (compound tails), most frequent first, at most `limit`. */
  termsWithSuffix(suffix: string, limit: number): Promise<string[]>;
  /** BM25 (k1 1.2, b 0.75), each query term scoring with its best form; best first. */
  search(query: readonly TermForms[], topK: number): Promise<KeywordHit[]>;
}

/** Dense search over passage vectors. */
export interface VectorStore {
  readonly dimensions: number;
  count(): Promise<number>;
  /** The `topK` passages most similar to `vector` by cosine, best first. */
  query(vector: Float32Array, topK: number): Promise<VectorHit[]>;
  /** Stored vectors of the given passages (absent ids are left out). */
  vectorsOf(passageIds: readonly string[]): Promise<Map<string, Float32Array>>;
  /** Up to `n` vectors spread over the corpus (the background a question's similarity is measured against); deterministic. */
  sample(n: number): Promise<Float32Array[]>;
  /**
   * The sentence vectors of the given passages, one per sentence in the order `splitSentences`
   * cuts the passage (stores may keep them quantised: close to, not equal to, what was written).
   * Passages without them (absent ids, an index written before they existed) are left out.
   */
  sentenceVectorsOf(passageIds: readonly string[]): Promise<Map<string, Float32Array[]>>;
}

/**
 * Where a value (a figure in canonical form, a name's lower-cased core) is stated: built at
 * index time, so support across articles is a look-up, not a scan.
 */
export interface ValueStatement {
  key: string;
  passageId: string;
  articleId: string;
}

/** Articles and passages by id, and the value index. */
export interface DocumentStore {
  articles(): Promise<ArticleRecord[]>;
  passages(ids: readonly string[]): Promise<PassageRecord[]>;
  /** Every passage of the given articles, article by article as asked, each article's in text order (another report's whole story). */
  passagesOf(articleIds: readonly string[]): Promise<PassageRecord[]>;
  /** Statements of each key, at most `perKey` each, one per article first. */
  statements(keys: readonly string[], perKey: number): Promise<ValueStatement[]>;
}

/** One consistent state of the index, as the answer stages and front ends read it. */
export interface IndexSnapshot {
  manifest: Manifest;
  documents: DocumentStore;
  keyword: KeywordStore;
  /** Null for a keyword-only index. */
  vectors: VectorStore | null;
  close(): Promise<void>;
}

/** A passage with what the index needs of it, computed by the indexer (pure corpus analysis and the embedder). */
export interface IndexedPassage {
  passage: Passage;
  /** Analysed terms in text order (stems, canonical numbers): the keyword store's input. */
  terms: string[];
  /** Value keys the passage states (see `ValueStatement`). */
  valueKeys: string[];
  /** Null in a keyword-only index. */
  vector: Float32Array | null;
  /**
   * One vector per sentence (`splitSentences` of the passage, in order), made at index time so
   * the answer engine scores sentences by meaning without running the model on them. Null in a
   * keyword-only index.
   */
  sentenceVectors: Float32Array[] | null;
}

/** What one index run changes. Articles absent from `upsert` and `remove` stay as they are. */
export interface IndexChange {
  /** The store fills in `generation`, `passageCount` and `files` (what it wrote). */
  manifest: Omit<Manifest, 'generation' | 'passageCount' | 'files'>;
  /** Added or changed articles with all their passages (a changed article's old passages go). */
  upsert: Array<{ article: Article; passages: IndexedPassage[] }>;
  /** Ids of articles to drop. */
  remove: string[];
  /** Start from an empty index instead of the current one. */
  rebuild: boolean;
}

/**
 * An index run's embedding step shared with worker processes, on this machine or others (index
 * workers, app/index-workers.ts): the writer queues the run's passages in batches, each worker
 * takes one batch at a time, embeds it and stores the result. Items and results are opaque here.
 * A run lasts while its writer's handle is open: should the writer die, its session ends with it,
 * and workers drop the run's batches instead of embedding them.
 */
export interface EmbeddingQueue {
  /**
   * Queues a run's batches for workers with exactly `model` (what identifies the model's vectors:
   * its signature and content fingerprint), dropping what runs before it left.
   */
  start(run: string, model: object, batches: readonly unknown[][]): Promise<QueuedRun>;
  /**
   * Takes the first waiting batch of a live run made for `model`, held until `finish` or `release`
   * (or until this process's connection ends); null when none is waiting. Drops the batches of
   * runs whose writer is gone on the way.
   */
  claim(model: object, worker: string): Promise<ClaimedBatch | null>;
  /** Live runs with batches waiting for a model other than `model`, with the model they are for. */
  otherModels(model: object): Promise<Array<{ run: string; model: unknown }>>;
  /** Calls `listener` whenever batches are queued or finished; returns the function that stops it. */
  watch(listener: () => void): Promise<() => Promise<void>>;
}

/** A run's batches as its writer sees them. */
export interface QueuedRun {
  readonly run: string;
  /** How many batches have no result yet. */
  waiting(): Promise<number>;
  /** Every batch's result, in batch order, with the worker that made it. */
  results(): Promise<Array<{ batch: number; result: Buffer; worker: string }>>;
  /** Settles with the reason if the run's session ends before `close` (workers then drop the run). */
  readonly lost: Promise<Error>;
  /** Drops the run's batches and ends its session. */
  close(): Promise<void>;
}

export interface ClaimedBatch {
  run: string;
  batch: number;
  items: unknown[];
  /** Stores the result and lets the batch go; false when the run's writer is gone (the result is dropped with the run). */
  finish(result: Buffer): Promise<boolean>;
  /** Lets the batch go unfinished: another worker takes it. */
  release(): Promise<void>;
}

/** A store's lifecycle: one writer at a time, atomic switches, any number of readers. */
export interface IndexBackend {
  /** The current manifest, or null when there is no (readable) index. */
  readManifest(): Promise<Manifest | null>;
  /** Every file or table verified against what was written; the first damaged one named, or null. */
  findDamage(): Promise<string | null>;
  /** Opens the current state for reading. */
  open(): Promise<IndexSnapshot>;
  /**
   * Takes the writer lock (it survives crashes: a crashed holder's lock goes with it) and holds it
   * until `release`; a second writer waits or fails with a message naming the holder.
   */
  lockWriter(): Promise<{ release(): Promise<void> }>;
  /** Applies a change atomically: readers see the previous state or the new one, never a mix. */
  apply(change: IndexChange): Promise<void>;
  /**
   * Calls `listener` with the new generation after any process's index run commits, for stores
   * that can tell (PostgreSQL: LISTEN/NOTIFY); returns the function that stops listening.
   * `onStatus` hears when the store stops being able to tell (its connection dropped) and when
   * it can again (then `listener` gets the current generation).
   */
  watch?(listener: (generation: string) => void, onStatus?: (status: WatchStatus) => void): Promise<() => Promise<void>>;
  /**
   * The generation a reader opening now would get, cheap enough to ask before every question,
   * for stores whose change notices can be missed (the embedded store: a look at the manifest
   * file, read again only when it changed); null when there is no index.
   */
  currentGeneration?(): Promise<string | null>;
  /** The queue index workers share a run's embedding through, for stores that reach other processes (PostgreSQL). */
  embeddingQueue?(): Promise<EmbeddingQueue>;
}

/** Whether a store's watch can hear of index runs: `error` says why not. */
export type WatchStatus = { connected: true } | { connected: false; error: Error };

