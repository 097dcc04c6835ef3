/**
 * `npm run bench -- --model .cache/models/e5-standin [--dtype q8] [--quick] [--only …] [--scale]`: times
 * indexing, answering, cold start, memory and index scale on this machine. A development tool,
 * run through tsx (it is not part of the build). Progress goes to stderr; the table, then one
 * JSON line with every figure, to stdout. See BENCHMARKS.md.
 */
import { defineCommand, exitWith, runCommand } from '../cli/args.js';
import { loadCliConfig } from '../cli/cli-config.js';
import { BENCH_SPEC, benchOptions, checkBenchLine } from './options.js';
import { renderReport } from './report.js';
import { runBenchmarks } from './run.js';
import { measureTextScale, textScaleTable } from './text-scale.js';

const benchCommand = defineCommand({
  ...BENCH_SPEC,
  run: async (values) => {
    checkBenchLine(values);
    const progress = (line: string) => process.stderr.write(`${line}\n`);
    if (values.store === 'postgres') {
      // The PostgreSQL store's own benchmark (pg and its module load only for it).
      const { postgresBenchCommand } = await import('./postgres-store.js');
      return postgresBenchCommand(values, loadCliConfig);
    }
    const options = benchOptions(loadCliConfig(), values);
    if (values.scale) {
      const rows = await measureTextScale(options, progress);
      console.log(textScaleTable(rows));
      console.log(JSON.stringify(rows));
      return 0;
    }
    const result = await runBenchmarks(options, progress);
    console.log(renderReport(result));
    console.log(JSON.stringify(result));
    return 0;
  },
});

exitWith(runCommand(benchCommand, process.argv.slice(2)));
