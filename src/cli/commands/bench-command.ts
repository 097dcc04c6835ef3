import type { AppConfig } from '../../config.js';
import { parseBenchArgs } from '../../bench/options.js';
import { renderReport } from '../../bench/report.js';
import { runBenchmarks } from '../../bench/run.js';

/**
 * `npm run bench -- --model .cache/models/e5-standin [--dtype q8] [--quick]`: times indexing,
 * answering, cold start, memory and index scale on this machine. Progress goes to stderr; the
 * table, then one JSON line with every figure, to stdout. See BENCHMARKS.md.
 */
export async function benchCommand(config: AppConfig, args: string[]): Promise<number> {
  if (args.includes('--store')) return (await import('../../bench/postgres-store.js')).postgresBenchCommand(config, args);
  const options = parseBenchArgs(config, args);
  const result = await runBenchmarks(options, (line) => process.stderr.write(`${line}\n`));
  console.log(renderReport(result));
  console.log(JSON.stringify(result));
  return 0;
}
