/**
 * Measurement 1 (embedding throughput) and the query half of 2: the product's embedder against the
 * tokenizer call plus a bare onnxruntime session on the same texts. Each side runs in a child
 * process of its own: two sessions in one process compete for the 2 cores (onnxruntime's idle
 * pool threads spin for a while after each run), which slowed both by half in a trial.
 */
import type { AppConfig } from '../config.js';
import { cleanQuestion } from '../answer/answer-question.js';
import { lengthSortedBatches } from '../embed/batching.js';
import { prefixFor, resolvePrefixScheme } from '../embed/prefixes.js';
import { loadTransformersEmbedder } from '../embed/transformers-embedder.js';
import { loadBareModel } from './bare-session.js';
import { runChildTask } from './child.js';
import { seedPassages, syntheticPassages } from './corpus.js';
import { percentiles, round, sum, timed, type Percentiles } from './stats.js';

export interface EmbeddingParams {
  side: 'product' | 'bare';
  config: AppConfig;
  modelDir: string;
  onnxFile: string;
  syntheticCount: number;
  questions: string[] | null;
}

/** What one side measured; the texts are the same on both (checked by their sizes). */
interface SideResult {
  loadMs: number;
  corpora: Record<'seed' | 'synthetic', { passages: number; chars: number; tokens: number; ms: number }>;
  /** Tokens: counted on the bare side only (the Embedder interface counts passages, not questions). */
  queries: { ms: number[]; tokenizerMs: number[]; tokens: number } | null;
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

const REPETITIONS = { seed: 3, synthetic: 2 };
const QUERY_WARMUP = 5;

const best = async (times: number, fn: () => Promise<unknown>) => {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) ms.push((await timed(fn)).ms);
  return Math.min(...ms);
};

/** The side's embedding calls: passages (prefixes added inside) and a question, plus its token counter. */
async function loadSide(params: EmbeddingParams) {
  const { config } = params;
  const scheme = resolvePrefixScheme(config.model.prefixes, config.model.id);
  const [passagePrefix, queryPrefix] = [prefixFor(scheme, 'passage'), prefixFor(scheme, 'query')];
  if (params.side === 'product') {
    const embedder = await loadTransformersEmbedder(config.model);
    return {
      countPassageTokens: embedder.countPassageTokens,
      countQueryTokens: null,
      embedPassages: (texts: string[]) => embedder.embedPassages(texts),
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
    // The same batches as the product: grouped by token count.
    async embedPassages(texts: string[]) {
      for (const batch of lengthSortedBatches(texts.map(countPassageTokens), config.model.batchSize)) {
        await bare.run(bare.tokenize(batch.map((i) => passagePrefix + texts[i]!)));
      }
    },
    async embedQuery(text: string): Promise<{ tokenizerMs: number | null }> {
      const tokenized = await timed(() => bare.tokenize([queryPrefix + text]));
      await bare.run(tokenized.result);
      return { tokenizerMs: tokenized.ms };
    },
    dispose: () => bare.dispose(),
  };
}

export async function embeddingTask(params: EmbeddingParams): Promise<SideResult> {
  const loaded = await timed(() => loadSide(params));
  const side = loaded.result;
  try {
    const seed = await seedPassages(params.config.seedsDir, side.countPassageTokens);
    const corpora = { seed, synthetic: await syntheticPassages(params.config.seedsDir, seed, params.syntheticCount) };
    const measure = async (name: keyof typeof corpora) => {
      const texts = corpora[name];
      return { passages: texts.length, chars: sum(texts.map((t) => t.length)), tokens: sum(texts.map(side.countPassageTokens)), ms: await best(REPETITIONS[name], () => side.embedPassages(texts)) };
    };
    const result: SideResult = { loadMs: round(loaded.ms), corpora: { seed: await measure('seed'), synthetic: await measure('synthetic') }, queries: null };
    if (params.questions) {
      const texts = params.questions.map(cleanQuestion);
      for (const t of texts.slice(0, QUERY_WARMUP)) await side.embedQuery(t);
      const ms: number[] = [];
      const tokenizerMs: number[] = [];
      for (const text of texts) {
        const { ms: took, result: r } = await timed(() => side.embedQuery(text));
        ms.push(took);
        if (r.tokenizerMs !== null) tokenizerMs.push(r.tokenizerMs);
      }
      result.queries = { ms, tokenizerMs, tokens: side.countQueryTokens ? sum(texts.map(side.countQueryTokens)) : 0 };
    }
    return result;
  } finally {
    await side.dispose();
  }
}

function row(product: SideResult['corpora']['seed'], bare: SideResult['corpora']['seed']): ThroughputRow {
  if (product.passages !== bare.passages || product.chars !== bare.chars) throw new Error('the two sides embedded different texts');
  return {
    passages: product.passages,
    meanTokens: round(product.tokens / product.passages, 1),
    productMs: round(product.ms),
    bareMs: round(bare.ms),
    productPerSecond: round((product.passages / product.ms) * 1000, 1),
    barePerSecond: round((bare.passages / bare.ms) * 1000, 1),
    ratio: round(product.ms / bare.ms, 3),
  };
}

/** Both sides, one after the other, each in its own child process. */
export async function measureEmbedding(params: Omit<EmbeddingParams, 'side'>): Promise<EmbeddingResult> {
  const product = await runChildTask<SideResult>('embedding', { ...params, side: 'product' });
  const bare = await runChildTask<SideResult>('embedding', { ...params, side: 'bare' });
  const pq = product.queries;
  const bq = bare.queries;
  return {
    loadMs: { product: product.loadMs, bare: bare.loadMs },
    batchSize: params.config.model.batchSize,
    seed: row(product.corpora.seed, bare.corpora.seed),
    synthetic: row(product.corpora.synthetic, bare.corpora.synthetic),
    queries:
      pq && bq
        ? { count: pq.ms.length, meanTokens: round(bq.tokens / bq.ms.length, 1), product: percentiles(pq.ms), bare: percentiles(bq.ms), tokenizer: percentiles(bq.tokenizerMs), ratio: round(sum(pq.ms) / sum(bq.ms), 3) }
        : null,
  };
}
