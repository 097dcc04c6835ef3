import { areaUnderRiskCoverage, spreadOverCoverage, sweptThresholds } from './risk-coverage.js';
import { mean, round3, type DisagreeVerdict, type LineVerdict, type QuestionScore } from './score.js';

/** A share, or null when there is nothing to take it of. */
const share = (flags: boolean[]): number | null => (flags.length === 0 ? null : round3(mean(flags.map(Number))));

/** The answer line over a group of answerable questions. */
export interface LineFigures {
  /** Share of the answerable questions with a line. */
  line_given: number | null;
  /** Among the questions with a line, the share whose (first) value is right. */
  line_precision: number | null;
  /** Share of the answerable questions whose line is right. */
  line_accuracy: number | null;
}

export interface LineRiskPoint {
  /** Lines under this line confidence are withheld (0: the engine as it is). */
  threshold: number;
  /** Share of the answerable questions left with a line. */
  coverage: number;
  precision: number | null;
  accuracy: number;
}

export interface LineRiskCoverage {
  /** Mean share of wrong lines over the lines taken best line confidence first (lower is better); null without lines. */
  aurc: number | null;
  points: LineRiskPoint[];
}

/** The figures of the `disagree-dev` format (questions with `expect.values` and `expect.disagree`). */
export interface DisagreeSummary {
  stories: number;
  disagreeing: number;
  /** Disagreeing stories whose line lists every expected value. */
  disagreements_shown: number | null;
  /** Agreeing stories whose line lists the value alone. */
  agreements_right: number | null;
  /** Agreeing stories whose line lists more than one value. */
  spurious: number | null;
  /** Stories with a line. */
  answered: number;
  /** Among the stories with a line, those whose every expected value has the expected number of articles. */
  support_right: number | null;
}

export interface LineSummary extends LineFigures {
  /** The same over the questions whose gold answer holds a digit. */
  numeric: LineFigures & { n: number };
  /** Share of the answerable questions whose line lists two or more values. */
  disagreement_lines: number | null;
  line_risk_coverage: LineRiskCoverage;
  disagree?: DisagreeSummary;
}

const linesOf = (scores: QuestionScore[]): LineVerdict[] => scores.flatMap((s) => (s.kind === 'answerable' && s.line ? [s.line] : []));

export function lineFigures(scores: QuestionScore[]): LineFigures {
  return figures(linesOf(scores));
}

function figures(lines: LineVerdict[]): LineFigures {
  return {
    line_given: share(lines.map((l) => l.given)),
    line_precision: share(lines.filter((l) => l.given).map((l) => l.right)),
    line_accuracy: share(lines.map((l) => l.right)),
  };
}

/**
 * Line precision against line coverage when lines under each line-confidence threshold are
 * withheld, about `maxPoints` points: if the line's confidence is calibrated, precision rises as
 * coverage falls, and the line's threshold can be read off it.
 */
export function lineRiskCoverage(lines: LineVerdict[], maxPoints = 6): LineRiskCoverage {
  const given = lines.filter((l) => l.given);
  if (given.length === 0) return { aurc: null, points: [] };
  const all = sweptThresholds(given.map((l) => l.confidence)).map((threshold) => {
    const kept = lines.map((l) => ({ ...l, given: l.given && l.confidence >= threshold, right: l.right && l.confidence >= threshold }));
    const f = figures(kept);
    return { threshold: round3(threshold), coverage: f.line_given!, precision: f.line_precision, accuracy: f.line_accuracy! };
  });
  return { aurc: areaUnderRiskCoverage(given), points: spreadOverCoverage(all, maxPoints) };
}

export function summarizeDisagree(verdicts: DisagreeVerdict[]): DisagreeSummary {
  const disagreeing = verdicts.filter((v) => v.disagree);
  const agreeing = verdicts.filter((v) => !v.disagree);
  const answered = verdicts.filter((v) => v.supportRight !== null);
  return {
    stories: verdicts.length,
    disagreeing: disagreeing.length,
    disagreements_shown: share(disagreeing.map((v) => v.shown)),
    agreements_right: share(agreeing.map((v) => v.alone)),
    spurious: share(agreeing.map((v) => v.listed > 1)),
    answered: answered.length,
    support_right: share(answered.map((v) => v.supportRight === true)),
  };
}

/** The answer line's figures for the product's scores (the baseline has no line). */
export function summarizeLine(scores: QuestionScore[]): LineSummary {
  const lines = linesOf(scores);
  const numeric = lines.filter((l) => l.numeric);
  const disagree = scores.flatMap((s) => (s.disagree ? [s.disagree] : []));
  return {
    ...figures(lines),
    numeric: { n: numeric.length, ...figures(numeric) },
    disagreement_lines: share(lines.map((l) => l.values >= 2)),
    line_risk_coverage: lineRiskCoverage(lines),
    ...(disagree.length > 0 ? { disagree: summarizeDisagree(disagree) } : {}),
  };
}
