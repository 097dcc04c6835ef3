/** Small statistics for benchmark samples (milliseconds unless said otherwise). */

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentile of an unsorted sample. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export function percentiles(values: number[]): Percentiles {
  return { p50: round(percentile(values, 0.5), 3), p95: round(percentile(values, 0.95), 3), p99: round(percentile(values, 0.99), 3) };
}

export const median = (values: number[]) => percentile(values, 0.5);

export const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Milliseconds `fn` took, and its result. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, result };
}

/** Rounds for the JSON line: figures keep what the clock can tell, not float noise. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

