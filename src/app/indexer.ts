import { createHash } from 'node:crypto';
import type { AppConfig } from '../config.js';
import { CHUNKER_VERSION, splitIntoPassages, type Passage } from '../corpus/index.js';
import { estimateTokens } from '../embed/token-counter.js';
import { loadTransformersEmbedder, ModelUnavailableError } from '../embed/transformers-embedder.js';
import type { Embedder } from '../embed/types.js';
import { findDamagedFile, readIndex, readManifest, writeIndex } from '../store/index-store.js';
import type { Manifest } from '../store/manifest.js';
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
 * Brings the index up to date with the seeds folder: re-embeds only new and changed articles,
 * drops removed ones, and loads no model at all when nothing changed.
 */
export async function runIndexer(config: AppConfig, options: IndexerOptions = {}): Promise<IndexReport> {
  const started = performance.now();
  const { seeds, warnings } = await readSeeds(config.seedsDir);
  const fingerprint = settingsFingerprint(config);
  const stored = options.rebuild ? null : await readManifest(config.indexDir);
  // A damaged index (a file changed or missing since it was written) is rebuilt whole.
  const intact = stored && !(await findDamagedFile(config.indexDir, stored)) ? stored : null;
  const previous = intact?.settingsFingerprint === fingerprint ? intact : null;
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
    const fresh = toBuild.flatMap((s) => splitIntoPassages(s.article, { countTokens, maxTokens: MAX_PASSAGE_TOKENS }));
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
