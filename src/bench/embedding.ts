/**
 * Measurement 1 (embedding throughput) and the query half of 2: the product's embedder against the
 * tokenizer call plus a bare onnxruntime session on the same texts, in one child process.
 * Product and bare runs alternate, so a burst of load elsewhere on the machine hits both.
 */
import type { AppConfig } from '../config.js';
import { cleanQuestion } from '../answer/answer-question.js';
import { prefixFor, resolvePrefixScheme } from '../embed/prefixes.js';
import { lengthSortedBatches } from '../embed/batching.js';
import { loadTransformersEmbedder } from '../embed/transformers-embedder.js';
import type { Embedder } from '../embed/types.js';
import { loadBareModel, type BareModel } from './bare-session.js';
import { seedPassages, syntheticPassages } from './corpus.js';
import { percentiles, round, sum, timed, type Percentiles } from './stats.js';

export interface EmbeddingParams {
  config: AppConfig;
  modelDir: string;
  onnxFile: string;
  syntheticCount: number;
  questions: string[] | null;
}

export interface ThroughputRow {
  passages: number;
  meanTokens: number;
  /** Best of the repetitions, each side (the least disturbed run). */
  productMs: number;
  bareMs: number;
  productPerSecond: number;
  barePerSecond: number;
  /** product time / bare time: the product's overhead (1.00 = none). */
  ratio: number;
}

export interface EmbeddingResult {
  loadMs: { product: number; bare: number };
  batchSize: number;
  seed: ThroughputRow;
  synthetic: ThroughputRow;
  queries: { count: number; meanTokens: number; product: Percentiles; bare: Percentiles; tokenizer: Percentiles; ratio: number } | null;
}

const SEED_REPETITIONS = 3;
const SYNTHETIC_REPETITIONS = 1;
const QUERY_WARMUP = 5;

/** The batches the bare session runs: the same texts, grouped as the product groups them (by token count). */
function bareBatches(bare: BareModel, texts: string[], batchSize: number): string[][] {
  return lengthSortedBatches(texts.map(bare.countTokens), batchSize).map((batch) => batch.map((i) => texts[i]!));
}

async function bareEmbed(bare: BareModel, batches: string[][]): Promise<void> {
  for (const batch of batches) await bare.run(bare.tokenize(batch));
}

async function throughput(embedder: Embedder, bare: BareModel, texts: string[], prefix: string, batchSize: number, repetitions: number): Promise<ThroughputRow> {
  const batches = bareBatches(bare, texts.map((t) => prefix + t), batchSize);
  const product: number[] = [];
  const baseline: number[] = [];
  for (let r = 0; r < repetitions; r++) {
    product.push((await timed(() => embedder.embedPassages(texts))).ms);
    baseline.push((await timed(() => bareEmbed(bare, batches))).ms);
  }
  const productMs = Math.min(...product);
  const bareMs = Math.min(...baseline);
  return {
    passages: texts.length,
    meanTokens: round(sum(texts.map((t) => bare.countTokens(prefix + t))) / texts.length, 1),
    productMs: round(productMs),
    bareMs: round(bareMs),
    productPerSecond: round((texts.length / productMs) * 1000, 1),
    barePerSecond: round((texts.length / bareMs) * 1000, 1),
    ratio: round(productMs / bareMs, 3),
  };
}

async function queryLatency(embedder: Embedder, bare: BareModel, questions: string[], prefix: string): Promise<NonNullable<EmbeddingResult['queries']>> {
  const texts = questions.map(cleanQuestion);
  for (const t of texts.slice(0, QUERY_WARMUP)) {
    await embedder.embedQuery(t);
    await bare.run(bare.tokenize([prefix + t]));
  }
  const product: number[] = [];
  const baseline: number[] = [];
  const tokenizer: number[] = [];
  for (const [i, text] of texts.entries()) {
    const runProduct = async () => product.push((await timed(() => embedder.embedQuery(text))).ms);
    const runBare = async () => {
      const tokenized = await timed(() => bare.tokenize([prefix + text]));
      const ran = await timed(() => bare.run(tokenized.result));
      tokenizer.push(tokenized.ms);
      baseline.push(tokenized.ms + ran.ms);
    };
    // Alternate which goes first, so neither always runs on the warmer cache.
    if (i % 2 === 0) await runProduct().then(runBare);
    else await runBare().then(runProduct);
  }
  return {
    count: texts.length,
    meanTokens: round(sum(texts.map((t) => bare.countTokens(prefix + t))) / texts.length, 1),
    product: percentiles(product),
    bare: percentiles(baseline),
    tokenizer: percentiles(tokenizer),
    ratio: round(sum(product) / sum(baseline), 3),
  };
}

export async function embeddingTask(params: EmbeddingParams): Promise<EmbeddingResult> {
  const { config } = params;
  const product = await timed(() => loadTransformersEmbedder(config.model));
  const bare = await timed(() => loadBareModel(params.modelDir, params.onnxFile, config.model.threads));
  const embedder = product.result;
  const scheme = resolvePrefixScheme(config.model.prefixes, config.model.id);
  try {
    const seedTexts = await seedPassages(config.seedsDir, embedder.countPassageTokens);
    const synthetic = await syntheticPassages(config.seedsDir, seedTexts, params.syntheticCount);
    const passagePrefix = prefixFor(scheme, 'passage');
    const batchSize = config.model.batchSize;
    return {
      loadMs: { product: round(product.ms), bare: round(bare.ms) },
      batchSize,
      seed: await throughput(embedder, bare.result, seedTexts, passagePrefix, batchSize, SEED_REPETITIONS),
      synthetic: await throughput(embedder, bare.result, synthetic, passagePrefix, batchSize, SYNTHETIC_REPETITIONS),
      queries: params.questions ? await queryLatency(embedder, bare.result, params.questions, prefixFor(scheme, 'query')) : null,
    };
  } finally {
    await embedder.dispose();
    await bare.result.dispose();
  }
}
