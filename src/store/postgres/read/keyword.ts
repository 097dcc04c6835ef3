/**
 * Keyword search of a PostgreSQL snapshot (the seam's KeywordStore): BM25 over the product's own
 * analysed terms, with the embedded store's arithmetic operation for operation in float8 (the idf
 * and the average length come from here, JavaScript's Math.log), so scores are bit-identical.
 * One path: postings read best first from the impact index (impact-reads.ts, impact-order.ts),
 * exact unless the postings budget is spent.
 */
import DataLoader from 'dataloader';
import { bm25Idf } from '../../../corpus/text/bm25.js';
import type { KeywordHit, KeywordStats, KeywordStore, TermForms } from '../../seam.js';
import type { KeywordSettings } from '../settings.js';
import { searchEveryPosting } from './exhaustive-search.js';
import { formBound } from '../bm25-sql.js';
import type { BoundedForm } from './impact-order.js';
import { searchInImpactOrder } from './impact-reads.js';
import type { SnapshotReads } from './snapshot-lane.js';

/** A prefix or suffix look-up (a suffix as the reversed terms' prefix). */
interface TermsStarting {
  reversed: boolean;
  start: string;
  limit: number;
}

export class PostgresKeywordStore implements KeywordStore {
  /**
   * Prefix and suffix look-ups asked together (the engine asks for every question term's at once)
   * go in one statement, not one round trip each. No cache: a serving snapshot lives long.
   */
  private readonly termsStarting = new DataLoader<TermsStarting, string[]>((asked) => this.termsLike(asked), { cache: false });

  constructor(
    private readonly reads: SnapshotReads,
    private readonly statistics: KeywordStats,
    /** The average length the postings' impact index was built for (null only while the index is empty). */
    private readonly impactLength: number | null,
    private readonly settings: KeywordSettings,
  ) {}

  async stats(): Promise<KeywordStats> {
    return this.statistics;
  }

  async documentFrequencies(terms: readonly string[]): Promise<Map<string, number>> {
    const frequencies = new Map(terms.map((t) => [t, 0]));
    for (const [term, stats] of await this.termStats(terms)) frequencies.set(term, stats.df);
    return frequencies;
  }

  termsWithPrefix(prefix: string, limit: number): Promise<string[]> {
    return this.termsStarting.load({ reversed: false, start: prefix, limit });
  }

  termsWithSuffix(suffix: string, limit: number): Promise<string[]> {
    return this.termsStarting.load({ reversed: true, start: [...suffix].reverse().join(''), limit });
  }

  async search(query: readonly TermForms[], topK: number): Promise<KeywordHit[]> {
    if (topK <= 0) return [];
    const forms = await this.boundedForms(query);
    if (forms.length === 0 || this.impactLength === null) return [];
    return searchInImpactOrder(this.reads, forms, topK, { average: this.statistics.averageLength, reference: this.impactLength }, this.settings);
  }

  /** The reference search, every posting scored (exhaustive-search.ts): for the tests and the benchmark, never the product. */
  async searchEveryPosting(query: readonly TermForms[], topK: number): Promise<KeywordHit[]> {
    if (topK <= 0) return [];
    return searchEveryPosting((sql, values) => this.reads.query(sql, values), await this.boundedForms(query), this.statistics.averageLength, topK);
  }

  /** The question's forms the index has, with their idf and bound. */
  private async boundedForms(query: readonly TermForms[]): Promise<BoundedForm[]> {
    const asked = query.flatMap((termForms, index) => [...termForms].map(([form, strength]) => ({ index, form, strength })));
    if (asked.length === 0) return [];
    const stats = await this.termStats(asked.map((f) => f.form));
    const { documents, averageLength } = this.statistics;
    return asked.flatMap((f) => {
      const found = stats.get(f.form);
      if (!found) return [];
      const idf = bm25Idf(documents, found.df);
      return [{ ...f, idf, df: found.df, bound: formBound({ ...f, ...found, idf }, averageLength) }];
    });
  }

  /** Document frequency and score bound (`formBound`) of the terms the index has. */
  private async termStats(terms: readonly string[]): Promise<Map<string, { df: number; maxImpact: number; impactLength: number }>> {
    if (terms.length === 0) return new Map();
    const { rows } = await this.reads.query<{ term: string; df: number; max_impact: number; impact_length: number }>(
      'SELECT term, df, max_impact, impact_length FROM terms WHERE term = ANY($1) AND df > 0',
      [[...new Set(terms)]],
    );
    return new Map(rows.map((r) => [r.term, { df: r.df, maxImpact: r.max_impact, impactLength: r.impact_length }]));
  }

  /**
   * For each look-up, the terms (or, `reversed`, the terms whose reversal) starting with `start`,
   * most frequent first: an index range each (text_pattern_ops compares bytes, and every string
   * starting with `start` sorts from it up to it followed by the last code point).
   */
  private async termsLike(asked: readonly TermsStarting[]): Promise<string[][]> {
    const { rows } = await this.reads.query<{ n: number; term: string }>(
      `SELECT k.n, t.term
         FROM unnest($1::boolean[], $2::text[], $3::int[]) WITH ORDINALITY AS k(reversed, start, lim, n)
         CROSS JOIN LATERAL (
           (SELECT term, df FROM terms WHERE NOT k.reversed AND term ~>=~ k.start AND term ~<~ (k.start || chr(1114111)) AND starts_with(term, k.start)
             ORDER BY df DESC, term COLLATE "C" LIMIT k.lim)
           UNION ALL
           (SELECT term, df FROM terms WHERE k.reversed AND reverse(term) ~>=~ k.start AND reverse(term) ~<~ (k.start || chr(1114111)) AND starts_with(reverse(term), k.start)
             ORDER BY df DESC, term COLLATE "C" LIMIT k.lim)) t
        ORDER BY k.n, t.df DESC, t.term COLLATE "C"`,
      [asked.map((a) => a.reversed), asked.map((a) => a.start), asked.map((a) => Math.max(0, a.limit))],
    );
    const found = asked.map((): string[] => []);
    for (const row of rows) found[Number(row.n) - 1]!.push(row.term);
    return found;
  }
}
