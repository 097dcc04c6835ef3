/**
 * Every tuning constant of the PostgreSQL store, with why it has its value. Figures measured for
 * them are in BENCHMARKS.md and docs/benchmarks/. `PostgresBackend` takes overrides of any of
 * them (the tests and the benchmark use that); the product runs with the defaults.
 */
export interface PostgresSettings {
  /**
   * Connections of a process: two a snapshot (keyword and vector searches at once), two snapshots
   * while a reopen overlaps, and a writer's.
   */
  poolSize: number;
  /** How long a connection attempt may take before the server counts as unreachable. */
  connectTimeoutMs: number;
  /** How long a second writer waits for the first before giving up. */
  lockWaitMs: number;
  /** A LISTEN connection that drops is made again after a wait doubling from `firstMs` up to `mostMs` while the server stays away. */
  reconnect: { firstMs: number; mostMs: number };

  /** Rows of postings, passages and terms per INSERT … SELECT FROM unnest(…) statement. */
  rowsPerStatement: number;
  /** Articles per INSERT statement (each carries its metadata as JSON). */
  articlesPerStatement: number;
  /** Embedding batches queued per INSERT statement (each carries its passages as JSON). */
  batchesPerStatement: number;
  /**
   * A run bringing more than this share of the index's vectors fills a new vector table and builds
   * HNSW once: inserting into HNSW row by row costs about 15 times what building it costs per row.
   */
  newVectorTableFrom: number;
  /** HNSW's graph: links per node and candidate list while building (pgvector's defaults). */
  hnsw: { m: number; efConstruction: number };
  /** The average passage length may move this much (relative) from the impact index's before an index run builds a new one. */
  impactDrift: number;
  /**
   * How long an index run waits to drop what readers may still hold: a vector table no snapshot
   * uses (a reader's lock makes it wait for a later run), and, once it has committed, an impact
   * index no longer current (DROP INDEX CONCURRENTLY waits for the snapshots reading it; past
   * this, the next run drops it).
   */
  dropWaitMs: { vectorTable: number; staleIndex: number };

  /**
   * A snapshot's transactions end after this many ms without a query (the next query begins
   * another at the same version of the index, or fails with IndexChangedError if an index run
   * committed meanwhile): an open transaction holds back vacuum for as long as it lasts.
   */
  idleMs: number;
  /** Below this many vectors, dense search is exact (a scan); above, HNSW. */
  exactVectorSearchBelow: number;
  /**
   * HNSW's candidate list at query time, raised to the number of hits asked for: recall@10 0.95
   * at 1M passages (0.89 with 200, 0.87 with 100), 1.00 at 100k, for about 4 ms more at p95 than 200.
   */
  efSearch: number;
  /** …and at most this (pgvector refuses more). */
  efSearchAtMost: number;
  /** Keyword search in impact order (impact-order.ts). */
  keyword: KeywordSettings;
}

/** How keyword search reads postings best first (impact-order.ts). */
export interface KeywordSettings {
  /** Postings read of each form in its first round; each later round reads as many again as the form has read. */
  firstDepth: number;
  /**
   * At most this many passages looked up in one round; past it, lists are read deeper. A look-up
   * reads the passage's postings at random: at a million passages about 0.25 ms a passage, against
   * 0.5 µs for a posting read in order.
   */
  lookUpsAtMost: number;
  /**
   * Postings read at most, for a question whose top k the lists cannot settle sooner; then the
   * best candidates so far are looked up and the k best of them, scored exactly, are the answer
   * (an "anytime" search: the same top k whenever the lists settle within it, as they always do
   * for a question with fewer postings). Bounds the slowest questions as `efSearch` bounds the
   * vector search: at 1M hybrid retrieval p95 from 171 to 37–46 ms, recall@30 0.955.
   * Infinity: exact always.
   */
  postingsAtMost: number;
  /** Candidates looked up when the budget is spent, best by what they have so far. */
  settleLookUps: number;
  /** A read round of at least this many postings is read in two halves on two connections at once. */
  splitRoundFrom: number;
  /**
   * A form is read further while its bound is at least this share of its term's, and its term's
   * of the largest term bound: a common word's form, whose postings all score little, waits.
   */
  readShare: number;
}

export const DEFAULT_POSTGRES_SETTINGS: PostgresSettings = {
  poolSize: 6,
  connectTimeoutMs: 10_000,
  lockWaitMs: 3_000,
  reconnect: { firstMs: 250, mostMs: 30_000 },
  rowsPerStatement: 20_000,
  articlesPerStatement: 500,
  batchesPerStatement: 500,
  newVectorTableFrom: 0.25,
  hnsw: { m: 16, efConstruction: 64 },
  impactDrift: 0.2,
  dropWaitMs: { vectorTable: 50, staleIndex: 60_000 },
  idleMs: 30_000,
  exactVectorSearchBelow: 20_000,
  efSearch: 400,
  efSearchAtMost: 1_000,
  keyword: { firstDepth: 1_000, lookUpsAtMost: 150, postingsAtMost: 20_000, settleLookUps: 60, splitRoundFrom: 4_000, readShare: 0.5 },
};

/** Overrides of some settings (and of some keyword settings). */
export type PostgresSettingsOverrides = Partial<Omit<PostgresSettings, 'keyword'>> & { keyword?: Partial<KeywordSettings> };

/** The defaults with `overrides` applied. */
export function postgresSettings(overrides: PostgresSettingsOverrides = {}): PostgresSettings {
  return { ...DEFAULT_POSTGRES_SETTINGS, ...overrides, keyword: { ...DEFAULT_POSTGRES_SETTINGS.keyword, ...overrides.keyword } };
}
