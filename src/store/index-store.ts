import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Article, Passage } from '../corpus/types.js';
import { UserFacingError } from '../errors.js';
import { listFolders, readJson, syncFolder, writeFileAtomic } from './files.js';
import { checksumGeneration, findDamagedFile, type Damage } from './integrity.js';
import { manifestSchema, type Manifest } from './manifest.js';
import { VECTOR_FOLDER_FILES, VectorIndex } from './vector-index.js';
import { indexWriteError } from './write-errors.js';

const MANIFEST_FILE = 'manifest.json';
const ARTICLES_FILE = 'articles.json';
const PASSAGES_FILE = 'passages.json';
const VECTORS_FOLDER = 'vectors';

/** The index cannot be used; the message names the file and says to run the indexer. */
export class IndexUnavailableError extends UserFacingError {}

/** There is no index at all (as opposed to a damaged one): front ends may build it. */
export class IndexMissingError extends IndexUnavailableError {}

export interface StoredIndex {
  manifest: Manifest;
  articles: Article[];
  passages: Passage[];
  /** Null for a keyword-only index. */
  vectors: VectorIndex | null;
}

const articleSchema = z.object({
  id: z.string(),
  language: z.string(),
  sourceUrl: z.string().nullable(),
  title: z.string(),
  lead: z.string(),
  paragraphs: z.array(z.object({ number: z.number(), text: z.string(), start: z.number() })),
  raw: z.string(),
});
const passageSchema = z.object({ id: z.string(), articleId: z.string(), paragraph: z.number(), text: z.string(), start: z.number() });

function damaged(file: string, error: unknown): IndexUnavailableError {
  const detail = error instanceof z.ZodError ? 'unexpected content' : error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new IndexUnavailableError(`The index file ${file} is damaged (${detail}).`, 'Run `npm run index` to rebuild it.', { cause: error });
}

async function readValidated<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  try {
    return schema.parse(await readJson(file));
  } catch (error) {
    throw damaged(file, error);
  }
}

/** The current manifest, or null when there is none or it cannot be read (the indexer then rebuilds). */
export async function readManifest(indexDir: string): Promise<Manifest | null> {
  try {
    return manifestSchema.parse(await readJson(path.join(indexDir, MANIFEST_FILE)));
  } catch {
    return null;
  }
}

/** Loads the index the manifest points to, checking every file. */
export async function readIndex(indexDir: string): Promise<StoredIndex> {
  const seen = { generation: '' };
  try {
    return await readIndexOnce(indexDir, seen);
  } catch (error) {
    // A writer switched to a new generation and removed this one while it was read: read the new one.
    if (!(error instanceof IndexUnavailableError) || (await readManifest(indexDir))?.generation === seen.generation) throw error;
    return readIndexOnce(indexDir, seen);
  }
}

async function readIndexOnce(indexDir: string, seen: { generation: string }): Promise<StoredIndex> {
  const manifestFile = path.join(indexDir, MANIFEST_FILE);
  try {
    await fs.access(manifestFile);
  } catch {
    throw new IndexMissingError(`There is no index in ${indexDir} yet.`, 'Run `npm run index` to build it.');
  }
  const manifest = await readValidated(manifestFile, manifestSchema);
  seen.generation = manifest.generation;
  const damage = await findDamage(indexDir, manifest);
  if (damage) throw damaged(damage.file, new Error(damage.problem));
  const generation = path.join(indexDir, manifest.generation);
  const articles = await readValidated(path.join(generation, ARTICLES_FILE), z.array(articleSchema));
  const passages = await readValidated(path.join(generation, PASSAGES_FILE), z.array(passageSchema));
  if (passages.length !== manifest.passageCount) throw damaged(path.join(generation, PASSAGES_FILE), new Error('passage count differs from the manifest'));
  let vectors: VectorIndex | null = null;
  if (manifest.mode === 'hybrid') {
    const folder = path.join(generation, VECTORS_FOLDER);
    vectors = await VectorIndex.open(folder).catch((error: unknown) => {
      throw damaged(path.join(folder, 'index.json'), error);
    });
  }
  return { manifest, articles, passages, vectors };
}

/** The files a generation of this mode cannot do without: the manifest must cover each with a checksum. */
function requiredFiles(mode: Manifest['mode']): string[] {
  return [ARTICLES_FILE, PASSAGES_FILE, ...(mode === 'hybrid' ? VECTOR_FOLDER_FILES.map((name) => `${VECTORS_FOLDER}/${name}`) : [])];
}

/**
 * The first file of the manifest's generation that is missing, not a regular file, changed since
 * it was written, or not covered by the manifest's checksums; null when the index is intact.
 */
export function findDamage(indexDir: string, manifest: Manifest): Promise<Damage | null> {
  return findDamagedFile(path.join(indexDir, manifest.generation), manifest.files, requiredFiles(manifest.mode));
}

export interface IndexContent {
  manifest: Omit<Manifest, 'generation' | 'builtAt' | 'passageCount' | 'files'>;
  articles: Article[];
  passages: Passage[];
  /** Vectors by passage id, for a hybrid index. */
  vectors: Map<string, Float32Array> | null;
}

/**
 * Writes a complete new generation folder, then switches the manifest to it with one atomic
 * rename: a crash at any point leaves the previous index whole and in use. The caller holds the
 * writer lock (writer-lock.ts). A failed write removes what it wrote and says, in one line, what
 * to do.
 */
export async function writeIndex(indexDir: string, content: IndexContent): Promise<Manifest> {
  const generation = `gen-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const folder = path.join(indexDir, generation);
  let file = indexDir;
  /** Records which file is being written, for the error message. */
  const writing = (target: string) => (file = target);
  try {
    await fs.mkdir(indexDir, { recursive: true });
    await fs.mkdir(writing(folder));
    await writeFileAtomic(writing(path.join(folder, ARTICLES_FILE)), JSON.stringify(content.articles));
    await writeFileAtomic(writing(path.join(folder, PASSAGES_FILE)), JSON.stringify(content.passages));
    if (content.vectors) {
      const vectors = content.vectors;
      await VectorIndex.create(
        writing(path.join(folder, VECTORS_FOLDER)),
        content.passages.map((p) => ({ passageId: p.id, articleId: p.articleId, vector: vectors.get(p.id)! })),
      );
      await syncFolder(path.join(folder, VECTORS_FOLDER));
    }
    await syncFolder(writing(folder));
    const files = await checksumGeneration(folder);
    const manifest: Manifest = { ...content.manifest, generation, builtAt: new Date().toISOString(), passageCount: content.passages.length, files };
    await writeFileAtomic(writing(path.join(indexDir, MANIFEST_FILE)), `${JSON.stringify(manifest, null, 2)}\n`);
    await syncFolder(indexDir);
    await removeStaleGenerations(indexDir, generation);
    return manifest;
  } catch (error) {
    if ((await readManifest(indexDir))?.generation !== generation) await fs.rm(folder, { recursive: true, force: true }).catch(() => undefined);
    throw indexWriteError(error, indexDir, file);
  }
}

/**
 * Old generations, and leftovers of interrupted builds, are deleted once nothing points to them:
 * never the one the manifest on disk names (whoever wrote it), nor the one just written.
 */
async function removeStaleGenerations(indexDir: string, current: string): Promise<void> {
  const keep = new Set([current, (await readManifest(indexDir))?.generation]);
  for (const folder of await listFolders(indexDir, /^gen-/)) {
    if (!keep.has(path.basename(folder))) await fs.rm(folder, { recursive: true, force: true });
  }
  // A writer killed while switching the manifest leaves its temporary copy (only the lock holder writes one).
  for (const name of await fs.readdir(indexDir)) {
    if (name.startsWith(`${MANIFEST_FILE}.`) && name.endsWith('.tmp')) await fs.rm(path.join(indexDir, name), { force: true });
  }
}
