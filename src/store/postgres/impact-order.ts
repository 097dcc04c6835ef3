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

/** A posting as read: the passage (its number: corpus order), tf and length; `key` when read in key order. */
export interface ReadPosting {
  passage: number;
  tf: number;
  length: number;
}

export interface ImpactSettings {
  /** Postings read of each form in the first round; each later round reads as many again as the form has read. */
  firstDepth: number;
  /** At most this many passages are scored exactly by look-up in one round; past it, lists are read deeper. */
  resolveAtMost: number;
}

interface Candidate {
  passage: number;
  /** Per query term, the best score seen so far from the forms read (0 when none). */
  best: Float64Array;
  /** Scored exactly: every form of every term is known for it. */
  resolved: boolean;
  lower: number;
}

/** What the search needs next from the store. */
export type ImpactStep =
  | { kind: 'read'; forms: Array<{ form: number; skip: number; take: number }> }
  | { kind: 'resolve'; passages: number[]; forms: number[] }
  | { kind: 'done'; hits: Array<{ passage: number; score: number }> };

export class ImpactOrderedSearch {
  private readonly terms: number[];
  private readonly termOf: number[];
  private readonly read: number[];
  private readonly exhausted: boolean[];
  /** Per form: the most an unread posting of it can score. */
  private readonly frontier: number[];
  private readonly candidates = new Map<number, Candidate>();
  /** Rounds of each kind so far (for tests and benchmarks). */
  readonly rounds = { read: 0, resolve: 0, postingsRead: 0, resolved: 0 };

  constructor(
    private readonly forms: readonly ImpactForm[],
    private readonly topK: number,
    private readonly averageLength: number,
    private readonly referenceLength: number,
    private readonly settings: ImpactSettings,
  ) {
    this.terms = [...new Set(forms.map((f) => f.index))].sort((a, b) => a - b);
    const slot = new Map(this.terms.map((t, i) => [t, i]));
    this.termOf = forms.map((f) => slot.get(f.index)!);
    this.read = forms.map(() => 0);
    this.exhausted = forms.map((f) => f.df === 0);
    this.frontier = forms.map((f) => (f.df === 0 ? 0 : f.bound));
  }

  /** Adds postings read of `form` in key order; `lastKey` is the key of the last one, or null when the form has no more. */
  addRead(form: number, postings: readonly ReadPosting[], lastKey: number | null): void {
    this.rounds.postingsRead += postings.length;
    for (const posting of postings) this.note(form, posting, this.candidate(posting.passage));
    this.read[form]! += postings.length;
    if (lastKey === null || this.read[form]! >= this.forms[form]!.df) {
      this.exhausted[form] = true;
      this.frontier[form] = 0;
    } else {
      this.frontier[form] = Math.min(this.frontier[form]!, keyBound(lastKey, this.forms[form]!, this.averageLength, this.referenceLength));
    }
  }

  /** Adds the postings looked up for `passages` of the forms a resolve step named: those passages are then exact. */
  addResolved(passages: readonly number[], postings: ReadonlyArray<ReadPosting & { form: number }>): void {
    this.rounds.resolved += passages.length;
    for (const posting of postings) this.note(posting.form, posting, this.candidate(posting.passage));
    for (const passage of passages) this.candidate(passage).resolved = true;
  }

  /** The next step: more postings, exact scores for some candidates, or the answer. */
  next(): ImpactStep {
    const open = this.forms.map((_, i) => i).filter((i) => !this.exhausted[i]);
    const all = [...this.candidates.values()];
    for (const candidate of all) candidate.lower = this.sum(candidate.best);
    if (open.length === 0) return this.done(all);
    // Per term, the most an unread posting of any of its forms can add.
    const termFrontier = new Float64Array(this.terms.length);
    for (const i of open) termFrontier[this.termOf[i]!] = Math.max(termFrontier[this.termOf[i]!]!, this.frontier[i]!);
    if (all.length < this.topK || this.sum(termFrontier) >= kthLargest(all, this.topK) * (1 - SLACK)) return this.readDeeper(open);
    const leaders = leadersOf(all, this.topK);
    const threshold = leaders[leaders.length - 1]!.lower * (1 - SLACK);
    // Candidates that could still reach the top k: the leaders not yet exact, and any other whose bound reaches the threshold.
    const inLead = new Set(leaders);
    const pending = all.filter((c) => !c.resolved && (inLead.has(c) || this.upper(c, termFrontier) >= threshold));
    if (pending.length === 0) return this.done(leaders);
    if (pending.length > this.settings.resolveAtMost) return this.readDeeper(open);
    this.rounds.resolve += 1;
    return { kind: 'resolve', passages: pending.map((c) => c.passage), forms: open };
  }

  private readDeeper(open: number[]): ImpactStep {
    this.rounds.read += 1;
    return { kind: 'read', forms: open.map((form) => ({ form, skip: this.read[form]!, take: Math.max(this.settings.firstDepth, this.read[form]!) })) };
  }

  private done(candidates: Candidate[]): ImpactStep {
    return { kind: 'done', hits: leadersOf(candidates, this.topK).map((c) => ({ passage: c.passage, score: c.lower })) };
  }

  /** A candidate's bound: per term, what it has, or what an unread posting could give it. */
  private upper(candidate: Candidate, termFrontier: Float64Array): number {
    let total = 0;
    for (let t = 0; t < this.terms.length; t++) total += Math.max(candidate.best[t]!, termFrontier[t]!);
    return total * (1 + SLACK);
  }

  /** Per-term scores summed in query order, as every keyword store adds them. */
  private sum(best: Float64Array): number {
    let total = 0;
    for (let t = 0; t < best.length; t++) if (best[t]! > 0) total += best[t]!;
    return total;
  }

  private candidate(passage: number): Candidate {
    let candidate = this.candidates.get(passage);
    if (!candidate) {
      candidate = { passage, best: new Float64Array(this.terms.length), resolved: false, lower: 0 };
      this.candidates.set(passage, candidate);
    }
    return candidate;
  }

  private note(form: number, posting: ReadPosting, candidate: Candidate): void {
    const { idf, strength } = this.forms[form]!;
    const score = bm25TermScore(posting.tf, posting.length, this.averageLength, idf, strength);
    const t = this.termOf[form]!;
    if (score > candidate.best[t]!) candidate.best[t] = score;
  }
}

/** Best first, ties in corpus order. */
const byRank = (a: Candidate, b: Candidate) => b.lower - a.lower || a.passage - b.passage;

/** The k-th largest lower score (k ≤ candidates), in linear time: a sort of every candidate each round would dominate. */
function kthLargest(candidates: readonly Candidate[], k: number): number {
  const values = Float64Array.from(candidates, (c) => c.lower);
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

/** The k best candidates in rank order. */
function leadersOf(candidates: readonly Candidate[], k: number): Candidate[] {
  if (candidates.length <= k) return [...candidates].sort(byRank);
  const cut = kthLargest(candidates, k);
  return candidates.filter((c) => c.lower >= cut).sort(byRank).slice(0, k);
}
