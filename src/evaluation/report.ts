import { renderTable } from '../bench/table.js';
import { riskCoverage, thresholdForEqualAbstainAccuracy, thresholdForAbstentionRate, type RiskCoverage } from './risk-coverage.js';
import { abstentionRate, round3, summarize, summarizeRetrieval, withThreshold, type EvalSummary, type QuestionScore } from './score.js';

type Scores = Omit<EvalSummary, 'n'>;

/** The baseline made to abstain under one confidence threshold. */
export interface ThresholdedBaseline {
  threshold: number;
  abstention_rate: number;
  answer_accuracy: number;
  abstain_accuracy: number;
}

export interface LanguageBreakdown {
  n: number;
  answerable: number;
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

const f = (x: number | null) => (x === null ? '–' : x.toFixed(3));

/** The comparison as terminal tables (between the per-question lines and the JSON line). */
export function renderComparison(summary: EvalSummary & { k: number }, c: Comparison): string {
  const b = c.baseline_bm25;
  const overall = renderTable(
    `Product against plain BM25 over sentences (${summary.n} questions: ${c.answerable} answerable, ${c.abstain_questions} abstain)`,
    ['system', 'answer acc.', 'abstain acc.', 'abstains', `found@${summary.k}`, 'MRR', `retrieval found@${summary.k}`, 'retrieval MRR'],
    [
      ['product', f(summary.answer_accuracy), f(summary.abstain_accuracy), f(c.abstention_rate), f(summary.found_at_k), f(summary.mrr), f(c.retrieval.found_at_k), f(c.retrieval.mrr)],
      ['bm25 top 3, never abstains', f(b.answer_accuracy), f(b.abstain_accuracy), f(0), f(b.found_at_k), f(b.mrr), f(b.retrieval.found_at_k), f(b.retrieval.mrr)],
      [`bm25 at equal abstention (conf < ${b.at_equal_abstention.threshold})`, f(b.at_equal_abstention.answer_accuracy), f(b.at_equal_abstention.abstain_accuracy), f(b.at_equal_abstention.abstention_rate), '', '', '', ''],
      [`bm25 at equal abstain acc. (conf < ${b.at_equal_abstain_accuracy.threshold})`, f(b.at_equal_abstain_accuracy.answer_accuracy), f(b.at_equal_abstain_accuracy.abstain_accuracy), f(b.at_equal_abstain_accuracy.abstention_rate), '', '', '', ''],
    ],
    ['answer acc.: answerable questions whose answer is shown (bm25: in its top 3 sentences); abstains: share of all questions.'],
  );
  const languages = renderTable(
    'By language',
    ['lang', 'n', 'answerable', 'answer acc.', 'abstain acc.', 'abstains', `retrieval found@${summary.k}`, 'bm25 top 3', 'bm25 equal abst.'],
    Object.entries(c.by_language).map(([lang, l]) => [lang, String(l.n), String(l.answerable), f(l.answer_accuracy), f(l.abstain_accuracy), f(l.abstention_rate), f(l.retrieval_found_at_k), f(l.bm25_answer_accuracy), f(l.bm25_at_equal_abstention.answer_accuracy)]),
  );
  const curve = renderTable(
    `Risk-coverage of the product's confidence (AURC ${f(c.risk_coverage.aurc)}, lower is better)`,
    ['withheld under', 'coverage', 'accuracy of answered', 'answer acc.', 'abstain acc.'],
    c.risk_coverage.points.map((p) => [f(p.threshold), f(p.coverage), f(p.accuracy), f(p.answer_accuracy), f(p.abstain_accuracy)]),
  );
  return [overall, languages, curve].join('\n');
}

/** One row per set and the mean over the sets (each set weighs the same), for tuning on a group. */
export function renderSetsOverview(rows: Array<{ name: string; summary: EvalSummary & { k: number }; comparison: Comparison }>): string {
  const k = rows[0]?.summary.k ?? 5;
  const cells = (r: (typeof rows)[number]) => [
    r.summary.answer_accuracy,
    r.summary.abstain_accuracy,
    r.comparison.abstention_rate,
    r.comparison.retrieval.found_at_k,
    r.comparison.baseline_bm25.answer_accuracy,
    r.comparison.baseline_bm25.at_equal_abstention.answer_accuracy,
    r.comparison.risk_coverage.aurc,
  ];
  const table = rows.map(cells);
  const means = table[0]!.map((_, c) => table.reduce((sum, row) => sum + row[c]!, 0) / table.length);
  return renderTable(
    `${rows.length} sets`,
    ['set', 'n', 'answer acc.', 'abstain acc.', 'abstains', `retrieval found@${k}`, 'bm25 top 3', 'bm25 equal abst.', 'AURC'],
    [...rows.map((r, i) => [r.name, String(r.summary.n), ...table[i]!.map(f)]), ['mean of the sets', '', ...means.map(f)]],
  );
}
