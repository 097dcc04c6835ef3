/**
 * Measurement 5: synthetic unit vectors of the model's dimension at 1k, 10k and 100k, in each
 * store (scale-stores.ts). Building and querying each run in a child process of their own, so
 * the RSS of a query process is what serving that index costs.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { runChildTask } from './child.js';
import { peakRssMb } from './memory.js';
import { STORE_NAMES, STORES, type StoreName } from './scale-stores.js';
import { percentiles, round, sum, timed, type Percentiles } from './stats.js';
import { seededRandom } from '../seeded-random.js';

const TOP_K = 30;
const QUERIES = 200;
const WARMUP = 5;

export interface ScaleParams {
  store: StoreName;
  size: number;
  dims: number;
  folder: string;
}

export interface BuildResult {
  buildMs: number;
  diskMB: number;
  peakRssMb: number;
  /** Why the build failed, when it did (vectra's JSON save at 100k). */
  error?: string;
}

export interface QueryResult {
  loadMs: number;
  query: Percentiles;
  /** The fewest items a timed query returned: below top k (or the index's size), the store missed some, and its times mean little. */
  fewestHits: number;
  peakRssMb: number;
}

export interface ScaleRow extends Omit<ScaleParams, 'folder'> {
  build: BuildResult;
  open: QueryResult | null;
}

/** Unit vectors, the same on every run for a given seed. */
function unitVectors(count: number, dims: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: dims }, () => random() * 2 - 1);
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  });
}

/** Keys like the product's passage ids: 16 random hex characters. */
function idsFor(count: number): string[] {
  const random = seededRandom(3);
  const hex8 = () => Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0');
  return Array.from({ length: count }, () => hex8() + hex8());
}

async function folderMB(folder: string): Promise<number> {
  const names = await fs.readdir(folder).catch(() => []);
  const sizes = await Promise.all(names.map(async (n) => (await fs.stat(path.join(folder, n))).size));
  return round(sum(sizes) / 1e6, 3);
}

export async function scaleBuildTask({ store, size, dims, folder }: ScaleParams): Promise<BuildResult> {
  await fs.rm(folder, { recursive: true, force: true });
  const vectors = unitVectors(size, dims, 1);
  const started = performance.now();
  let error: string | undefined;
  try {
    await STORES[store].build(folder, idsFor(size), vectors);
  } catch (e) {
    error = e instanceof Error ? e.message.split('\n')[0] : String(e);
  }
  return { buildMs: round(performance.now() - started), diskMB: await folderMB(folder), peakRssMb: round(peakRssMb(), 1), ...(error ? { error } : {}) };
}

export async function scaleQueryTask({ store, dims, folder }: ScaleParams): Promise<QueryResult> {
  const opened = await timed(() => STORES[store].open(folder));
  const queries = unitVectors(QUERIES + WARMUP, dims, 2);
  for (const q of queries.slice(0, WARMUP)) await opened.result.query(q, TOP_K);
  const times: number[] = [];
  let fewestHits = Infinity;
  for (const q of queries.slice(WARMUP)) {
    const { ms, result } = await timed(() => opened.result.query(q, TOP_K));
    times.push(ms);
    fewestHits = Math.min(fewestHits, result.length);
  }
  return { loadMs: round(opened.ms), query: percentiles(times), fewestHits, peakRssMb: round(peakRssMb(), 1) };
}

/** Every store at every size; a failed build is reported, and its index not queried. */
export async function measureScale(workDir: string, sizes: number[], dims: number, progress: (line: string) => void): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  for (const size of sizes) {
    for (const store of STORE_NAMES) {
      progress(`  scale: ${store} at ${size.toLocaleString('en-US')} vectors…`);
      const params: ScaleParams = { store, size, dims, folder: path.join(workDir, 'scale', `${store}-${size}`) };
      const build = await runChildTask<BuildResult>('scale-build', params);
      const open = build.error ? null : await runChildTask<QueryResult>('scale-query', params);
      rows.push({ store, size, dims, build, open });
      await fs.rm(params.folder, { recursive: true, force: true });
    }
  }
  return rows;
}
