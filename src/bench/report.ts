/** The human half of the bench output: one table per measurement, with the targets beside. */
import type { Percentiles } from './stats.js';
import { renderTable, type Cell } from './table.js';
import type { BenchResult, Skipped } from './run.js';

const isSkipped = (value: object): value is Skipped => 'skipped' in value;
const pRow = (label: string, p: Percentiles): Cell[] => [label, p.p50, p.p95, p.p99];
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

function header(r: BenchResult): string {
  const m = r.machine;
  return [
    `Benchmark: ${r.model.dir} (${r.model.dtype}, ${r.model.onnxFile}, ${r.model.onnxMB} MB), threads ${r.model.threads}, batch ${r.model.batchSize}`,
    `NOTE: ${r.note}`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node}, onnxruntime-node ${m.onnxruntimeNode}, transformers.js ${m.transformers}, vectra ${m.vectra}`,
    `Load average (1 min) at start ${m.loadAverage.start}, at end ${m.loadAverage.end ?? '?'}: anything above 0 is other work sharing these cores.`,
    '',
  ].join('\n');
}

function embedding(r: BenchResult): string {
  const e = r.embedding;
  const rows: Cell[][] = [
    [`seed corpus (${e.seed.passages} passages, ${e.seed.meanTokens} tokens avg)`, e.seed.productPerSecond, e.seed.barePerSecond, `${e.seed.ratio.toFixed(2)}x`],
    [`synthetic (${e.synthetic.passages} passages, ${e.synthetic.meanTokens} tokens avg)`, e.synthetic.productPerSecond, e.synthetic.barePerSecond, `${e.synthetic.ratio.toFixed(2)}x`],
  ];
  const q = e.queries;
  const notes = [
    `model load: product ${Math.round(e.loadMs.product)} ms, bare tokenizer + session ${Math.round(e.loadMs.bare)} ms; target ratio ≤ 1.10x`,
    ...(q
      ? [
          `query embedding (${q.count} questions, ${q.meanTokens} tokens avg): product p50 ${q.product.p50.toFixed(2)} ms / p95 ${q.product.p95.toFixed(2)} ms; ` +
            `tokenizer + bare session p50 ${q.bare.p50.toFixed(2)} ms / p95 ${q.bare.p95.toFixed(2)} ms (tokenizer alone p50 ${q.tokenizer.p50.toFixed(2)} ms); ratio ${q.ratio.toFixed(2)}x: ${verdict(q.ratio <= 1.1)}`,
        ]
      : []),
  ];
  return renderTable('1. Indexing throughput: product embedder vs tokenizer + bare onnxruntime session (passages/s)', ['corpus', 'product/s', 'bare/s', 'ratio'], rows, notes);
}

function indexing(r: BenchResult): string {
  const i = r.indexing;
  return renderTable('1b. Indexing the seed corpus (runIndexer, child process)', ['run', 'seconds', 'target', ''], [
    [`full build, model load included (${i.articles} articles, ${i.passages} passages, ${i.mode})`, i.buildSeconds, '≤ 6 s', verdict(i.buildSeconds <= 6)],
    ['re-index, nothing changed', i.unchangedSeconds, '< 1 s', verdict(i.unchangedSeconds < 1)],
  ]);
}

function answering(r: BenchResult): string {
  const a = r.answering;
  if (isSkipped(a)) return `2. Answering: skipped (${a.skipped})\n`;
  return renderTable(
    `2. Answering: ask() in process, warm, ${a.questions} distinct questions (${a.mode}), ms`,
    ['stage', 'p50', 'p95', 'p99'],
    [pRow('embedding', a.embed), pRow('search', a.search), pRow('evidence selection', a.evidence), pRow('whole answer (totalMs)', a.total), pRow('wall time around ask()', a.wall)],
    [`target: whole answer p95 ≤ 25 ms: ${verdict(a.total.p95 <= 25)}; service open ${Math.round(a.openMs)} ms`],
  );
}

function coldStart(r: BenchResult): string {
  const c = r.coldStart;
  const b = r.botFirstReply;
  const rows: Cell[][] = [['tsx src/cli/main.ts ask "…" (spawn to exit)', c.medianMs, c.runsMs.map((ms) => Math.round(ms)).join(', '), verdict(c.medianMs <= 3000)]];
  if (!isSkipped(b)) {
    rows.push(['bot: tsx src/discord/main.ts to "ready"', b.readyMs, '', '']);
    rows.push(['bot: to the reply to a first /ask', b.firstReplyMs, '', verdict(b.firstReplyMs <= 3000)]);
  }
  const notes = ['target ≤ 3,000 ms', ...(isSkipped(b) ? [`bot first reply skipped: ${b.skipped}`] : [])];
  return renderTable('3. Cold start to the first answer, ms (median of the runs)', ['process', 'ms', 'runs', ''], rows, notes);
}

function memory(r: BenchResult): string {
  const serving = isSkipped(r.answering) ? null : r.answering.peakRssMb;
  return renderTable('4. Peak RSS (VmHWM of a child process that did only that), MiB', ['process', 'MiB', 'target', ''], [
    ['indexing the seed corpus', r.indexing.peakRssMb, '', ''],
    ['serving: open + warm answers', serving, '≤ 500', serving === null ? 'skipped' : verdict(serving <= 500)],
  ]);
}

export function renderReport(r: BenchResult): string {
  return [header(r), embedding(r), indexing(r), answering(r), coldStart(r), memory(r)].join('\n');
}
