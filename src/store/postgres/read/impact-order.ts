/**
 * Top-k keyword search that reads each form's postings best first and stops early (Fagin's
 * threshold algorithm with random access, as "impact-ordered" search engines do): an index keeps
 * every form's postings in order of a key that bounds their BM25 tf part, so after reading a form
 * down to some key, no unread posting of it can score more than that key allows. A passage no list
 * has shown yet can score at most the sum of the terms' current bounds; once the k-th best passage
 * found, scored exactly, beats that and every other candidate's bound, the top k is final.
 *
 * The answers are exact: the same passages, scores (computed here as the other stores compute
 * them, to the last bit) and order (ties in corpus order) as scoring every posting, unless the
 * lists have not settled the top k within the postings budget (`postingsAtMost`): then the best
 * candidates so far are scored exactly and the k best of them answer, as HNSW's ef_search bounds
 * the vector search. This module is the pure part; impact-reads.ts reads postings for it.
 */
import { BM25_K1, bm25TermScore } from '../../../corpus/text/bm25.js';
import { kthLargest, SLACK } from '../../top-k.js';
import { formBound } from '../bm25-sql.js';
import type { KeywordSettings } from '../settings.js';

/** One form of a query term, with what the store knows of it. */
export interface BoundedForm {
  /** Which query term it is a form of (a passage scores with the best of a term's forms). */
  index: number;
  form: string;
  strength: number;
  idf: number;
  df: number;
  /** The most one of its postings can score. */
  bound: number;
}





/**
 * The most a posting with key `key` can score at the average length `averageLength`: the bound
 * the terms table gives a form (`formBound`), for a tf part of (k1 + 1) times the key at the
 * index's reference length.
 */
export function keyBound(key: number, form: { strength: number; idf: number }, averageLength: number, referenceLength: number): number {
  return formBound({ ...form, maxImpact: (BM25_K1 + 1) * key, impactLength: referenceLength }, averageLength);
}

/** Postings as read, column by column: passage numbers (corpus order), tf and length. */
export interface PostingColumns {
  passages: Float64Array;
  tf: Int32Array;
  length: Int32Array;
}


/** What the search needs next from the store. */
export type ImpactStep =
  | { kind: 'read'; forms: Array<{ form: number; skip: number; take: number }> }
  | { kind: 'resolve'; passages: number[]; forms: number[] }
  | { kind: 'done'; hits: Array<{ passage: number; score: number }> };

/**
 * The candidates: every passage a list has shown, in flat arrays (a search at a million passages
 * meets a hundred thousand): per slot its passage, per slot and term the best score seen, and a
 * running total of those (for decisions; scores are summed in query order only for the answer).
 * Passages find their slots through an open-addressing table (a Map costs several times more).
 */
class Candidates {
  private table = new Int32Array(4096);
  passages = new Float64Array(1024);
  best: Float64Array;
  /** Per slot, the sum of `best` in whatever order it grew: within rounding of the exact sum. */
  running = new Float64Array(1024);
  resolved = new Uint8Array(1024);
  size = 0;

  constructor(readonly terms: number) {
    this.best = new Float64Array(1024 * terms);
  }

  slot(passage: number): number {
    const mask = this.table.length - 1;
    for (let at = Math.imul(passage | 0, 0x9e3779b1) & mask; ; at = (at + 1) & mask) {
      const entry = this.table[at]!;
      if (entry === 0) {
        const slot = this.size++;
        if (slot === this.passages.length) this.grow();
        this.passages[slot] = passage;
        this.table[at] = slot + 1;
        if (this.size * 2 > this.table.length) this.rehash();
        return slot;
      }
      if (this.passages[entry - 1] === passage) return entry - 1;
    }
  }

  /** Raises a slot's score for one term, keeping the running total. */
  raise(slot: number, term: number, score: number): void {
    const at = slot * this.terms + term;
    const before = this.best[at]!;
    if (score <= before) return;
    this.best[at] = score;
    this.running[slot] = this.running[slot]! + score - before;
  }

  /** A slot's per-term scores summed in query order, as every keyword store adds them. */
  lower(slot: number): number {
    let total = 0;
    for (let t = slot * this.terms, end = t + this.terms; t < end; t++) if (this.best[t]! > 0) total += this.best[t]!;
    return total;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let slot = 0; slot < this.size; slot++) {
      let at = Math.imul(this.passages[slot]! | 0, 0x9e3779b1) & mask;
      while (table[at] !== 0) at = (at + 1) & mask;
      table[at] = slot + 1;
    }
    this.table = table;
  }

  private grow(): void {
    const n = this.passages.length * 2;
    const passages = new Float64Array(n);
    passages.set(this.passages);
    const best = new Float64Array(n * this.terms);
    best.set(this.best);
    const running = new Float64Array(n);
    running.set(this.running);
    const resolved = new Uint8Array(n);
    resolved.set(this.resolved);
    this.passages = passages;
    this.best = best;
    this.running = running;
    this.resolved = resolved;
  }
}

export class ImpactOrderedSearch {
  private readonly termCount: number;
  private readonly termOf: number[];
  private readonly read: number[];
  private readonly exhausted: boolean[];
  /** Per form: the most an unread posting of it can score. */
  private readonly frontier: number[];
  private readonly candidates: Candidates;
  private settling = false;
  /** Rounds of each kind so far (for tests and benchmarks). */
  readonly rounds = { read: 0, resolve: 0, postingsRead: 0, resolved: 0 };

  constructor(
    private readonly forms: readonly BoundedForm[],
    private readonly topK: number,
    private readonly averageLength: number,
    private readonly referenceLength: number,
    private readonly settings: KeywordSettings,
  ) {
    const terms = [...new Set(forms.map((f) => f.index))].sort((a, b) => a - b);
    const slot = new Map(terms.map((t, i) => [t, i]));
    this.termCount = terms.length;
    this.termOf = forms.map((f) => slot.get(f.index)!);
    this.read = forms.map(() => 0);
    this.exhausted = forms.map((f) => f.df === 0);
    this.frontier = forms.map((f) => (f.df === 0 ? 0 : f.bound));
    this.candidates = new Candidates(this.termCount);
  }

  /** Adds postings read of `form` in key order; `lastKey` is the key of the last one, or null when the form has no more. */
  addRead(form: number, postings: PostingColumns, lastKey: number | null): void {
    const count = postings.passages.length;
    this.rounds.postingsRead += count;
    this.note(form, postings);
    this.read[form]! += count;
    if (lastKey === null || this.read[form]! >= this.forms[form]!.df) {
      this.exhausted[form] = true;
      this.frontier[form] = 0;
    } else {
      this.frontier[form] = Math.min(this.frontier[form]!, keyBound(lastKey, this.forms[form]!, this.averageLength, this.referenceLength));
    }
  }

  /** Adds the postings of `form` looked up for passages of a resolve step. */
  addLookedUp(form: number, postings: PostingColumns): void {
    this.note(form, postings);
  }

  /** Marks the passages of a resolve step exact, once every form it named has been looked up. */
  resolved(passages: readonly number[]): void {
    this.rounds.resolved += passages.length;
    for (const passage of passages) this.candidates.resolved[this.candidates.slot(passage)] = 1;
  }

  /**
   * The next step. The k-th best score found so far (a lower bound on the final k-th) is the
   * threshold: while a passage no list has shown could still reach it, read deeper; then look up
   * the candidates that could still reach it and are not yet exact, once they are few (a look-up
   * costs a random read per passage, a hundred times a posting read in order); then the answer.
   * A candidate is exact once every term's unread postings score no more than what it has.
   */
  next(): ImpactStep {
    const open = this.forms.map((_, i) => i).filter((i) => !this.exhausted[i]);
    const { size, resolved, running } = this.candidates;
    if (open.length === 0) return this.done();
    if (this.settling) return this.settle();
    if (size < this.topK) return this.readDeeper(open, null);
    // Per term, the most an unread posting of any of its forms can add.
    const termFrontier = new Float64Array(this.termCount);
    for (const i of open) termFrontier[this.termOf[i]!] = Math.max(termFrontier[this.termOf[i]!]!, this.frontier[i]!);
    let unseen = 0;
    for (const bound of termFrontier) unseen += bound;
    // Running totals are within rounding of the scores: the slack keeps the threshold a lower bound.
    const threshold = kthLargest(running.subarray(0, size), this.topK) * (1 - SLACK);
    const spent = this.rounds.postingsRead >= this.settings.postingsAtMost;
    if (unseen >= threshold) return spent ? this.settle() : this.readDeeper(open, termFrontier);
    const pending: number[] = [];
    const reach = (threshold - unseen) * (1 - SLACK);
    for (let slot = 0; slot < size; slot++) {
      // What it has plus every term's frontier: below the threshold, it cannot make the top k.
      if (resolved[slot] || running[slot]! < reach) continue;
      const upper = this.upper(slot, termFrontier);
      // Exact already (nothing unread can add), or unable to reach the top k.
      if (upper <= this.candidates.lower(slot) || upper * (1 + SLACK) < threshold) continue;
      pending.push(slot);
      if (pending.length > this.settings.lookUpsAtMost) return spent ? this.settle() : this.readDeeper(open, termFrontier);
    }
    if (pending.length > 0) return this.resolve(pending, open);
    return this.done(threshold);
  }

  /**
   * Past the postings budget: the k best candidates by what they have so far, looked up until
   * all k are exact (a look-up only raises a passage's score, so a few rounds settle it).
   */
  private settle(): ImpactStep {
    const { size, running, resolved } = this.candidates;
    // The first look-up casts a wider net (what a passage has so far only roughly orders them); later ones mend the k.
    const widest = Math.min(size, this.settling ? this.topK : Math.max(this.settings.settleLookUps, this.topK));
    this.settling = true;
    const priority = running.subarray(0, size);
    const cut = kthLargest(priority, widest);
    const order: number[] = [];
    for (let slot = 0; slot < size; slot++) if (priority[slot]! >= cut) order.push(slot);
    order.sort((a, b) => priority[b]! - priority[a]! || this.candidates.passages[a]! - this.candidates.passages[b]!);
    const pending = order.slice(0, widest).filter((slot) => !resolved[slot]);
    if (pending.length > 0) return this.resolve(pending, this.forms.map((_, i) => i).filter((i) => !this.exhausted[i]));
    const hits = order.slice(0, this.topK).map((slot) => ({ slot, score: this.candidates.lower(slot) }));
    hits.sort((a, b) => b.score - a.score || this.candidates.passages[a.slot]! - this.candidates.passages[b.slot]!);
    return { kind: 'done', hits: hits.map(({ slot, score }) => ({ passage: this.candidates.passages[slot]!, score })) };
  }

  private resolve(slots: number[], open: number[]): ImpactStep {
    this.rounds.resolve += 1;
    return { kind: 'resolve', passages: slots.map((slot) => this.candidates.passages[slot]!), forms: open };
  }

  /**
   * Reads further down the open forms that hold the bound up most: those near their term's bound,
   * of the terms near the largest term bound. A form far below them (a common word's, whose
   * postings all score little) waits until the others come down.
   */
  private readDeeper(open: number[], termFrontier: Float64Array | null): ImpactStep {
    this.rounds.read += 1;
    const largest = termFrontier ? Math.max(...termFrontier) : 0;
    const worth = termFrontier
      ? open.filter((form) => {
          const term = termFrontier[this.termOf[form]!]!;
          return this.frontier[form]! >= this.settings.readShare * term && term >= this.settings.readShare * largest;
        })
      : open;
    const share = Math.max(1, Math.floor((this.settings.postingsAtMost - this.rounds.postingsRead) / worth.length));
    return { kind: 'read', forms: worth.map((form) => ({ form, skip: this.read[form]!, take: Math.min(share, Math.max(this.settings.firstDepth, this.read[form]!)) })) };
  }

  /**
   * The top k by exact score (summed in query order), best first, ties in corpus order: every
   * candidate whose running total reaches `threshold` (a lower bound on the k-th score), re-summed.
   */
  private done(threshold = Number.NEGATIVE_INFINITY): ImpactStep {
    const { size, running, passages } = this.candidates;
    const cut = Math.min(threshold, size > this.topK ? kthLargest(running.subarray(0, size), this.topK) : Number.NEGATIVE_INFINITY) * (1 - SLACK);
    const near: Array<{ slot: number; score: number }> = [];
    for (let slot = 0; slot < size; slot++) if (!(running[slot]! < cut)) near.push({ slot, score: this.candidates.lower(slot) });
    near.sort((a, b) => b.score - a.score || passages[a.slot]! - passages[b.slot]!);
    return { kind: 'done', hits: near.slice(0, this.topK).map(({ slot, score }) => ({ passage: passages[slot]!, score })) };
  }

  /**
   * A candidate's bound: per term, what it has, or what an unread posting could give it, summed
   * as `lower` sums (so a candidate nothing can add to has the same bound as score, bit for bit).
   */
  private upper(slot: number, termFrontier: Float64Array): number {
    const { best } = this.candidates;
    let total = 0;
    for (let t = 0, at = slot * this.termCount; t < this.termCount; t++, at++) {
      const most = Math.max(best[at]!, termFrontier[t]!);
      if (most > 0) total += most;
    }
    return total;
  }

  private note(form: number, postings: PostingColumns): void {
    const { idf, strength } = this.forms[form]!;
    const t = this.termOf[form]!;
    const candidates = this.candidates;
    for (let i = 0; i < postings.passages.length; i++) {
      candidates.raise(candidates.slot(postings.passages[i]!), t, bm25TermScore(postings.tf[i]!, postings.length[i]!, this.averageLength, idf, strength));
    }
  }
}
