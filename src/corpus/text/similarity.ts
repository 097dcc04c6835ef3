/** Dice similarity of two words' letter pairs, in [0, 1]. */
export function letterPairSimilarity(a: string, b: string): number {
  const pairs = (w: string) => {
    const letters = [...w];
    const out = new Map<string, number>();
    for (let i = 0; i < letters.length - 1; i++) out.set(letters[i]! + letters[i + 1]!, (out.get(letters[i]! + letters[i + 1]!) ?? 0) + 1);
    return out;
  };
  const pa = pairs(a);
  const pb = pairs(b);
  let shared = 0;
  for (const [pair, n] of pa) shared += Math.min(n, pb.get(pair) ?? 0);
  const total = [...pa.values()].reduce((x, y) => x + y, 0) + [...pb.values()].reduce((x, y) => x + y, 0);
  return total === 0 ? 0 : (2 * shared) / total;
}
