/**
 * Measurement 1 (embedding throughput) and the query half of 2: the product's embedder against the
 * tokenizer call plus a bare onnxruntime session on the same texts, both loaded in one child
 * process and run in alternation, so a burst of load elsewhere on the machine hits both. Between
 * the two a pause: onnxruntime's idle pool threads spin for a while after each run, and with no
 * pause the other session ran ~50% slower in a trial on these 2 cores.
 */
import type { AppConfig } from '../config.js';
import { cleanQuestion } from '../answer/engine.js';
import { lengthSortedBatches } from '../embed/batching.js';
import { prefixFor, resolvePrefixScheme } from '../embed/prefixes.js';
import { loadTransformersEmbedder } from '../embed/transformers-embedder.js';
import { loadBareModel } from './bare-session.js';
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

const REPETITIONS = { seed: 5, synthetic: 2 };
const QUERY_WARMUP = 5;
const QUERY_BLOCK = 10;
const PAUSE_MS = 50;

const pause = () => new Promise((resolve) => setTimeout(resolve, PAUSE_MS));

type Side = Awaited<ReturnType<typeof loadSide>>;

/** One side's embedding calls: passages (prefixes added inside) and a question, plus its token counters. */
async function loadSide(params: EmbeddingParams, side: 'product' | 'bare') {
  const { config } = params;
  const scheme = resolvePrefixScheme(config.model.prefixes, config.model.id);
  const [passagePrefix, queryPrefix] = [prefixFor(scheme, 'passage'), prefixFor(scheme, 'query')];
  if (side === 'product') {
    const embedder = await loadTransformersEmbedder(config.model);
    return {
      countPassageTokens: embedder.countPassageTokens,
      countQueryTokens: null,
      /** The timed call for these texts; what it needs beforehand is done outside it. */
      prepare: (texts: string[]) => async () => {
        await embedder.embedPassages(texts);
      },
      async embedQuery(text: string): Promise<{ tokenizerMs: number | null }> {
        await embedder.embedQuery(text);
        return { tokenizerMs: null };
      },
      dispose: () => embedder.dispose(),
    };
  }
  const bare = await loadBareModel(params.modelDir, params.onnxFile, config.model.threads);
  const countPassageTokens = (text: string) => bare.countTokens(passagePrefix + text);
  return {
    countPassageTokens,
    countQueryTokens: (text: string) => bare.countTokens(queryPrefix + text),
    prepare(texts: string[]) {
      // The product's batches (grouped by token count), planned once: the timed part is the tokenizer call and the run.
      const batches = lengthSortedBatches(texts.map(countPassageTokens), config.model.batchSize).map((batch) => batch.map((i) => passagePrefix + texts[i]!));
      return async () => {
        for (const batch of batches) await bare.run(bare.tokenize(batch));
      };
    },
    async embedQuery(text: string): Promise<{ tokenizerMs: number | null }> {
      const tokenized = await timed(() => bare.tokenize([queryPrefix + text]));
      await bare.run(tokenized.result);
      return { tokenizerMs: tokenized.ms };
    },
    dispose: () => bare.dispose(),
  };
}

/** Both sides over the same texts, alternating, best of the repetitions each. */
async function throughput(product: Side, bare: Side, texts: string[], repetitions: number): Promise<ThroughputRow> {
  const runs = { product: product.prepare(texts), bare: bare.prepare(texts) };
  const times = { product: [] as number[], bare: [] as number[] };
  for (let r = 0; r < repetitions; r++) {
    for (const name of ['product', 'bare'] as const) {
      times[name].push((await timed(runs[name])).ms);
      await pause();
    }
  }
  const productMs = Math.min(...times.product);
  const bareMs = Math.min(...times.bare);
  return {
    passages: texts.length,
    meanTokens: round(sum(texts.map(bare.countPassageTokens)) / texts.length, 1),
    productMs: round(productMs),
    bareMs: round(bareMs),
    productPerSecond: round((texts.length / productMs) * 1000, 1),
    barePerSecond: round((texts.length / bareMs) * 1000, 1),
    ratio: round(productMs / bareMs, 3),
  };
}

/** Blocks of questions through each side in turn. */
async function queryLatency(product: Side, bare: Side, questions: string[]): Promise<NonNullable<EmbeddingResult['queries']>> {
  const texts = questions.map(cleanQuestion);
  for (const t of texts.slice(0, QUERY_WARMUP)) {
    await product.embedQuery(t);
    await bare.embedQuery(t);
  }
  const times = { product: [] as number[], bare: [] as number[], tokenizer: [] as number[] };
  for (let start = 0; start < texts.length; start += QUERY_BLOCK) {
    for (const [name, side] of [['product', product], ['bare', bare]] as const) {
      await pause();
      for (const text of texts.slice(start, start + QUERY_BLOCK)) {
        const { ms, result } = await timed(() => side.embedQuery(text));
        times[name].push(ms);
        if (result.tokenizerMs !== null) times.tokenizer.push(result.tokenizerMs);
      }
    }
  }
  return {
    count: texts.length,
    meanTokens: round(sum(texts.map(bare.countQueryTokens!)) / texts.length, 1),
    product: percentiles(times.product),
    bare: percentiles(times.bare),
    tokenizer: percentiles(times.tokenizer),
    ratio: round(sum(times.product) / sum(times.bare), 3),
  };
}

export async function embeddingTask(params: EmbeddingParams): Promise<EmbeddingResult> {
  const product = await timed(() => loadSide(params, 'product'));
  const bare = await timed(() => loadSide(params, 'bare'));
  try {
    const seed = await seedPassages(params.config.seedsDir, product.result.countPassageTokens);
    const synthetic = await syntheticPassages(params.config.seedsDir, seed, params.syntheticCount);
    return {
      loadMs: { product: round(product.ms), bare: round(bare.ms) },
      batchSize: params.config.model.batchSize,
      seed: await throughput(product.result, bare.result, seed, REPETITIONS.seed),
      synthetic: await throughput(product.result, bare.result, synthetic, REPETITIONS.synthetic),
      queries: params.questions ? await queryLatency(product.result, bare.result, params.questions) : null,
    };
  } finally {
    await product.result.dispose();
    await bare.result.dispose();
  }
}
