import { abstentionRate, mean, round3, summarize, withThreshold, type QuestionScore } from './score.js';

const JUST_ABOVE = 1e-9;

/**
 * The lowest threshold under which at least `count` of these confidences fall (`confidence <
 * threshold` abstains): halfway to the next distinct value, so ties abstain together.
 */
export function thresholdAbstainingOn(confidences: number[], count: number): number {
  const sorted = [...confidences].sort((a, b) => a - b);
  if (count <= 0 || sorted.length === 0) return 0;
  const last = sorted[Math.min(count, sorted.length) - 1]!;
  const next = sorted.find((c) => c > last);
  // Just above the last one when nothing larger is among them (scores above it still answer).
  return next === undefined ? last + JUST_ABOVE : (last + next) / 2;
}

/** The threshold that makes `scores` abstain on the share `rate` of all questions. */
export function thresholdForAbstentionRate(scores: QuestionScore[], rate: number): number {
  return thresholdAbstainingOn(scores.map((s) => s.confidence), Math.round(rate * scores.length));
}

/** The threshold that makes `scores` abstain on as many abstain questions as `reference` abstains on. */
export function thresholdForEqualAbstainAccuracy(scores: QuestionScore[], reference: QuestionScore[]): number {
  const abstainedRightly = reference.filter((s) => s.kind === 'abstain' && s.abstained).length;
  return thresholdAbstainingOn(scores.filter((s) => s.kind === 'abstain').map((s) => s.confidence), abstainedRightly);
}

export interface RiskCoveragePoint {
  /** Answers under this confidence are withheld (0: the engine as it is). */
  threshold: number;
  /** Share of all questions answered. */
  coverage: number;
  /** Share of the answered questions answered right (an answered abstain question is wrong). */
  accuracy: number;
  answer_accuracy: number;
  abstain_accuracy: number;
}

export interface RiskCoverage {
  /** Area under the risk-coverage curve: mean error rate over the answers taken best-confidence first (lower is better). */
  aurc: number;
  points: RiskCoveragePoint[];
}

function point(scores: QuestionScore[], threshold: number): RiskCoveragePoint {
  const gated = withThreshold(scores, threshold);
  const answered = gated.filter((s) => !s.abstained);
  const { answer_accuracy, abstain_accuracy } = summarize(gated);
  return {
    threshold: round3(threshold),
    coverage: round3(1 - abstentionRate(gated)),
    accuracy: round3(mean(answered.map((s) => Number(s.kind === 'answerable' && s.right)))),
    answer_accuracy,
    abstain_accuracy,
  };
}

/** Mean error rate over answers taken best-confidence first (the area under the risk-coverage curve). */
export function areaUnderRiskCoverage(answers: Array<{ confidence: number; right: boolean }>): number {
  let errors = 0;
  const risks = [...answers]
    .sort((a, b) => b.confidence - a.confidence)
    .map((a, i) => {
      if (!a.right) errors += 1;
      return errors / (i + 1);
    });
  return round3(mean(risks));
}

/** About `maxPoints` of a curve's points, evenly spread over coverage from the first point's down. */
export function spreadOverCoverage<P extends { coverage: number }>(all: P[], maxPoints: number): P[] {
  const full = all[0]!.coverage;
  const targets = Array.from({ length: maxPoints }, (_, i) => full * (1 - i / maxPoints));
  return [...new Set(targets.map((target) => all.reduce((best, p) => (Math.abs(p.coverage - target) < Math.abs(best.coverage - target) ? p : best))))];
}

/** 0, then every distinct positive confidence in increasing order: the thresholds a curve sweeps. */
export const sweptThresholds = (confidences: number[]) => [0, ...new Set(confidences.filter((c) => c > 0))].sort((a, b) => a - b);

/**
 * Accuracy against coverage when the engine's answers under each confidence threshold are
 * withheld, kept to about `maxPoints` points evenly spread over coverage: if confidence is
 * calibrated, accuracy rises as coverage falls.
 */
export function riskCoverage(scores: QuestionScore[], maxPoints = 10): RiskCoverage {
  const answered = scores.filter((s) => !s.abstained);
  const aurc = areaUnderRiskCoverage(answered.map((s) => ({ confidence: s.confidence, right: s.kind === 'answerable' && s.right })));
  const all = sweptThresholds(answered.map((s) => s.confidence)).map((t) => point(scores, t));
  return { aurc, points: spreadOverCoverage(all, maxPoints) };
}
