/**
 * Top-k keyword search that reads each form's postings best first and stops early (Fagin's
 * threshold algorithm with random access, as "impact-ordered" search engines do): an index keeps
 * every form's postings in order of a key that bounds their BM25 tf part, so after reading a form
 * down to some key, no unread posting of it can score more than that key allows. A passage no list
 * has shown yet can score at most the sum of the terms' current bounds; once the k-th best passage
 * found, scored exactly, beats that and every other candidate's bound, the top k is final.
 *
 * The answers are exact: the same passages, scores (computed here as the other stores compute
 * them, to the last bit) and order (ties in corpus order) as scoring every posting. This module is
 * the pure part; the PostgreSQL snapshot reads postings for it (snapshot.ts).
 */
import { BM25_B, BM25_K1, bm25TermScore } from '../bm25.js';

/**
 * When the top k are not all exact, the candidates looked up at once: the best this many times k
 * by what they have so far (one round trip settles most of the top k, not one passage at a time).
 */
const LOOK_UP_LEADERS = 2;

/** Relative slack on bounds: keys are float8 from the server, scores from here; the slack keeps decisions safe. */
const SLACK = 1e-9;

/**
 * The order key of a posting, as SQL over `tf` and `length`: tf / (tf + k1 (1 − b) + k1 b length / L0),
 * the tf part of BM25 (over k1 + 1) at the average length L0 the index was built for. The index
 * and the queries must spell it the same way for the planner to use the index.
 */
export function impactKeySql(referenceLength: number): string {
  return `(tf::float8 / (tf::float8 + ${BM25_K1 * (1 - BM25_B)}::float8 + ${BM25_K1 * BM25_B}::float8 * length::float8 / ${referenceLength}::float8))`;
}

/** The reference length an impact index is built for: the corpus's average length, to a tenth. */
export const referenceLengthOf = (averageLength: number) => Math.max(0.1, Math.round(averageLength * 10) / 10);

/** The name of the impact index built for a reference length (a new one when the average drifts). */
export const impactIndexName = (referenceLength: number) => `postings_by_impact_${Math.round(referenceLength * 10)}`;

/**
 * The most a posting with key `key` can score at the average length `averageLength`: the tf part
 * grows with the average length at most in proportion (and shrinks when it is smaller).
 */
export function keyBound(key: number, form: { strength: number; idf: number }, averageLength: number, referenceLength: number): number {
  return form.strength * form.idf * (BM25_K1 + 1) * key * Math.max(1, averageLength / referenceLength) * (1 + SLACK);
}

/** One form of a query term, with what the store knows of it. */
export interface ImpactForm {
  /** Which query term it is a form of (a passage scores with the best of a term's forms). */
  index: number;
  form: string;
  strength: number;
  idf: number;
  df: number;
  /** The most any of its postings can score (from the terms table), before any is read. */
  bound: number;
}

/** Postings as read, column by column: passage numbers (corpus order), tf and length. */
export interface PostingColumns {
  passages: Float64Array;
  tf: Int32Array;
  length: Int32Array;
}

export interface ImpactSettings {
  /** Postings read of each form in the first round; each later round reads as many again as the form has read. */
  firstDepth: number;
  /** At most this many passages are scored exactly by look-up in one round; past it, lists are read deeper. */
  resolveAtMost: number;
}

/** What the search needs next from the store. */
export type ImpactStep =
  | { kind: 'read'; forms: Array<{ form: number; skip: number; take: number }> }
  | { kind: 'resolve'; passages: number[]; forms: number[] }
  | { kind: 'done'; hits: Array<{ passage: number; score: number }> };

/**
 * The candidates: every passage a list has shown, in flat arrays (a search at a million passages
 * meets tens of thousands): per slot its passage, per slot and term the best score seen.
 */
class Candidates {
  private readonly slotOf = new Map<number, number>();
  passages = new Float64Array(1024);
  best: Float64Array;
  resolved = new Uint8Array(1024);
  size = 0;

  constructor(readonly terms: number) {
    this.best = new Float64Array(1024 * terms);
  }

  slot(passage: number): number {
    let slot = this.slotOf.get(passage);
    if (slot === undefined) {
      slot = this.size++;
      if (slot === this.passages.length) this.grow();
      this.passages[slot] = passage;
      this.slotOf.set(passage, slot);
    }
    return slot;
  }

  /** A slot's per-term scores summed in query order, as every keyword store adds them. */
  lower(slot: number): number {
    let total = 0;
    for (let t = slot * this.terms, end = t + this.terms; t < end; t++) if (this.best[t]! > 0) total += this.best[t]!;
    return total;
  }

  private grow(): void {
    const n = this.passages.length * 2;
    const passages = new Float64Array(n);
    passages.set(this.passages);
    const best = new Float64Array(n * this.terms);
    best.set(this.best);
    const resolved = new Uint8Array(n);
    resolved.set(this.resolved);
    this.passages = passages;
    this.best = best;
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
  /** Rounds of each kind so far (for tests and benchmarks). */
  readonly rounds = { read: 0, resolve: 0, postingsRead: 0, resolved: 0 };

  constructor(
    private readonly forms: readonly ImpactForm[],
    private readonly topK: number,
    private readonly averageLength: number,
    private readonly referenceLength: number,
    private readonly settings: ImpactSettings,
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
   * The next step: exact scores for the best candidates first (they lift the threshold, so the
   * lists need reading less deep), then more postings while an unseen passage could still make the
   * top k, then exact scores for any other candidate that could, then the answer.
   */
  next(): ImpactStep {
    const open = this.forms.map((_, i) => i).filter((i) => !this.exhausted[i]);
    const { size, resolved, passages } = this.candidates;
    const lower = new Float64Array(size);
    for (let slot = 0; slot < size; slot++) lower[slot] = this.candidates.lower(slot);
    if (open.length === 0) return this.done(lower);
    if (size < this.topK) return this.readDeeper(open);
    const contenders = this.leaders(lower, LOOK_UP_LEADERS * this.topK);
    const unsure = contenders.filter((slot) => !resolved[slot]).slice(0, this.settings.resolveAtMost);
    if (unsure.length > 0 && contenders.slice(0, this.topK).some((slot) => !resolved[slot])) return this.resolve(unsure, open);
    // The top k are exact here: the k-th's score is the threshold.
    const threshold = lower[contenders[this.topK - 1]!]! * (1 - SLACK);
    // Per term, the most an unread posting of any of its forms can add.
    const termFrontier = new Float64Array(this.termCount);
    for (const i of open) termFrontier[this.termOf[i]!] = Math.max(termFrontier[this.termOf[i]!]!, this.frontier[i]!);
    let unseen = 0;
    for (const bound of termFrontier) unseen += bound;
    if (unseen >= threshold) return this.readDeeper(open);
    const pending: number[] = [];
    for (let slot = 0; slot < size; slot++) {
      if (resolved[slot] || this.upper(slot, termFrontier) < threshold) continue;
      pending.push(slot);
      if (pending.length > this.settings.resolveAtMost) return this.readDeeper(open);
    }
    if (pending.length > 0) return this.resolve(pending, open);
    return { kind: 'done', hits: contenders.slice(0, this.topK).map((slot) => ({ passage: passages[slot]!, score: lower[slot]! })) };
  }

  private resolve(slots: number[], open: number[]): ImpactStep {
    this.rounds.resolve += 1;
    return { kind: 'resolve', passages: slots.map((slot) => this.candidates.passages[slot]!), forms: open };
  }

  private readDeeper(open: number[]): ImpactStep {
    this.rounds.read += 1;
    return { kind: 'read', forms: open.map((form) => ({ form, skip: this.read[form]!, take: Math.max(this.settings.firstDepth, this.read[form]!) })) };
  }

  private done(lower: Float64Array): ImpactStep {
    return { kind: 'done', hits: this.leaders(lower, this.topK).map((slot) => ({ passage: this.candidates.passages[slot]!, score: lower[slot]! })) };
  }

  /** The `count` best slots by what they have so far, in rank order: best first, ties in corpus order. */
  private leaders(lower: Float64Array, count: number): number[] {
    const { passages } = this.candidates;
    const cut = lower.length > count ? kthLargest(lower, count) : Number.NEGATIVE_INFINITY;
    const slots: number[] = [];
    for (let slot = 0; slot < lower.length; slot++) if (lower[slot]! >= cut) slots.push(slot);
    return slots.sort((a, b) => lower[b]! - lower[a]! || passages[a]! - passages[b]!).slice(0, count);
  }

  /** A candidate's bound: per term, what it has, or what an unread posting could give it. */
  private upper(slot: number, termFrontier: Float64Array): number {
    const { best } = this.candidates;
    let total = 0;
    for (let t = 0, at = slot * this.termCount; t < this.termCount; t++, at++) total += Math.max(best[at]!, termFrontier[t]!);
    return total * (1 + SLACK);
  }

  private note(form: number, postings: PostingColumns): void {
    const { idf, strength } = this.forms[form]!;
    const t = this.termOf[form]!;
    const candidates = this.candidates;
    for (let i = 0; i < postings.passages.length; i++) {
      const score = bm25TermScore(postings.tf[i]!, postings.length[i]!, this.averageLength, idf, strength);
      const at = candidates.slot(postings.passages[i]!) * this.termCount + t;
      if (score > candidates.best[at]!) candidates.best[at] = score;
    }
  }
}

/** The k-th largest value (k ≤ length), in linear time: sorting every candidate each round would dominate. */
function kthLargest(source: Float64Array, k: number): number {
  if (source.length < k) return Number.NEGATIVE_INFINITY;
  const values = source.slice();
  let lo = 0;
  let hi = values.length - 1;
  const want = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i] = values[j]!;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (want <= j) hi = j;
    else if (want >= i) lo = i;
    else break;
  }
  return values[want]!;
}
