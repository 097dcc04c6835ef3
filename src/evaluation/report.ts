import { renderTable } from '../text-table.js';
import { riskCoverage, thresholdForEqualAbstainAccuracy, thresholdForAbstentionRate, type RiskCoverage } from './risk-coverage.js';
import { lineFigures, type LineFigures, type LineSummary } from './line-summary.js';
import { abstentionRate, round3, summarize, summarizeRetrieval, withThreshold, type EvalSummary, type QuestionScore } from './score.js';

type Scores = Omit<EvalSummary, 'n'>;

/** The baseline made to abstain under one confidence threshold. */
export interface ThresholdedBaseline {
  threshold: number;
  abstention_rate: number;
  answer_accuracy: number;
  abstain_accuracy: number;
}

export interface LanguageBreakdown extends LineFigures {
  n: number;
  answerable: number;
  /** Evidence accuracy: the answer is in the line or the quotes. */
  answer_accuracy: number;
  abstain_accuracy: number | null;
  found_at_k: number;
  retrieval_found_at_k: number;
  retrieval_mrr: number;
  abstention_rate: number;
  bm25_answer_accuracy: number;
  bm25_at_equal_abstention: { answer_accuracy: number; abstain_accuracy: number | null };
}

/** Everything the summary adds to the first version's keys. */
export interface Comparison {
  answerable: number;
  abstain_questions: number;
  abstention_rate: number;
  retrieval: { found_at_k: number; mrr: number };
  baseline_bm25: Scores & {
    shown: number;
    retrieval: { found_at_k: number; mrr: number };
    /** Abstaining on the same share of all questions as the product. */
    at_equal_abstention: ThresholdedBaseline;
    /** Abstaining on the same share of the abstain questions as the product. */
    at_equal_abstain_accuracy: ThresholdedBaseline;
  };
  by_language: Record<string, LanguageBreakdown>;
  risk_coverage: RiskCoverage;
}

function thresholded(baseline: QuestionScore[], threshold: number): ThresholdedBaseline {
  const gated = withThreshold(baseline, threshold);
  const { answer_accuracy, abstain_accuracy } = summarize(gated);
  return { threshold: round3(threshold), abstention_rate: abstentionRate(gated), answer_accuracy, abstain_accuracy };
}

const hasAbstain = (scores: QuestionScore[]) => scores.some((s) => s.kind === 'abstain');

function byLanguage(product: QuestionScore[], baseline: QuestionScore[], threshold: number): Record<string, LanguageBreakdown> {
  const languages = [...new Set(product.map((s) => s.lang))].sort();
  return Object.fromEntries(
    languages.map((lang) => {
      const mine = product.filter((s) => s.lang === lang);
      const theirs = baseline.filter((s) => s.lang === lang);
      const summary = summarize(mine);
      const gated = summarize(withThreshold(theirs, threshold));
      const retrieval = summarizeRetrieval(mine);
      return [
        lang,
        {
          n: mine.length,
          answerable: mine.filter((s) => s.kind === 'answerable').length,
          answer_accuracy: summary.answer_accuracy,
          ...lineFigures(mine),
          abstain_accuracy: hasAbstain(mine) ? summary.abstain_accuracy : null,
          found_at_k: summary.found_at_k,
          retrieval_found_at_k: retrieval.found_at_k,
          retrieval_mrr: retrieval.mrr,
          abstention_rate: abstentionRate(mine),
          bm25_answer_accuracy: summarize(theirs).answer_accuracy,
          bm25_at_equal_abstention: { answer_accuracy: gated.answer_accuracy, abstain_accuracy: hasAbstain(theirs) ? gated.abstain_accuracy : null },
        },
      ];
    }),
  );
}

/** The product against the plain-BM25 baseline over the same questions, in the same order. */
export function compare(product: QuestionScore[], baseline: QuestionScore[]): Comparison {
  const rate = abstentionRate(product);
  const equalRate = thresholdForAbstentionRate(baseline, rate);
  const { n: _n, ...plain } = summarize(baseline);
  return {
    answerable: product.filter((s) => s.kind === 'answerable').length,
    abstain_questions: product.filter((s) => s.kind === 'abstain').length,
    abstention_rate: rate,
    retrieval: summarizeRetrieval(product),
    baseline_bm25: {
      shown: 3,
      ...plain,
      retrieval: summarizeRetrieval(baseline),
      at_equal_abstention: thresholded(baseline, equalRate),
      at_equal_abstain_accuracy: thresholded(baseline, thresholdForEqualAbstainAccuracy(baseline, product)),
    },
    by_language: byLanguage(product, baseline, equalRate),
    risk_coverage: riskCoverage(product),
  };
}

const f = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(3));

type ProductSummary = EvalSummary & LineSummary & { k: number };

function renderLine(summary: ProductSummary, answerable: number): string {
  const figures = (l: LineFigures) => [f(l.line_given), f(l.line_precision), f(l.line_accuracy)];
  const table = renderTable(
    `The answer line (${answerable} answerable questions; disagreement lines ${f(summary.disagreement_lines)})`,
    ['questions', 'n', 'line given', 'line precision', 'line acc.'],
    [
      ['all answerable', String(answerable), ...figures(summary)],
      ['gold answer holds a digit', String(summary.numeric.n), ...figures(summary.numeric)],
    ],
    [
      'line given: share with a line; precision: lines whose first value is a gold span (contains one, is in one, or token F1 >= 0.5); line acc.: right lines over all.',
      'disagreement lines: share of answerable questions whose line lists two or more values.',
    ],
  );
  const rc = summary.line_risk_coverage;
  const curve = renderTable(
    `Risk-coverage of the line's confidence (line AURC ${f(rc.aurc)})`,
    ['line withheld under', 'line coverage', 'line precision', 'line acc.'],
    rc.points.map((p) => [f(p.threshold), f(p.coverage), f(p.precision), f(p.accuracy)]),
  );
  const d = summary.disagree;
  const disagree = d
    ? renderTable(
        `Stories told by several articles (${d.stories}: ${d.disagreeing} disagreeing)`,
        ['disagreements shown', 'agreements right', 'spurious', `support right (of ${d.answered} with a line)`],
        [[f(d.disagreements_shown), f(d.agreements_right), f(d.spurious), f(d.support_right)]],
        ['shown: every expected value listed; right: the value alone; spurious: agreeing stories with two or more values; support: articles per value as expected.'],
      )
    : '';
  return [table, curve, disagree].filter(Boolean).join('\n');
}

/** The comparison as terminal tables (between the per-question lines and the JSON line). */
export function renderComparison(summary: ProductSummary, c: Comparison): string {
  const b = c.baseline_bm25;
  const overall = renderTable(
    `Product against plain BM25 over sentences (${summary.n} questions: ${c.answerable} answerable, ${c.abstain_questions} abstain)`,
    ['system', 'evidence acc.', 'abstain acc.', 'abstains', `found@${summary.k}`, 'MRR', `retrieval found@${summary.k}`, 'retrieval MRR'],
    [
      ['product', f(summary.answer_accuracy), f(summary.abstain_accuracy), f(c.abstention_rate), f(summary.found_at_k), f(summary.mrr), f(c.retrieval.found_at_k), f(c.retrieval.mrr)],
      ['bm25 top 3, never abstains', f(b.answer_accuracy), f(b.abstain_accuracy), f(0), f(b.found_at_k), f(b.mrr), f(b.retrieval.found_at_k), f(b.retrieval.mrr)],
      [`bm25 at equal abstention (conf < ${b.at_equal_abstention.threshold})`, f(b.at_equal_abstention.answer_accuracy), f(b.at_equal_abstention.abstain_accuracy), f(b.at_equal_abstention.abstention_rate), '', '', '', ''],
      [`bm25 at equal abstain acc. (conf < ${b.at_equal_abstain_accuracy.threshold})`, f(b.at_equal_abstain_accuracy.answer_accuracy), f(b.at_equal_abstain_accuracy.abstain_accuracy), f(b.at_equal_abstain_accuracy.abstention_rate), '', '', '', ''],
    ],
    ['evidence acc.: answerable questions whose answer is shown, in the line or the quotes (bm25: in its top 3 sentences); abstains: share of all questions.'],
  );
  const languages = renderTable(
    'By language',
    ['lang', 'n', 'answerable', 'evidence acc.', 'line given', 'line prec.', 'line acc.', 'abstain acc.', 'abstains', `retrieval found@${summary.k}`, 'bm25 top 3', 'bm25 equal abst.'],
    Object.entries(c.by_language).map(([lang, l]) => [
      lang,
      String(l.n),
      String(l.answerable),
      f(l.answer_accuracy),
      f(l.line_given),
      f(l.line_precision),
      f(l.line_accuracy),
      f(l.abstain_accuracy),
      f(l.abstention_rate),
      f(l.retrieval_found_at_k),
      f(l.bm25_answer_accuracy),
      f(l.bm25_at_equal_abstention.answer_accuracy),
    ]),
  );
  const curve = renderTable(
    `Risk-coverage of the product's confidence (AURC ${f(c.risk_coverage.aurc)}, lower is better)`,
    ['withheld under', 'coverage', 'accuracy of answered', 'evidence acc.', 'abstain acc.'],
    c.risk_coverage.points.map((p) => [f(p.threshold), f(p.coverage), f(p.accuracy), f(p.answer_accuracy), f(p.abstain_accuracy)]),
  );
  return [overall, renderLine(summary, c.answerable), languages, curve].join('\n');
}

/** The mean of the figures present (a set without such questions does not count). */
function meanPresent(xs: Array<number | null | undefined>): number | null {
  const present = xs.filter((x): x is number => typeof x === 'number');
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
}

/** One row per set and the mean over the sets (each set weighs the same), for tuning on a group. */
export function renderSetsOverview(rows: Array<{ name: string; summary: ProductSummary; comparison: Comparison }>): string {
  const k = rows[0]?.summary.k ?? 5;
  type Column = [string, (r: (typeof rows)[number]) => number | null | undefined];
  const disagreeColumns: Column[] = [
    ['disagr. shown', (r) => r.summary.disagree?.disagreements_shown],
    ['agree right', (r) => r.summary.disagree?.agreements_right],
    ['spurious', (r) => r.summary.disagree?.spurious],
    ['support right', (r) => r.summary.disagree?.support_right],
  ];
  const columns: Column[] = [
    ['evidence acc.', (r) => r.summary.answer_accuracy],
    ['line given', (r) => r.summary.line_given],
    ['line prec.', (r) => r.summary.line_precision],
    ['line acc.', (r) => r.summary.line_accuracy],
    ['numeric line acc.', (r) => r.summary.numeric.line_accuracy],
    ['disagr. lines', (r) => r.summary.disagreement_lines],
    ['abstain acc.', (r) => r.summary.abstain_accuracy],
    ['abstains', (r) => r.comparison.abstention_rate],
    [`retrieval found@${k}`, (r) => r.comparison.retrieval.found_at_k],
    ['bm25 top 3', (r) => r.comparison.baseline_bm25.answer_accuracy],
    ['bm25 equal abst.', (r) => r.comparison.baseline_bm25.at_equal_abstention.answer_accuracy],
    ['AURC', (r) => r.comparison.risk_coverage.aurc],
    ['line AURC', (r) => r.summary.line_risk_coverage.aurc],
    ...(rows.some((r) => r.summary.disagree) ? disagreeColumns : []),
  ];
  const table = rows.map((r) => columns.map(([, value]) => value(r)));
  const means = columns.map((_, c) => meanPresent(table.map((row) => row[c])));
  return renderTable(
    `${rows.length} sets`,
    ['set', 'n', ...columns.map(([name]) => name)],
    [...rows.map((r, i) => [r.name, String(r.summary.n), ...table[i]!.map(f)]), ['mean of the sets', '', ...means.map(f)]],
    ['evidence acc.: the answer in the line or the quotes; line prec.: lines whose first value is right; numeric: questions whose gold answer holds a digit.'],
  );
}
