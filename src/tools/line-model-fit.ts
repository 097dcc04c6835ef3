/**
 * The line scorer's fitting, apart from the data it is fitted on (`npm run train-answer` runs the
 * engine over the training sets and calls these): pure, so the same examples give the same model.
 */
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { LINE_FEATURES, type LineFeatureVector, type LineModel } from '../answer/stages/line-confidence.js';

/** One candidate value: its features and whether it states a gold span. */
export interface Example {
  features: LineFeatureVector;
  right: boolean;
}

/** A stated line: its confidence and whether its value is right. */
export interface ScoredLine {
  p: number;
  right: boolean;
}

/**
 * Logistic regression (ml-logistic-regression, from zeros: the same data gives the same weights)
 * on the standardised features. The threshold is left at 0.5 for `chooseThreshold` to set.
 */
export function fit(examples: readonly Example[], steps: number): LineModel {
  const rows = examples.map((e) => LINE_FEATURES.map((name) => e.features[name] ?? 0));
  const mean = LINE_FEATURES.map((_, j) => rows.reduce((sum, r) => sum + r[j]!, 0) / rows.length);
  const scale = LINE_FEATURES.map((_, j) => Math.sqrt(rows.reduce((sum, r) => sum + (r[j]! - mean[j]!) ** 2, 0) / rows.length) || 1);
  // Standardised features and a constant column for the intercept.
  const X = new Matrix(rows.map((r) => [...r.map((x, j) => (x - mean[j]!) / scale[j]!), 1]));
  const Y = Matrix.columnVector(examples.map((e) => (e.right ? 1 : 0)));
  const regression = new LogisticRegression({ numSteps: steps, learningRate: 1 / examples.length });
  regression.train(X, Y);
  // One-vs-all: classifier 0 is trained with class 0 as its negative, so its score is the probability of class 1 (right).
  const weights = regression.classifiers[0]!.weights.to1DArray();
  return { features: [...LINE_FEATURES], mean, scale, weights, threshold: 0.5 };
}

/**
 * The lowest threshold whose pooled precision over the lines it keeps reaches `target`; when none
 * does, a threshold of 1 that keeps none.
 */
export function chooseThreshold(lines: readonly ScoredLine[], target: number): { threshold: number; precision: number; kept: number } {
  const sorted = [...lines].sort((a, b) => b.p - a.p);
  let best = { threshold: 1, precision: 1, kept: 0 };
  let right = 0;
  sorted.forEach((line, i) => {
    if (line.right) right++;
    const precision = right / (i + 1);
    const next = sorted[i + 1];
    // A threshold between this line and the next keeps the first i + 1.
    if (precision >= target && (!next || next.p < line.p)) best = { threshold: line.p, precision, kept: i + 1 };
  });
  return best;
}
