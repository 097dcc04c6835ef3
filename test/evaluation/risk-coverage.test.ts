import { describe, expect, it } from 'vitest';
import { riskCoverage, thresholdAbstainingOn, thresholdForAbstentionRate, thresholdForEqualAbstainAccuracy } from '../../src/evaluation/risk-coverage.js';
import type { QuestionScore } from '../../src/evaluation/score.js';

const score = (confidence: number, right: boolean, kind: QuestionScore['kind'] = 'answerable'): QuestionScore => ({
  id: String(confidence),
  lang: 'de',
  kind,
  right,
  abstained: false,
  foundAtK: false,
  reciprocalRank: 0,
  retrievalFoundAtK: false,
  retrievalReciprocalRank: 0,
  confidence,
});

describe('thresholds and the risk-coverage curve', () => {
  it('finds the lowest threshold that abstains on the asked number, ties abstaining together', () => {
    expect(thresholdAbstainingOn([0.1, 0.4, 0.2, 0.9], 2)).toBe(0.30000000000000004);
    expect(thresholdAbstainingOn([0.2, 0.2, 0.5], 1)).toBe(0.35);
    expect(thresholdAbstainingOn([0.2, 0.5], 0)).toBe(0);
    expect(thresholdAbstainingOn([0.2, 0.5], 2)).toBeGreaterThan(0.5);
    expect(thresholdAbstainingOn([0.2, 0.5], 2)).toBeLessThan(0.500001);
  });

  it('matches an abstention rate over all questions', () => {
    const scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1].map((c) => score(c, true));
    const t = thresholdForAbstentionRate(scores, 0.3);
    expect(scores.filter((s) => s.confidence < t)).toHaveLength(3);
  });

  it('matches abstaining on every abstain question without abstaining on the answerable questions scored above them', () => {
    const scores = [score(0.2, false, 'abstain'), score(0.4, false, 'abstain'), score(0.3, true), score(0.9, true)];
    const reference = scores.map((s) => ({ ...s, abstained: s.kind === 'abstain' }));
    const t = thresholdForEqualAbstainAccuracy(scores, reference);
    expect(scores.filter((s) => s.confidence < t).map((s) => s.confidence)).toEqual([0.2, 0.4, 0.3]);
  });

  it('shows accuracy rising as coverage falls when confidence is calibrated', () => {
    const scores = [score(0.9, true), score(0.8, true), score(0.7, true), score(0.3, false), score(0.2, false, 'abstain'), { ...score(0.1, false), abstained: true }];
    const { points, aurc } = riskCoverage(scores, 5);
    expect(points[0]).toMatchObject({ threshold: 0, coverage: 0.833, accuracy: 0.6, answer_accuracy: 0.6, abstain_accuracy: 0 });
    const accuracies = points.map((p) => p.accuracy);
    expect(accuracies).toEqual([...accuracies].sort((a, b) => a - b));
    expect(points.at(-1)!.accuracy).toBe(1);
    expect(aurc).toBeGreaterThan(0);
    expect(aurc).toBeLessThan(0.4);
  });
});
