import { createRequire } from 'node:module';
import type cliProgress from 'cli-progress';
import type { IndexProgress, IndexReport } from '../app/service-types.js';
import type { AppConfig } from '../config.js';
import { describeRetrieval } from '../embed/model-description.js';

/** cli-progress is loaded when a bar is first drawn: `ask` on an existing index never draws one (~30 ms and ~7 MiB at start-up). */
const loadCliProgress = (): typeof cliProgress => createRequire(import.meta.url)('cli-progress') as typeof cliProgress;

/**
 * Indexing progress: a bar on a terminal, plain lines elsewhere (CI logs, pipes), where a
 * redrawn bar would print as noise.
 */
export function indexProgressReporter(stream: NodeJS.WriteStream = process.stderr) {
  let bar: cliProgress.SingleBar | null = null;
  let lastLine = '';
  return (progress: IndexProgress) => {
    if (progress.phase !== 'embedding') {
      bar?.stop();
      bar = null;
      if (progress.phase === 'writing' && progress.done === 0) stream.write('Writing the index…\n');
      return;
    }
    if (stream.isTTY) {
      const { SingleBar, Presets } = loadCliProgress();
      bar ??= new SingleBar({ format: 'Embedding passages and sentences [{bar}] {value}/{total}', stream, hideCursor: true }, Presets.shades_classic);
      if (progress.done === 0) bar.start(progress.total, 0);
      else bar.update(progress.done);
      return;
    }
    const line = `Embedding passages and sentences: ${progress.done}/${progress.total}`;
    if (line !== lastLine) stream.write(`${line}\n`);
    lastLine = line;
  };
}

/** What changed, then how questions will be answered (the model and where it loads from, or why keyword-only). */
export function formatIndexReport(report: IndexReport, config: Pick<AppConfig, 'lexicalOnly' | 'model'>): string {
  const changes = report.added.length + report.changed.length + report.removed.length;
  const what = changes === 0 ? 'nothing changed' : `${report.added.length} added, ${report.changed.length} changed, ${report.removed.length} removed`;
  // A model that failed to load in this run has its warning line (reason and fix): the Answers line points to it.
  const warned = report.lexicalReason && report.warnings.some((w) => w.endsWith(report.lexicalReason!));
  const answers = describeRetrieval(warned ? { ...report, lexicalReason: 'The embedding model could not be loaded (see the warning above).' } : report, config);
  return [
    ...report.warnings.map((w) => `Warning: ${w}`),
    `Indexed ${report.articles} articles, ${report.passages} passages: ${what} (${report.unchanged} unchanged) in ${report.seconds.toFixed(2)} s.`,
    `Answers: ${answers.line}`,
  ].join('\n');
}
