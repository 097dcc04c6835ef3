import { createHash } from 'node:crypto';
import type { AppConfig } from '../config.js';
import { CHUNKER_VERSION, splitIntoPassages, type Passage } from '../corpus/index.js';
import { estimateTokens } from '../embed/token-counter.js';
import { loadTransformersEmbedder, ModelUnavailableError } from '../embed/transformers-embedder.js';
import type { Embedder } from '../embed/types.js';
import { UserFacingError } from '../errors.js';
import { findDamage, readIndex, readManifest, writeIndex } from '../store/index-store.js';
import type { Manifest } from '../store/manifest.js';
import { withIndexWriterLock } from '../store/writer-lock.js';
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
}

/** Everything that shapes passages or vectors; when it changes, every article is re-embedded. */
function settingsFingerprint(config: AppConfig): string {
  const model = config.lexicalOnly
    ? null
    : { id: config.model.id, localDir: config.model.localDir ?? null, dtype: config.model.dtype, prefixes: config.model.prefixes };
  return createHash('sha256')
    .update(JSON.stringify({ chunker: CHUNKER_VERSION, maxTokens: MAX_PASSAGE_TOKENS, model }))
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

/** What the previous index can lend this build: passages and vectors of unchanged articles. */
async function reusable(config: AppConfig, previous: Manifest | null, mode: Manifest['mode']) {
  if (!previous || previous.mode !== mode) return null;
  const stored = await readIndex(config.indexDir).catch(() => null);
  if (!stored) return null;
  return { passages: stored.passages, vectors: (await stored.vectors?.vectors()) ?? null };
}

/**
 * Articles that exist but could not be read this time (EMFILE, EIO…) keep what the index holds
 * of them: a read error never counts as a deletion. Returns their seeds as last indexed, and a
 * warning for each one the index has no intact copy of.
 */
async function keepUnreadable(config: AppConfig, unreadable: string[]): Promise<{ kept: SeedFile[]; warnings: string[] }> {
  if (unreadable.length === 0) return { kept: [], warnings: [] };
  const stored = await readIndex(config.indexDir).catch(() => null);
  const byId = new Map(stored?.articles.map((a) => [a.id, a]));
  const kept: SeedFile[] = [];
  const warnings: string[] = [];
  for (const id of unreadable) {
    const article = byId.get(id);
    const hash = stored?.manifest.articles[id]?.hash;
    if (article && hash) kept.push({ article, hash });
    else warnings.push(`Left out ${id}: it could not be read and the index holds no copy of it.`);
  }
  return { kept, warnings };
}

const overPassageLimit = (config: AppConfig, id: string, passages: number) =>
  `Skipped ${id}: it splits into ${passages} passages, over MAX_ARTICLE_PASSAGES (${config.limits.maxArticlePassages}).`;

/**
 * Brings the index up to date with the seeds folder: re-embeds only new and changed articles,
 * drops removed ones, and loads no model at all when nothing changed. One run at a time, across
 * processes: it holds the index folder's writer lock throughout.
 */
export async function runIndexer(config: AppConfig, options: IndexerOptions = {}): Promise<IndexReport> {
  return withIndexWriterLock(config.indexDir, () => indexUnderLock(config, options), { waitMs: options.lockWaitMs });
}

async function indexUnderLock(config: AppConfig, options: IndexerOptions): Promise<IndexReport> {
  const started = performance.now();
  const reading = await readSeeds(config.seedsDir, { maxArticleBytes: config.limits.maxArticleBytes });
  const unreadable = await keepUnreadable(config, reading.unreadable);
  const warnings = [...reading.warnings, ...unreadable.warnings];
  let seeds = [...reading.seeds, ...unreadable.kept].sort((a, b) => (a.article.id < b.article.id ? -1 : 1));
  if (seeds.length === 0) {
    throw new UserFacingError(`There are no readable articles in ${config.seedsDir}.`, 'Add .txt or .md articles to it (or set SEEDS_DIR), then run `npm run index`.');
  }
  const fingerprint = settingsFingerprint(config);
  const stored = options.rebuild ? null : await readManifest(config.indexDir);
  // A damaged index (a file changed or missing since it was written) is rebuilt whole.
  const intact = stored && !(await findDamage(config.indexDir, stored)) ? stored : null;
  const previous = intact?.settingsFingerprint === fingerprint ? intact : null;
  // Unchanged articles indexed before MAX_ARTICLE_PASSAGES was lowered are held to it too (and so removed).
  seeds = seeds.filter((s) => {
    const before = previous?.articles[s.article.id];
    const over = before?.hash === s.hash && before.passages > config.limits.maxArticlePassages;
    if (over) warnings.push(overPassageLimit(config, s.article.id, before.passages));
    return !over;
  });
  const work = plan(seeds, previous);
  const report = (manifest: Manifest, extraWarnings: string[] = []): IndexReport => ({
    articles: seeds.length,
    passages: manifest.passageCount,
    added: work.added.map((s) => s.article.id),
    changed: work.changed.map((s) => s.article.id),
    removed: work.removed,
    unchanged: work.unchanged.length,
    mode: manifest.mode,
    model: manifest.model?.id ?? null,
    lexicalReason: manifest.lexicalReason,
    seconds: (performance.now() - started) / 1000,
    warnings: [...warnings, ...extraWarnings],
  });
  if (previous && work.added.length + work.changed.length + work.removed.length === 0) return report(previous);

  const { embedder, lexicalReason } = options.embedder ? { embedder: options.embedder, lexicalReason: null } : await chooseEmbedder(config);
  try {
    const mode = embedder ? 'hybrid' : 'lexical';
    const reuse = await reusable(config, previous, mode);
    // Without reusable passages from the same kind of index, every article is (re)built.
    const toBuild = reuse ? [...work.added, ...work.changed] : seeds;
    const unchangedIds = new Set(reuse ? work.unchanged.map((s) => s.article.id) : []);
    const kept = reuse ? reuse.passages.filter((p) => unchangedIds.has(p.articleId)) : [];
    const countTokens = embedder?.countPassageTokens ?? estimateTokens;
    const fresh: Passage[] = [];
    const skipped = new Set<string>();
    for (const seed of toBuild) {
      const passages = splitIntoPassages(seed.article, { countTokens, maxTokens: MAX_PASSAGE_TOKENS });
      if (passages.length <= config.limits.maxArticlePassages) fresh.push(...passages);
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
    const vectors = embedder ? await embedAll(embedder, fresh, kept, reuse?.vectors ?? null, options) : null;
    options.onProgress?.({ phase: 'writing', done: 0, total: 1 });
    const passages = order(seeds, [...kept, ...fresh]);
    const manifest = await writeIndex(config.indexDir, {
      manifest: {
        format: 1,
        mode,
        lexicalReason,
        settingsFingerprint: fingerprint,
        chunkerVersion: CHUNKER_VERSION,
        maxPassageTokens: MAX_PASSAGE_TOKENS,
        tokenCounter: embedder ? 'model' : 'estimate',
        model: embedder?.signature ?? null,
        articles: Object.fromEntries(
          seeds.map((s) => [s.article.id, { hash: s.hash, passages: passages.filter((p) => p.articleId === s.article.id).length }]),
        ),
      },
      articles: seeds.map((s) => s.article),
      passages,
      vectors,
    });
    options.onProgress?.({ phase: 'writing', done: 1, total: 1 });
    return report(manifest, lexicalReason && !config.lexicalOnly ? [`Keyword-only index: ${lexicalReason}`] : []);
  } finally {
    if (embedder !== options.embedder) await embedder?.dispose();
  }
}

async function embedAll(
  embedder: Embedder,
  fresh: Passage[],
  kept: Passage[],
  previousVectors: Map<string, Float32Array> | null,
  options: IndexerOptions,
): Promise<Map<string, Float32Array>> {
  const vectors = new Map<string, Float32Array>();
  for (const p of kept) vectors.set(p.id, previousVectors!.get(p.id)!);
  options.onProgress?.({ phase: 'embedding', done: 0, total: fresh.length });
  const embedded = await embedder.embedPassages(
    fresh.map((p) => p.text),
    (done) => options.onProgress?.({ phase: 'embedding', done, total: fresh.length }),
  );
  fresh.forEach((p, i) => vectors.set(p.id, embedded[i]!));
  return vectors;
}

/** Passages in seed order, then article order, so the index reads like the corpus. */
function order(seeds: SeedFile[], passages: Passage[]): Passage[] {
  const rank = new Map(seeds.map((s, i) => [s.article.id, i]));
  return passages.sort((a, b) => rank.get(a.articleId)! - rank.get(b.articleId)! || a.start - b.start);
}
