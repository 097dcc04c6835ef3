/**
 * `npm run bench -- --scale`: the product over real text at 10k and 100k passages, beside the
 * seed corpus. The corpora are articles recombined from the sentences of the seed articles and
 * of the shared Norwegian evaluation corpus (each article in one language, paragraphs of two or
 * three sentences, a source line); keyword-only, and hybrid with synthetic vectors of the model's
 * dimension for passages and their sentences alike, through the indexer's own embedding step
 * (embedding 100k passages with the stand-in takes hours on 2 cores; the question is still
 * embedded by the model at answer time). Per size and mode: index time and peak RSS, size on
 * disk, cold start to the first answer (one esbuild bundle run by node, and through tsx), warm
 * answers by stage, and the serving process's peak RSS.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { runIndexer } from '../app/indexer.js';
import { readSeeds } from '../app/seeds.js';
import { PROJECT_ROOT, type AppConfig } from '../config.js';
import { parseArticle, splitSentences } from '../corpus/index.js';
import { resolvePrefixScheme } from '../embed/prefixes.js';
import { estimateTokens } from '../embed/token-counter.js';
import type { Embedder } from '../embed/types.js';
import type { AnsweringResult } from './answering.js';
import { runChildTask, runProcess } from './child.js';
import { ASK, productEnv, TSX_ENTRY } from './cold-start.js';
import { bundle } from './compiled.js';
import { benchQuestions } from './corpus.js';
import { peakRssMb } from './memory.js';
import { median, round } from './stats.js';
import { seededRandom } from '../seeded-random.js';

export const NORQUAD_CORPUS = path.resolve(PROJECT_ROOT, '../shared/eval/norquad-dev/corpus');
const PARAGRAPHS_PER_ARTICLE = 20;
const COLD_RUNS = 2;

export type TextScaleMode = 'lexical' | 'hybrid';

export interface TextScaleBuild {
  articles: number;
  passages: number;
  indexSeconds: number;
  indexPeakRssMb: number;
  diskMB: number;
}

export interface TextScaleRow {
  size: string;
  mode: TextScaleMode;
  build: TextScaleBuild;
  coldCompiledMs: number | null;
  coldTsxMs: number | null;
  warm: AnsweringResult | null;
  error?: string;
}

/** Sentences by language, from the seed articles and the shared Norwegian corpus. */
async function sentencePools(seedsDir: string): Promise<Map<string, string[]>> {
  const articles = (await readSeeds(seedsDir)).seeds.map((s) => s.article);
  const names = await fs.readdir(NORQUAD_CORPUS).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.txt')).sort()) articles.push(parseArticle(name, await fs.readFile(path.join(NORQUAD_CORPUS, name), 'utf8')));
  const pools = new Map<string, string[]>();
  for (const article of articles) {
    const pool = pools.get(article.language) ?? [];
    for (const p of article.paragraphs) pool.push(...splitSentences(p.text, article.language).map((s) => s.text.trim()).filter((s) => s.length > 20));
    pools.set(article.language, pool);
  }
  return pools;
}

/** Writes `articles` recombined articles into `folder` (deterministic: the same corpus every run). */
export async function writeTextCorpus(folder: string, seedsDir: string, paragraphs: number): Promise<void> {
  const marker = path.join(folder, '.complete');
  if (await fs.access(marker).then(() => true, () => false)) return;
  await fs.rm(folder, { recursive: true, force: true });
  await fs.mkdir(folder, { recursive: true });
  const pools = [...(await sentencePools(seedsDir))].filter(([, pool]) => pool.length >= 10);
  const weights = pools.map(([, pool]) => pool.length);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const random = seededRandom(11);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
  const articles = Math.ceil(paragraphs / PARAGRAPHS_PER_ARTICLE);
  for (let n = 0; n < articles; n++) {
    let r = random() * totalWeight;
    const [, pool] = pools.find((_, i) => (r -= weights[i]!) < 0) ?? pools[0]!;
    const body = Array.from({ length: PARAGRAPHS_PER_ARTICLE }, () => Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(pool)).join(' '));
    const text = `${pick(pool)}\n${body.join('\n')}\nSource: https://example.org/scale/${n}\n`;
    await fs.writeFile(path.join(folder, `scale_${String(n).padStart(6, '0')}.txt`), text);
  }
  await fs.writeFile(marker, '');
}

/**
 * Stands in for the model at index time: vectors of the model's dimension from a hash of the
 * text (unit length), under the model's signature so the service accepts the index and embeds
 * questions with the real model. The indexer embeds passages and their sentences through it
 * (`embedForIndex`), so the index keeps sentence vectors as a model-built one does.
 */
function syntheticEmbedder(config: AppConfig, dimensions: number): Embedder {
  const vectorOf = (text: string) => {
    const seed = createHash('sha256').update(text).digest().readUInt32LE(0);
    const random = seededRandom(seed);
    const v = Float32Array.from({ length: dimensions }, () => random() * 2 - 1);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  return {
    signature: { id: config.model.id, dimensions, dtype: config.model.dtype, prefixScheme: resolvePrefixScheme(config.model.prefixes, config.model.id) },
    countPassageTokens: estimateTokens,
    embedPassages: async (texts, onBatch) => {
      const out = texts.map(vectorOf);
      onBatch?.(texts.length);
      return out;
    },
    embedQuery: async (text) => vectorOf(text),
    dispose: async () => undefined,
  };
}

async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(folder, { withFileTypes: true }).catch(() => [])) {
    const file = path.join(folder, entry.name);
    total += entry.isDirectory() ? await folderBytes(file) : (await fs.stat(file)).size;
  }
  return total;
}

export interface TextScaleBuildParams {
  config: AppConfig;
  mode: TextScaleMode;
  dimensions: number;
}

/** Child task: indexes the corpus from nothing, as `npm run index -- --rebuild` does. */
export async function textScaleBuildTask({ config, mode, dimensions }: TextScaleBuildParams): Promise<TextScaleBuild> {
  await fs.rm(config.indexDir, { recursive: true, force: true });
  const started = performance.now();
  const report = await runIndexer(
    { ...config, lexicalOnly: mode === 'lexical' },
    { rebuild: true, embedder: mode === 'hybrid' ? syntheticEmbedder(config, dimensions) : null },
  );
  return {
    articles: report.articles,
    passages: report.passages,
    indexSeconds: round((performance.now() - started) / 1000, 1),
    indexPeakRssMb: round(peakRssMb(), 1),
    diskMB: round((await folderBytes(config.indexDir)) / 1e6, 1),
  };
}

/** `node <entry> ask …` from spawn to exit, a couple of times; the median. */
async function coldStart(config: AppConfig, mode: TextScaleMode, entry: string[]): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const env = { ...productEnv(config), LEXICAL_ONLY: String(mode === 'lexical') };
    const run = await runProcess(process.execPath, [...entry, ...ASK], { env, timeoutMs: 10 * 60_000 });
    if (run.code !== 0 || !run.stdout.trim()) throw new Error(`ask failed (exit ${run.code}): ${run.stderr.trim().split('\n').pop() ?? ''}`);
    runs.push(run.wallMs);
  }
  return round(median(runs), 1);
}

export interface TextScaleOptions {
  config: AppConfig;
  dimensions: number;
  workDir: string;
  quick: boolean;
}

/** Sizes in passages (paragraphs, one passage each at most MAX_PASSAGE_TOKENS) and questions asked warm at each. */
const SIZES: Array<{ name: string; paragraphs: number | null; questions: number }> = [
  { name: 'seeds', paragraphs: null, questions: 200 },
  { name: '10k', paragraphs: 10_000, questions: 100 },
  { name: '100k', paragraphs: 100_000, questions: 30 },
];

export async function measureTextScale(options: TextScaleOptions, progress: (line: string) => void): Promise<TextScaleRow[]> {
  const questions = benchQuestions(200) ?? ['Hvor mange land signerte konvensjonen?', 'Wie viele Länder müssen das Übereinkommen ratifizieren?'];
  const compiled = await bundle(options.workDir, 'src/cli/main.ts', 'cli');
  const rows: TextScaleRow[] = [];
  for (const size of options.quick ? SIZES.slice(0, 2) : SIZES) {
    const seedsDir = size.paragraphs === null ? options.config.seedsDir : path.join(options.workDir, 'text-scale', `corpus-${size.name}`);
    if (size.paragraphs !== null) {
      progress(`  scale: writing the ${size.name} corpus (recombined sentences)…`);
      await writeTextCorpus(seedsDir, options.config.seedsDir, size.paragraphs);
    }
    for (const mode of ['lexical', 'hybrid'] as const) {
      const config: AppConfig = { ...options.config, seedsDir, indexDir: path.join(options.workDir, 'text-scale', `index-${size.name}-${mode}`), lexicalOnly: mode === 'lexical' };
      progress(`  scale: ${size.name} ${mode}: indexing…`);
      const build = await runChildTask<TextScaleBuild>('text-scale-build', { config, mode, dimensions: options.dimensions }, { timeoutMs: 60 * 60_000 });
      const row: TextScaleRow = { size: size.name, mode, build, coldCompiledMs: null, coldTsxMs: null, warm: null };
      try {
        progress(`  scale: ${size.name} ${mode}: ${build.passages} passages; cold starts…`);
        row.coldCompiledMs = await coldStart(config, mode, [compiled]);
        row.coldTsxMs = await coldStart(config, mode, TSX_ENTRY);
        progress(`  scale: ${size.name} ${mode}: warm answers…`);
        row.warm = await runChildTask<AnsweringResult>('answering', { config, questions: questions.slice(0, size.questions) }, { timeoutMs: 60 * 60_000 });
      } catch (error) {
        row.error = error instanceof Error ? error.message.split('\n')[0] : String(error);
      }
      rows.push(row);
    }
  }
  return rows;
}

const ms = (p: { p50: number; p95: number; p99: number } | undefined) => (p ? `${p.p50} / ${p.p95} / ${p.p99}` : '–');

/** The table BENCHMARKS.md records. */
export function textScaleTable(rows: TextScaleRow[]): string {
  const head = [
    '| corpus | mode | articles | passages | index s | index peak RSS MB | disk MB | cold start compiled ms | cold start tsx ms | warm total p50/p95/p99 ms | search p50/p95/p99 | evidence p50/p95/p99 | embed p50/p95/p99 | questions | serving peak RSS MB |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- | ---: | ---: |',
  ];
  const lines = rows.map((r) =>
    [
      r.size,
      r.mode,
      r.build.articles,
      r.build.passages,
      r.build.indexSeconds,
      r.build.indexPeakRssMb,
      r.build.diskMB,
      r.coldCompiledMs ?? '–',
      r.coldTsxMs ?? '–',
      ms(r.warm?.total),
      ms(r.warm?.search),
      ms(r.warm?.evidence),
      ms(r.warm?.embed),
      r.warm?.questions ?? '–',
      r.warm?.peakRssMb ?? (r.error ? `failed: ${r.error}` : '–'),
    ].join(' | '),
  );
  return [...head, ...lines.map((l) => `| ${l} |`)].join('\n');
}

