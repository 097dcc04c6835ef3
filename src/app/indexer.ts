import { createHash } from 'node:crypto';
import type { AppConfig } from '../config.js';
import { CHUNKER_VERSION, splitIntoPassages, type Article, type Passage } from '../corpus/index.js';
import { ANALYSIS_VERSION, analyzePassage } from '../corpus/analyze-passage.js';
import { modelFingerprint } from '../embed/model-fingerprint.js';
import { estimateTokens } from '../embed/token-counter.js';
import { loadTransformersEmbedder, ModelUnavailableError } from '../embed/transformers-embedder.js';
import type { Embedder } from '../embed/types.js';
import { UserFacingError } from '../errors.js';
import { openBackend } from '../store/backend.js';
import type { Manifest } from '../store/manifest.js';
import type { IndexBackend, IndexedPassage } from '../store/seam.js';
import { embedForIndex, type PassageEmbedding } from './embed-passages.js';
import { embedReferenceVectors } from './reference-vectors.js';
import { readSeeds, type SeedFile } from './seeds.js';
import type { IndexProgress, IndexReport } from './service-types.js';

/** Largest passage in model tokens: half the e5 limit of 512, leaving room for prefix and specials. */
export const MAX_PASSAGE_TOKENS = 256;

export interface IndexerOptions {
  /** Rebuild everything, even what has not changed. */
  rebuild?: boolean;
  onProgress?: (progress: IndexProgress) => void;
  /** A model the caller has loaded already (the serving one): used instead of loading it again, and left open. */
  embedder?: Embedder | null;
  /** How long to wait for another index run (another process) to finish before giving up; default 3 s. */
  lockWaitMs?: number;
  /** The embedding step, when not in this process (index workers: app/index-workers.ts); default `embedForIndex`. */
  embedFresh?: typeof embedForIndex;
}

/** Everything that shapes passages or vectors; when it changes, every article is re-embedded. */
// `vectors`: 2 since passages also keep their sentences' vectors.
function settingsFingerprint(config: AppConfig): string {
  const model = config.lexicalOnly
    ? null
    : { id: config.model.id, localDir: config.model.localDir ?? null, dtype: config.model.dtype, prefixes: config.model.prefixes };
  return createHash('sha256')
    .update(JSON.stringify({ chunker: CHUNKER_VERSION, analysis: ANALYSIS_VERSION, maxTokens: MAX_PASSAGE_TOKENS, model, vectors: 2 }))
    .digest('hex')
    .slice(0, 16);
}

interface Plan {
  added: SeedFile[];
  changed: SeedFile[];
  unchanged: SeedFile[];
  removed: string[];
}

function plan(seeds: SeedFile[], previous: Manifest | null): Plan {
  const before = previous?.articles ?? {};
  const added = seeds.filter((s) => !before[s.article.id]);
  const changed = seeds.filter((s) => before[s.article.id] && before[s.article.id]!.hash !== s.hash);
  const unchanged = seeds.filter((s) => before[s.article.id]?.hash === s.hash);
  const present = new Set(seeds.map((s) => s.article.id));
  const removed = Object.keys(before).filter((id) => !present.has(id));
  return { added, changed, unchanged, removed };
}

interface EmbedderChoice {
  embedder: Embedder | null;
  /** Why there is no embedder, when there is none. */
  lexicalReason: string | null;
}

async function chooseEmbedder(config: AppConfig): Promise<EmbedderChoice> {
  if (config.lexicalOnly) return { embedder: null, lexicalReason: 'LEXICAL_ONLY is set.' };
  try {
    return { embedder: await loadTransformersEmbedder(config.model), lexicalReason: null };
  } catch (error) {
    if (error instanceof ModelUnavailableError) return { embedder: null, lexicalReason: `${error.message} ${error.hint ?? ''}`.trim() };
    throw error;
  }
}

/**
 * Articles that exist but could not be read this time (EMFILE, EIO…) keep what the index holds
 * of them: a read error never counts as a deletion. The store keeps an article it is not told
 * to change, so they only need their entry in the manifest; an article the index holds no copy
 * of is left out with a warning.
 */
function keepUnreadable(previous: Manifest | null, unreadable: string[]): { kept: Map<string, { hash: string; passages: number }>; warnings: string[] } {
  const kept = new Map<string, { hash: string; passages: number }>();
  const warnings: string[] = [];
  for (const id of unreadable) {
    const entry = previous?.articles[id];
    if (entry) kept.set(id, entry);
    else warnings.push(`Left out ${id}: it could not be read and the index holds no copy of it.`);
  }
  return { kept, warnings };
}

const overPassageLimit = (config: AppConfig, id: string, passages: number) =>
  `Skipped ${id}: it splits into ${passages} passages, over MAX_ARTICLE_PASSAGES (${config.limits.maxArticlePassages}).`;

/**
 * Brings the index up to date with the seeds folder: re-embeds only new and changed articles,
 * drops removed ones, and loads no model at all when nothing changed. One run at a time, across
 * processes: it holds the store's writer lock throughout.
 */
export async function runIndexer(config: AppConfig, options: IndexerOptions = {}): Promise<IndexReport> {
  const backend = openBackend(config, { lockWaitMs: options.lockWaitMs });
  const lock = await backend.lockWriter();
  try {
    return await indexUnderLock(config, backend, options);
  } finally {
    await lock.release();
  }
}

async function indexUnderLock(config: AppConfig, backend: IndexBackend, options: IndexerOptions): Promise<IndexReport> {
  const started = performance.now();
  const reading = await readSeeds(config.seedsDir, { maxArticleBytes: config.limits.maxArticleBytes });
  const fingerprint = settingsFingerprint(config);
  const stored = options.rebuild ? null : await backend.readManifest();
  // A damaged index (a file changed or missing since it was written) is rebuilt whole.
  const intact = stored && !(await backend.findDamage()) ? stored : null;
  const previous = intact?.settingsFingerprint === fingerprint ? intact : null;
  const unreadable = keepUnreadable(previous, reading.unreadable);
  const warnings = [...reading.warnings, ...unreadable.warnings];
  let seeds = [...reading.seeds].sort((a, b) => (a.article.id < b.article.id ? -1 : 1));
  if (seeds.length + unreadable.kept.size === 0) {
    throw new UserFacingError(`There are no readable articles in ${config.seedsDir}.`, 'Add .txt or .md articles to it (or set SEEDS_DIR), then run `npm run index`.');
  }
  // Unchanged articles indexed before MAX_ARTICLE_PASSAGES was lowered are held to it too (and so removed).
  seeds = seeds.filter((s) => {
    const before = previous?.articles[s.article.id];
    const over = before?.hash === s.hash && before.passages > config.limits.maxArticlePassages;
    if (over) warnings.push(overPassageLimit(config, s.article.id, before.passages));
    return !over;
  });
  const work = plan(seeds, previous);
  work.removed = work.removed.filter((id) => !unreadable.kept.has(id));
  const report = (manifest: Pick<Manifest, 'passageCount' | 'mode' | 'model' | 'lexicalReason'>, extraWarnings: string[] = []): IndexReport => ({
    articles: seeds.length + unreadable.kept.size,
    passages: manifest.passageCount,
    added: work.added.map((s) => s.article.id),
    changed: work.changed.map((s) => s.article.id),
    removed: work.removed,
    unchanged: work.unchanged.length + unreadable.kept.size,
    mode: manifest.mode,
    model: manifest.model?.id ?? null,
    lexicalReason: manifest.lexicalReason,
    seconds: (performance.now() - started) / 1000,
    warnings: [...warnings, ...extraWarnings],
  });
  if (previous && work.added.length + work.changed.length + work.removed.length === 0) return report(previous);

  const { embedder, lexicalReason } = options.embedder ? { embedder: options.embedder, lexicalReason: null } : await chooseEmbedder(config);
  try {
    const mode: Manifest['mode'] = embedder ? 'hybrid' : 'lexical';
    const modelFiles = embedder ? await modelFingerprint(config.model) : null;
    // The store keeps unchanged articles as they are; without a previous index of the same kind,
    // made with the same model files (when the previous index recorded them), every article is (re)built.
    const incremental = previous !== null && previous.mode === mode && (previous.modelFingerprint ?? modelFiles) === modelFiles;
    if (!incremental) {
      for (const id of unreadable.kept.keys()) warnings.push(`Left out ${id}: it could not be read and the index is being rebuilt.`);
      unreadable.kept.clear();
    }
    const toBuild = incremental ? [...work.added, ...work.changed] : seeds;
    const countTokens = embedder?.countPassageTokens ?? estimateTokens;
    const built: Array<{ article: Article; passages: Passage[] }> = [];
    const skipped = new Set<string>();
    for (const seed of toBuild) {
      const passages = splitIntoPassages(seed.article, { countTokens, maxTokens: MAX_PASSAGE_TOKENS });
      if (passages.length <= config.limits.maxArticlePassages) built.push({ article: seed.article, passages });
      else {
        skipped.add(seed.article.id);
        warnings.push(overPassageLimit(config, seed.article.id, passages.length));
      }
    }
    if (skipped.size > 0) {
      seeds = seeds.filter((s) => !skipped.has(s.article.id));
      work.added = work.added.filter((s) => !skipped.has(s.article.id));
      work.changed = work.changed.filter((s) => !skipped.has(s.article.id));
      work.removed.push(...[...skipped].filter((id) => previous?.articles[id]));
    }
    // Only new and changed passages are embedded: the store keeps the vectors of the others.
    const fresh = built.flatMap((b) => b.passages.map((passage) => ({ passage, language: b.article.language })));
    const embed = options.embedFresh ?? embedForIndex;
    const vectors = embedder ? await embed(embedder, fresh, (done, total) => options.onProgress?.({ phase: 'embedding', done, total })) : null;
    options.onProgress?.({ phase: 'writing', done: 0, total: 1 });
    const counts = new Map(built.map((b) => [b.article.id, b.passages.length]));
    const articles: Manifest['articles'] = Object.fromEntries(seeds.map((s) => [s.article.id, { hash: s.hash, passages: counts.get(s.article.id) ?? previous!.articles[s.article.id]!.passages }]));
    for (const [id, entry] of unreadable.kept) articles[id] = entry;
    const manifest = {
      format: 1 as const,
      builtAt: new Date().toISOString(),
      mode,
      lexicalReason,
      settingsFingerprint: fingerprint,
      chunkerVersion: CHUNKER_VERSION,
      maxPassageTokens: MAX_PASSAGE_TOKENS,
      tokenCounter: embedder ? ('model' as const) : ('estimate' as const),
      model: embedder?.signature ?? null,
      modelFingerprint: modelFiles,
      referenceVectors: embedder ? await embedReferenceVectors(embedder, incremental ? previous : null) : null,
      articles: Object.fromEntries(Object.entries(articles).sort(([a], [b]) => (a < b ? -1 : 1))),
    };
    await backend.apply({
      manifest,
      upsert: built.map((b) => ({ article: b.article, passages: b.passages.map((p) => indexedPassage(p, b.article, vectors?.get(p.id) ?? null)) })),
      remove: incremental ? work.removed : [],
      rebuild: !incremental,
    });
    options.onProgress?.({ phase: 'writing', done: 1, total: 1 });
    const passageCount = Object.values(manifest.articles).reduce((sum, a) => sum + a.passages, 0);
    return report({ passageCount, mode, model: manifest.model, lexicalReason }, lexicalReason && !config.lexicalOnly ? [`Keyword-only index: ${lexicalReason}`] : []);
  } finally {
    if (embedder !== options.embedder) await embedder?.dispose();
  }
}

/** What the store needs of a passage: its analysed terms in order, the values it states, its vectors. */
function indexedPassage(passage: Passage, article: Article, embedding: PassageEmbedding | null): IndexedPassage {
  return { passage, ...analyzePassage(passage, article.language), vector: embedding?.vector ?? null, sentenceVectors: embedding?.sentenceVectors ?? null };
}
