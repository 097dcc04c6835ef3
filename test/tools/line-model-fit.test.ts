/** The line scorer's fitting (src/tools/line-model-fit.ts, used by `npm run train-answer`): deterministic, and the threshold kept to its precision. */
import { describe, expect, it } from 'vitest';
import { LINE_FEATURES, lineProbability, type LineFeatureVector } from '../../src/answer/stages/line-confidence.js';
import { chooseThreshold, fit, type Example, type ScoredLine } from '../../src/tools/line-model-fit.js';

/** Candidates whose closeness mostly tells whether they are right, with other features varying (a fixed pseudo-random sequence). */
function examples(count: number): Example[] {
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  return Array.from({ length: count }, (_, i) => {
    const features = Object.fromEntries(LINE_FEATURES.map((name) => [name, next()])) as LineFeatureVector;
    features.closeness = next();
    return { features, right: features.closeness > 0.5 !== (i % 10 === 0) };
  });
}

describe('fitting the line model', () => {
  it('gives the same weights for the same examples', () => {
    const data = examples(120);
    const first = fit(data, 300);
    const second = fit(structuredClone(data), 300);
    expect(second).toEqual(first);
    expect(first.weights).toHaveLength(LINE_FEATURES.length + 1);
    expect(first.weights.every(Number.isFinite)).toBe(true);
  });

  it('learns what the examples show: a closer candidate is likelier right', () => {
    const model = fit(examples(120), 300);
    const middle = Object.fromEntries(LINE_FEATURES.map((name) => [name, 0.5])) as LineFeatureVector;
    expect(lineProbability(model, { ...middle, closeness: 0.9 })).toBeGreaterThan(lineProbability(model, { ...middle, closeness: 0.1 }));
  });
});

describe('choosing the threshold', () => {
  const precisionOf = (lines: ScoredLine[], threshold: number) => {
    const kept = lines.filter((l) => l.p >= threshold);
    return kept.filter((l) => l.right).length / kept.length;
  };
  const lines: ScoredLine[] = [
    { p: 0.95, right: true },
    { p: 0.9, right: true },
    { p: 0.8, right: false },
    { p: 0.7, right: true },
    { p: 0.6, right: true },
    { p: 0.5, right: false },
    { p: 0.4, right: false },
  ];

  it('keeps as many lines as the target precision allows, and their pooled precision reaches it', () => {
    const chosen = chooseThreshold(lines, 0.8);
    expect(chosen).toEqual({ threshold: 0.6, precision: 0.8, kept: 5 });
    expect(precisionOf(lines, chosen.threshold)).toBeGreaterThanOrEqual(0.8);
    expect(chooseThreshold(lines, 1)).toMatchObject({ threshold: 0.9, kept: 2 });
  });

  it('does not split lines of the same confidence', () => {
    const tied: ScoredLine[] = [
      { p: 0.9, right: true },
      { p: 0.8, right: true },
      { p: 0.8, right: false },
    ];
    expect(chooseThreshold(tied, 1)).toMatchObject({ threshold: 0.9, kept: 1 });
  });

  it('keeps no line when no threshold reaches the target', () => {
    const chosen = chooseThreshold(lines.map((l) => ({ ...l, right: false })), 0.5);
    expect(chosen.kept).toBe(0);
    expect(lines.filter((l) => l.p >= chosen.threshold)).toEqual([]);
  });
});
