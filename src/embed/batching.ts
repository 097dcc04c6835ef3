/**
 * Batches of similar length: a batch runs padded to its longest text, so grouping texts by token
 * count wastes the least work on padding. Returns indices into `lengths`, shortest texts first.
 */
export function lengthSortedBatches(lengths: number[], batchSize: number): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const batches: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
  return batches;
}
