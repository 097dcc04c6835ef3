import type { AppConfig } from '../config.js';
import { createAnswerEngine, type AnswerEngine } from '../answer/engine.js';
import { pageField, sourceRefOf } from '../answer/source-ref.js';
import { DEFAULT_STAGES } from '../answer/default-stages.js';
import type { Tuning } from '../answer/tuning.js';
import type { AnswerStages } from '../answer/pipeline.js';
import { describeError, UserFacingError } from '../errors.js';
import { resolvePrefixScheme } from '../embed/prefixes.js';
import { loadTransformersEmbedder, ModelUnavailableError } from '../embed/transformers-embedder.js';
import type { Embedder } from '../embed/types.js';
import { storedReferenceVectors } from './reference-vectors.js';
import { openBackend } from '../store/backend.js';
import { IndexChangedError, IndexMissingError } from '../store/index-store.js';
import type { Manifest } from '../store/manifest.js';
import type { ArticleRecord, IndexSnapshot, WatchStatus } from '../store/seam.js';
import { RefCounted } from '../ref-counted.js';
import { addItems } from './add-sources.js';
import { runIndexer } from './indexer.js';
import type { ArticleSummary, IndexInfo, IndexProgress, IndexReport, PassageView, ResearchService } from './service-types.js';

export interface OpenOptions {
  /** Build the index first when there is none (the CLI does; the bot asks for it explicitly). */
  buildIfMissing?: boolean;
  onIndexProgress?: (progress: IndexProgress) => void;
  onIndexReport?: (report: IndexReport) => void;
  /** One line for the operator when answers will be keyword-only: the reason, the setting and the fix. */
  onWarning?: (line: string) => void;
  /** The answer engine's constants, when not the defaults (the evaluation overrides them). */
  tuning?: Tuning;
  /** When the store stops hearing of other processes' index runs (its database connection dropped), and when it hears again. */
  onWatchStatus?: (status: WatchStatus) => void;
  /** The answer engine's stages, when not the defaults (the line scorer's training records what they see). */
  stages?: AnswerStages;
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
  engine: AnswerEngine;
  embedder: Embedder | null;
  /** Why answers are keyword-only, when they are, for the operator (IndexInfo). */
  lexicalReason: string | null;
}

type LoadOptions = Pick<OpenOptions, 'onWarning' | 'tuning' | 'stages'>;

/** Opens the index, and loads the model unless `loaded` (the model already serving) can be kept. */
async function load(config: AppConfig, options: LoadOptions, loaded: Embedder | null = null): Promise<Loaded> {
  const snapshot = await openBackend(config).open();
  try {
    return await loadFrom(snapshot, config, options, loaded);
  } catch (error) {
    await snapshot.close();
    throw error;
  }
}

async function loadFrom(snapshot: IndexSnapshot, config: AppConfig, options: LoadOptions, loaded: Embedder | null): Promise<Loaded> {
  const { onWarning } = options;
  const records = await snapshot.documents.articles();
  const articles = new Map(records.map((a) => [a.id, a]));
  const { manifest } = snapshot;
  // The answer engine reads the snapshot through the seam: nothing of the corpus is loaded here.
  const engineOver = (embedder: Embedder | null, notices: string[]) =>
    createAnswerEngine({
      documents: snapshot.documents,
      keyword: snapshot.keyword,
      vectors: embedder ? snapshot.vectors : null,
      embedder,
      referenceVectors: embedder ? storedReferenceVectors(manifest) : null,
      maxQuotes: config.maxQuotes,
      notices,
      tuning: options.tuning,
      stages: options.stages ?? DEFAULT_STAGES,
    });
  if (manifest.mode === 'lexical' || !snapshot.vectors) {
    // Users get the short reason; the full one (paths, fix) went to whoever ran the indexer.
    const why = config.lexicalOnly ? 'LEXICAL_ONLY is set' : 'the embedding model was not available when the index was built';
    if (!config.lexicalOnly) onWarning?.(`Keyword search only: ${manifest.lexicalReason ?? why}`);
    return { snapshot, articles, engine: await engineOver(null, [`Keyword search only: ${why}.`]), embedder: null, lexicalReason: manifest.lexicalReason ?? why };
  }
  checkModel(config, manifest);
  try {
    const embedder = loaded ?? (await loadTransformersEmbedder(config.model));
    if (embedder.signature.dimensions !== manifest.model!.dimensions) {
      if (embedder !== loaded) await embedder.dispose();
      throw new UserFacingError(`The index holds ${manifest.model!.dimensions}-dimensional vectors but the model (MODEL_ID, MODEL_DIR) makes ${embedder.signature.dimensions}.`, 'Run `npm run index -- --rebuild`.');
    }
    return { snapshot, articles, engine: await engineOver(embedder, []), embedder, lexicalReason: null };
  } catch (error) {
    if (!(error instanceof ModelUnavailableError)) throw error;
    onWarning?.(`Keyword search only: ${describeError(error)}`);
    return {
      snapshot,
      articles,
      engine: await engineOver(null, ['Keyword search only: the embedding model could not be loaded.']),
      embedder: null,
      lexicalReason: describeError(error),
    };
  }
}

/** Index runs of other processes, as a front end that could not open the index watches for them. */
export interface IndexRuns {
  /** Records the index as it is now as one that could not be opened. */
  failed(): void;
  /** Whether an index run has written another index since (a cheap look). */
  changed(): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Watches for another process's index run (`npm run index`) that may make the index openable:
 * `onRun` hears of it as soon as the store's watcher does, and `changed` looks (watchers can miss
 * changes). Only for stores that can look cheaply (the embedded one); for the others, never.
 */
export function watchIndexRuns(config: AppConfig, onRun: () => void): IndexRuns {
  const backend = openBackend(config);
  const generation = async () => (await backend.currentGeneration?.().catch(() => null)) ?? null;
  let failedOn = generation();
  const changed = async () => {
    const now = await generation();
    return now !== null && now !== (await failedOn);
  };
  const watching =
    backend.currentGeneration && backend.watch
      ? backend.watch(() => void changed().then((yes) => yes && onRun())).catch(() => null)
      : Promise.resolve(null);
  return {
    failed: () => void (failedOn = generation()),
    changed,
    stop: async () => (await watching)?.(),
  };
}

/** Opens the index (building it first if asked and missing) and loads the model once. */
export async function openResearchService(config: AppConfig, options: OpenOptions = {}): Promise<ResearchService> {
  const first = await load(config, options).catch(async (error: unknown) => {
    if (!(error instanceof IndexMissingError) || !options.buildIfMissing) throw error;
    const report = await runIndexer(config, { onProgress: options.onIndexProgress });
    options.onIndexReport?.(report);
    return load(config, options);
  });
  /** The index and model that new questions get; a replaced one closes once its answers are done. */
  let state = new RefCounted(first);
  /** Every loaded state not yet closed: the current one and replaced ones that answers still use. */
  const open = new Set<Loaded>([first]);
  const closings = new Set<Promise<void>>();
  let reindexing: Promise<IndexReport> | null = null;
  let refreshing: Promise<void> | null = null;
  /** A generation that could not be loaded: not tried again at every question. */
  let failedGeneration: string | null = null;

  /** Closes `retired` once nothing uses it, and its model once no open state shares it; resolves when closed. */
  const retire = (retired: RefCounted<Loaded>): Promise<void> => {
    const closed = retired.retire(async ({ snapshot, embedder }) => {
      open.delete(retired.value);
      if (embedder && ![...open].some((other) => other.embedder === embedder)) await embedder.dispose();
      await snapshot.close();
    });
    const settled = closed.catch(() => undefined);
    closings.add(settled);
    void settled.finally(() => closings.delete(settled));
    return closed;
  };

  /** Serves the index as it is now, keeping the serving model when it still fits. */
  const reload = async () => {
    const next = await load(config, options, state.value.embedder);
    open.add(next);
    const previous = state;
    state = new RefCounted(next);
    retire(previous).catch((error: unknown) => options.onWarning?.(`Could not close the previous index: ${describeError(error)}`));
  };

  /** Another process re-indexed (`npm run index`, a shared PostgreSQL): serve its state without a restart. */
  const refresh = (generation: string): Promise<void> => {
    if (reindexing || generation === state.value.snapshot.manifest.generation || generation === failedGeneration) return refreshing ?? Promise.resolve();
    refreshing ??= (async () => {
      try {
        await reload();
        failedGeneration = null;
      } catch (error) {
        failedGeneration = generation;
        options.onWarning?.(`Could not load the new index; still serving the previous one: ${describeError(error)}`);
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  };
  const backend = openBackend(config);
  const stopWatching = backend.watch ? await backend.watch(refresh, options.onWatchStatus) : null;

  /**
   * Runs `read` on the current index, after catching up with a run that another process
   * committed; again on the index as it is now when its snapshot can no longer be read (the
   * index changed while the snapshot's database connection was down, unheard of).
   */
  const reading = async <R>(read: (loaded: Loaded) => Promise<R>): Promise<R> => {
    const generation = await backend.currentGeneration?.().catch(() => null);
    if (generation) await refresh(generation);
    const current = state;
    try {
      return await current.use(read);
    } catch (error) {
      if (!(error instanceof IndexChangedError)) throw error;
      if (state === current) await (reindexing?.catch(() => undefined) ?? (refreshing ??= reload().finally(() => (refreshing = null))));
      return state.use(read);
    }
  };

  const passage = async (passageId: string): Promise<PassageView | undefined> => {
    const [record] = await reading(({ snapshot }) => snapshot.documents.passages([passageId]));
    if (!record) return undefined;
    const { article } = record;
    return {
      passageId,
      source: sourceRefOf(article),
      paragraph: record.paragraph,
      ...pageField(article, record.paragraph),
      paragraphCount: article.paragraphCount,
      text: record.text,
    };
  };

  const articles = (): ArticleSummary[] =>
    [...state.value.articles.values()].map((a) => ({ ...sourceRefOf(a), passages: a.passageCount }));

  const info = (): IndexInfo => {
    const { embedder, snapshot, articles, lexicalReason } = state.value;
    return {
      mode: embedder ? 'hybrid' : 'lexical',
      model: snapshot.manifest.model?.id ?? null,
      articles: articles.size,
      passages: snapshot.manifest.passageCount,
      builtAt: snapshot.manifest.builtAt,
      lexicalReason,
    };
  };

  const reindex = (onProgress?: (progress: IndexProgress) => void): Promise<IndexReport> => {
    // One re-index at a time; a second request waits for the first and shares its report.
    reindexing ??= (async () => {
      try {
        // The serving model embeds the changes and keeps serving: it is never loaded twice.
        const report = await runIndexer(config, { onProgress, embedder: state.value.embedder });
        await reload();
        return report;
      } finally {
        reindexing = null;
      }
    })();
    return reindexing;
  };

  return {
    ask: (question) => reading(({ engine }) => engine.ask(question)),
    passage,
    articles,
    info,
    reindex,
    add: (items) => addItems(config, items, { index: () => reindex() }),
    close: async () => {
      await stopWatching?.();
      await refreshing;
      const closed = retire(state);
      await Promise.all(closings);
      await closed;
    },
  };
}
