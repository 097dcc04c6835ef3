import type { AppConfig } from '../config.js';
import { buildKnowledgeBase, type KnowledgeBase } from '../answer/knowledge.js';
import { answerQuestion } from '../answer/answer-question.js';
import type { DenseSearch, SimilarityBackground } from '../answer/retrieve.js';
import { describeError, UserFacingError } from '../errors.js';
import { resolvePrefixScheme } from '../embed/prefixes.js';
import { loadTransformersEmbedder, ModelUnavailableError } from '../embed/transformers-embedder.js';
import type { Embedder } from '../embed/types.js';
import type { Article, Passage } from '../corpus/types.js';
import { openBackend } from '../store/backend.js';
import { IndexMissingError } from '../store/index-store.js';
import type { Manifest } from '../store/manifest.js';
import type { ArticleRecord, IndexSnapshot, VectorStore } from '../store/seam.js';
import { runIndexer } from './indexer.js';
import type { ArticleSummary, IndexInfo, IndexProgress, IndexReport, PassageView, ResearchService } from './service-types.js';

export interface OpenOptions {
  /** Build the index first when there is none (the CLI does; the bot asks for it explicitly). */
  buildIfMissing?: boolean;
  onIndexProgress?: (progress: IndexProgress) => void;
  onIndexReport?: (report: IndexReport) => void;
  /** One line for the operator when answers will be keyword-only: the reason, the setting and the fix. */
  onWarning?: (line: string) => void;
}

/** The model the configuration names must be the one the index was built with. */
function checkModel(config: AppConfig, manifest: Manifest): void {
  const built = manifest.model;
  if (!built) return;
  const wanted = { id: config.model.id, dtype: config.model.dtype, prefixScheme: resolvePrefixScheme(config.model.prefixes, config.model.id) };
  if (built.id !== wanted.id || built.dtype !== wanted.dtype || built.prefixScheme !== wanted.prefixScheme) {
    throw new UserFacingError(
      `The index was built with the model ${built.id} (${built.dtype}), but the configured model is ${wanted.id} (${wanted.dtype}) (MODEL_ID, MODEL_DTYPE, EMBED_PREFIXES).`,
      'Run `npm run index` to re-index with the configured model, or set those back.',
    );
  }
}

interface Loaded {
  snapshot: IndexSnapshot;
  /** The index's articles by id (attribution, paragraph and passage counts). */
  articles: Map<string, ArticleRecord>;
  kb: KnowledgeBase;
  embedder: Embedder | null;
  dense: DenseSearch | null;
  notices: string[];
  /** Why answers are keyword-only, when they are, for the operator (IndexInfo). */
  lexicalReason: string | null;
}

const QUERY_CACHE_SIZE = 256;
const BACKGROUND_SAMPLE = 256;
const ARTICLES_PER_READ = 200;

/**
 * TEMPORARY bridge until the answer stages read the snapshot (the lead's rewrite of src/answer/):
 * today's in-memory knowledge base, built from the snapshot's passages. It reads every passage,
 * which is what the rewrite removes; nothing else in the service depends on it.
 */
async function temporaryKnowledgeBase(snapshot: IndexSnapshot, articles: ArticleRecord[]): Promise<KnowledgeBase> {
  const asArticle = (a: ArticleRecord): Article => ({ id: a.id, language: a.language, sourceUrl: a.sourceUrl, title: a.title, lead: '', paragraphs: [], raw: '' });
  const documents = snapshot.documents as IndexSnapshot['documents'] & { passagesOf?(ids: readonly string[]): Promise<Passage[]> };
  if (!documents.passagesOf) throw new Error('this store cannot list every passage (the answer stages need the snapshot-reading rewrite)');
  const passages: Passage[] = [];
  for (let i = 0; i < articles.length; i += ARTICLES_PER_READ) {
    const records = await documents.passagesOf(articles.slice(i, i + ARTICLES_PER_READ).map((a) => a.id));
    passages.push(...records.map(({ id, articleId, paragraph, text, start }) => ({ id, articleId, paragraph, text, start })));
  }
  return buildKnowledgeBase(articles.map(asArticle), passages);
}

function similarityBackground(query: Float32Array, sample: Float32Array[]): SimilarityBackground {
  const sims = sample.map((v) => v.reduce((sum, x, i) => sum + x * query[i]!, 0));
  const mean = sims.reduce((a, b) => a + b, 0) / Math.max(1, sims.length);
  const variance = sims.reduce((a, s) => a + (s - mean) ** 2, 0) / Math.max(1, sims.length);
  return { mean, std: Math.sqrt(variance) };
}

/** Dense search with a small cache of query vectors: teams ask the same question again. */
async function denseSearch(embedder: Embedder, vectors: VectorStore): Promise<DenseSearch> {
  const cache = new Map<string, Float32Array>();
  // Passage vectors spread over the corpus, to measure a question's background similarity.
  const sample = await vectors.sample(BACKGROUND_SAMPLE);
  return async (question, topK) => {
    const started = performance.now();
    let vector = cache.get(question);
    if (!vector) {
      vector = await embedder.embedQuery(question);
      if (cache.size >= QUERY_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(question, vector);
    }
    const embedMs = performance.now() - started;
    return { hits: await vectors.query(vector, topK), embedMs, background: similarityBackground(vector, sample) };
  };
}

/** Opens the index, and loads the model unless `loaded` (the model already serving) can be kept. */
async function load(config: AppConfig, onWarning?: (line: string) => void, loaded: Embedder | null = null): Promise<Loaded> {
  const snapshot = await openBackend(config).open();
  try {
    return await loadFrom(snapshot, config, onWarning, loaded);
  } catch (error) {
    await snapshot.close();
    throw error;
  }
}

async function loadFrom(snapshot: IndexSnapshot, config: AppConfig, onWarning: ((line: string) => void) | undefined, loaded: Embedder | null): Promise<Loaded> {
  const records = await snapshot.documents.articles();
  const articles = new Map(records.map((a) => [a.id, a]));
  const kb = await temporaryKnowledgeBase(snapshot, records);
  const { manifest } = snapshot;
  if (manifest.mode === 'lexical' || !snapshot.vectors) {
    // Users get the short reason; the full one (paths, fix) went to whoever ran the indexer.
    const why = config.lexicalOnly ? 'LEXICAL_ONLY is set' : 'the embedding model was not available when the index was built';
    if (!config.lexicalOnly) onWarning?.(`Keyword search only: ${manifest.lexicalReason ?? why}`);
    return { snapshot, articles, kb, embedder: null, dense: null, notices: [`Keyword search only: ${why}.`], lexicalReason: manifest.lexicalReason ?? why };
  }
  checkModel(config, manifest);
  try {
    const embedder = loaded ?? (await loadTransformersEmbedder(config.model));
    if (embedder.signature.dimensions !== manifest.model!.dimensions) {
      if (embedder !== loaded) await embedder.dispose();
      throw new UserFacingError(`The index holds ${manifest.model!.dimensions}-dimensional vectors but the model (MODEL_ID, MODEL_DIR) makes ${embedder.signature.dimensions}.`, 'Run `npm run index -- --rebuild`.');
    }
    return { snapshot, articles, kb, embedder, dense: await denseSearch(embedder, snapshot.vectors), notices: [], lexicalReason: null };
  } catch (error) {
    if (!(error instanceof ModelUnavailableError)) throw error;
    onWarning?.(`Keyword search only: ${describeError(error)}`);
    return {
      snapshot,
      articles,
      kb,
      embedder: null,
      dense: null,
      notices: ['Keyword search only: the embedding model could not be loaded.'],
      lexicalReason: describeError(error),
    };
  }
}

/** Opens the index (building it first if asked and missing) and loads the model once. */
export async function openResearchService(config: AppConfig, options: OpenOptions = {}): Promise<ResearchService> {
  let state = await load(config, options.onWarning).catch(async (error: unknown) => {
    if (!(error instanceof IndexMissingError) || !options.buildIfMissing) throw error;
    const report = await runIndexer(config, { onProgress: options.onIndexProgress });
    options.onIndexReport?.(report);
    return load(config, options.onWarning);
  });
  let reindexing: Promise<IndexReport> | null = null;
  let refreshing: Promise<void> | null = null;

  /** Another process re-indexed (a shared PostgreSQL): serve its state without a restart. */
  const refresh = (generation: string) => {
    if (reindexing || refreshing || generation === state.snapshot.manifest.generation) return;
    refreshing = (async () => {
      try {
        const previous = state;
        state = await load(config, options.onWarning, previous.embedder);
        if (previous.embedder !== state.embedder) await previous.embedder?.dispose();
        await previous.snapshot.close();
      } catch (error) {
        options.onWarning?.(`Could not load the new index; still serving the previous one: ${describeError(error)}`);
      } finally {
        refreshing = null;
      }
    })();
  };
  const backend = openBackend(config);
  const stopWatching = backend.watch ? await backend.watch(refresh) : null;

  const passage = (passageId: string): PassageView | undefined => {
    const entry = state.kb.passages.get(passageId);
    const article = entry && state.articles.get(entry.article.id);
    if (!entry || !article) return undefined;
    return {
      passageId,
      source: { articleId: article.id, title: article.title, language: article.language, url: article.sourceUrl },
      paragraph: entry.passage.paragraph,
      paragraphCount: article.paragraphCount,
      text: entry.passage.text,
    };
  };

  const articles = (): ArticleSummary[] =>
    [...state.articles.values()].map((a) => ({ articleId: a.id, title: a.title, language: a.language, url: a.sourceUrl, passages: a.passageCount }));

  const info = (): IndexInfo => ({
    mode: state.dense ? 'hybrid' : 'lexical',
    model: state.snapshot.manifest.model?.id ?? null,
    articles: state.articles.size,
    passages: state.snapshot.manifest.passageCount,
    builtAt: state.snapshot.manifest.builtAt,
    lexicalReason: state.lexicalReason,
  });

  const reindex = (onProgress?: (progress: IndexProgress) => void): Promise<IndexReport> => {
    // One re-index at a time; a second request waits for the first and shares its report.
    reindexing ??= (async () => {
      try {
        // The serving model embeds the changes and keeps serving: it is never loaded twice.
        const report = await runIndexer(config, { onProgress, embedder: state.embedder });
        const previous = state;
        state = await load(config, options.onWarning, previous.embedder);
        if (previous.embedder !== state.embedder) await previous.embedder?.dispose();
        await previous.snapshot.close();
        return report;
      } finally {
        reindexing = null;
      }
    })();
    return reindexing;
  };

  return {
    ask: (question) => answerQuestion(question, { kb: state.kb, dense: state.dense, maxQuotes: config.maxQuotes, notices: state.notices }),
    passage,
    articles,
    info,
    reindex,
    close: async () => {
      await stopWatching?.();
      await refreshing;
      await state.embedder?.dispose();
      await state.snapshot.close();
    },
  };
}
