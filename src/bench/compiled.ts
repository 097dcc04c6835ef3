/**
 * The product as compiled JavaScript, for comparison with tsx (which runs it: `npm run ask`,
 * `npm start`). tsx's loader rewrites every module it loads, with a source map, transformers.js's
 * 1.3 MB bundle included; one esbuild bundle of an entry point (esbuild comes with tsx;
 * dependencies stay in node_modules) run by node shows what that costs. The `library-trie`
 * variant loads the tokenizer with transformers.js's own trie (library-tokenizer.ts), as the
 * product did before compact-tokenizer.ts: the before of that change, in the same bench run.
 */
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { PROJECT_ROOT } from '../config.js';

export type BundleVariant = 'product' | 'library-trie';

const libraryTrie: Plugin = {
  name: 'library-trie',
  setup(build) {
    build.onResolve({ filter: /\/compact-tokenizer\.js$/ }, () => ({ path: path.join(PROJECT_ROOT, 'src', 'bench', 'library-tokenizer.ts') }));
  },
};

/** Bundles `entry` (relative to the project) into `<workDir>/dist/<name>.mjs` and returns that file. */
export async function bundle(workDir: string, entry: string, name: string, variant: BundleVariant = 'product'): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = path.join(workDir, 'dist', `${name}.mjs`);
  const plugins = variant === 'library-trie' ? [libraryTrie] : [];
  await build({ entryPoints: [path.join(PROJECT_ROOT, entry)], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'error', plugins });
  return outfile;
}
