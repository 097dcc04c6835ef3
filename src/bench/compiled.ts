/**
 * The product as compiled JavaScript, for comparison with tsx (which runs it: `npm run ask`,
 * `npm start`). tsx's loader rewrites every module it loads, with a source map, transformers.js's
 * 1.3 MB bundle included; one esbuild bundle of an entry point (esbuild comes with tsx;
 * dependencies stay in node_modules) run by plain node shows what that costs.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../config.js';

/** Bundles `entry` (relative to the project) into `<workDir>/dist/<name>.mjs` and returns that file. */
export async function bundle(workDir: string, entry: string, name: string): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = path.join(workDir, 'dist', `${name}.mjs`);
  await build({ entryPoints: [path.join(PROJECT_ROOT, entry)], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'error' });
  return outfile;
}
