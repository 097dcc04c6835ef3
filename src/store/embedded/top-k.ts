/** The k-th largest of `values` (1 ≤ k ≤ their count), keeping the k largest in a sorted array: one pass, no sort of them all. */
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
