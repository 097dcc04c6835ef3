/**
 * Top-k keyword search without scoring every posting (MaxScore, Turtle and Flood 1995, on the
 * forms of query terms): each form has a bound on what one of its postings can score. The best
 * passages found through the forms with the highest bounds, fully scored, give a threshold (a
 * lower bound on the final k-th score). Forms whose bounds together stay below it cannot carry a
 * passage into the top k on their own, so their postings are only looked up for the passages the
 * other forms found, and only for those that could still reach the threshold. The answers are
 * exact: the same passages, scores and order as scoring everything.
 */
import { bm25TermScore } from '../../corpus/text/bm25.js';

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
 * Relative slack on bounds and thresholds: bounds and scores are computed in float8 in different
 * orders, so they may differ in the last bits; the slack keeps every decision on the safe side.
 */
export const SLACK = 1e-9;

/**
 * A form's bound from its postings' largest tf part (`maxImpact`), stored for the average length
 * `impactLength`: at a larger average length the tf part grows at most in proportion.
 */
export function formBound(form: { strength: number; idf: number; maxImpact: number; impactLength: number }, averageLength: number): number {
  const impact = form.maxImpact * Math.max(1, averageLength / form.impactLength);
  return form.strength * form.idf * impact * (1 + SLACK);
}

/**
 * The forms scanned first for a threshold: the highest bounds first, as long as their postings
 * stay within `budget` (always at least one form).
 */
export function thresholdForms(forms: readonly BoundedForm[], budget: number): boolean[] {
  const chosen = forms.map(() => false);
  let postings = 0;
  const order = forms.map((_, i) => i).sort((a, b) => forms[b]!.bound - forms[a]!.bound || forms[a]!.df - forms[b]!.df);
  for (const i of order) {
    if (postings > 0 && postings + forms[i]!.df > budget) continue;
    chosen[i] = true;
    postings += forms[i]!.df;
  }
  return chosen;
}

/** The smallest share of a query's postings that a form must hold to be looked up rather than scored. */
const PROBED_SHARE = 0.15;
/** What reading a looked-up form's posting costs, against scoring it (measured: about a third). */
const READ_COST = 0.35;
/** The least share of the work pruning must save to be tried (the threshold query costs some). */
const MIN_SAVING = 0.2;

export interface Pruning {
  /** Per form: only looked up for candidates (true), or scanned. */
  probed: boolean[];
  /** A passage the scanned forms found stays a candidate when their score for it reaches this. */
  candidateFrom: number;
}

/**
 * Given `threshold` (a lower bound on the k-th best score), the forms that need not be scanned:
 * lowest bounds first, each taken while, over the query's terms, the largest bound among taken
 * forms sums below the threshold (what a passage with none of the scanned forms could score).
 * Null when every form must be scanned.
 */
export function pruning(forms: readonly BoundedForm[], threshold: number): Pruning | null {
  const safeThreshold = threshold * (1 - SLACK);
  const probed = forms.map(() => false);
  const largest = new Map<number, number>();
  let sum = 0;
  // Only forms holding a large share of the query's postings save enough to be read unscored.
  const mayProbe = probeable(forms);
  const order = forms
    .map((_, i) => i)
    .filter((i) => mayProbe[i])
    .sort((a, b) => forms[a]!.bound - forms[b]!.bound);
  for (const i of order) {
    const { index, bound } = forms[i]!;
    const before = largest.get(index) ?? 0;
    const after = sum - before + Math.max(before, bound);
    if (after >= safeThreshold) continue;
    probed[i] = true;
    largest.set(index, Math.max(before, bound));
    sum = after;
  }
  if (!probed.includes(true) || !probed.includes(false)) return null;
  // Worth it only if reading the probed forms' postings saves more than the threshold cost.
  const postings = forms.reduce((total, f) => total + f.df, 0);
  const lookedUp = forms.reduce((total, f, i) => total + (probed[i] ? f.df : 0), 0);
  if (lookedUp * (1 - READ_COST) < MIN_SAVING * postings) return null;
  return { probed, candidateFrom: (safeThreshold - sum) * (1 - SLACK) };
}

/** Forms holding a large enough share of the query's postings to be worth looking up rather than scanning. */
export function probeable(forms: readonly BoundedForm[]): boolean[] {
  const postings = forms.reduce((total, f) => total + f.df, 0);
  return forms.map((f) => f.df >= PROBED_SHARE * postings);
}

/** The tf part bm25TermScore multiplies by strength and idf: what a form's `maxImpact` is the largest of. */
export const impactOf = (tf: number, length: number, averageLength: number) => bm25TermScore(tf, length, averageLength, 1);
