/** What every store's top-k search shares: the k-th largest score, and the slack its bounds keep. */

/**
 * Relative slack on bounds and thresholds: bounds and scores are sums taken in different orders
 * (or maxima learned along the way), so they may differ in the last bits; the slack keeps every
 * decision on the safe side.
 */
export const SLACK = 1e-9;

/**
 * The k-th largest of `values` (1 ≤ k; −Infinity when there are fewer), keeping the k largest in a
 * sorted array: one pass, no sort of them all (searches call it each round over every candidate).
 */
export function kthLargest(values: Iterable<number>, k: number): number {
  const top = new Float64Array(k).fill(-Infinity);
  for (const value of values) {
    if (value <= top[k - 1]!) continue;
    let i = k - 1;
    while (i > 0 && top[i - 1]! < value) {
      top[i] = top[i - 1]!;
      i--;
    }
    top[i] = value;
  }
  return top[k - 1]!;
}

/** `items` in slices of at most `size`, in order (statements kept to a bounded number of rows or parameters). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
