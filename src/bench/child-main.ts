/**
 * Entry point of a benchmark child process: `node --import tsx child-main.ts <task> '<json params>'`.
 * Runs one task and prints its result on one stdout line after RESULT_MARKER.
 */
import { RESULT_MARKER } from './child.js';

const tasks: Record<string, () => Promise<(params: never) => Promise<unknown>>> = {
  embedding: async () => (await import('./embedding.js')).embeddingTask,
  indexing: async () => (await import('./indexing.js')).indexingTask,
  answering: async () => (await import('./answering.js')).answeringTask,
  'scale-build': async () => (await import('./scale.js')).scaleBuildTask,
  'scale-query': async () => (await import('./scale.js')).scaleQueryTask,
  'text-scale-build': async () => (await import('./text-scale.js')).textScaleBuildTask,
  'side-by-side': async () => (await import('./xenova.js')).sideBySideTask,
};

const [name, json] = process.argv.slice(2);
const load = name ? tasks[name] : undefined;
if (!load || !json) {
  console.error(`Usage: child-main.ts <${Object.keys(tasks).join('|')}> '<json params>'`);
  process.exit(2);
}
const result = await (await load())(JSON.parse(json) as never);
process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
// onnxruntime's thread pool can keep the process alive after its sessions are released.
process.exit(0);
