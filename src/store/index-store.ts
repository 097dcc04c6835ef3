import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Article, Passage } from '../corpus/types.js';
import { UserFacingError } from '../errors.js';
import { listFolders, readJson, syncFolder, writeFileAtomic } from './files.js';
import { manifestSchema, type Manifest } from './manifest.js';
import { VectorIndex } from './vector-index.js';

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
  const manifestFile = path.join(indexDir, MANIFEST_FILE);
  try {
    await fs.access(manifestFile);
  } catch {
    throw new IndexMissingError(`There is no index in ${indexDir} yet.`, 'Run `npm run index` to build it.');
  }
  const manifest = await readValidated(manifestFile, manifestSchema);
  const damagedFile = await findDamagedFile(indexDir, manifest);
  if (damagedFile) throw damaged(damagedFile, new Error('its content is not what was written'));
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

const sha256Of = async (file: string) => createHash('sha256').update(await fs.readFile(file)).digest('hex');

/** The first file of the manifest's generation that is missing or changed since it was written, if any. */
export async function findDamagedFile(indexDir: string, manifest: Manifest): Promise<string | null> {
  for (const [name, expected] of Object.entries(manifest.files)) {
    const file = path.join(indexDir, manifest.generation, name);
    const actual = await sha256Of(file).catch(() => null);
    if (actual !== expected) return file;
  }
  return null;
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
 * rename: a crash at any point leaves the previous index whole and in use.
 */
export async function writeIndex(indexDir: string, content: IndexContent): Promise<Manifest> {
  await fs.mkdir(indexDir, { recursive: true });
  const generation = `gen-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const folder = path.join(indexDir, generation);
  await fs.mkdir(folder);
  await writeFileAtomic(path.join(folder, ARTICLES_FILE), JSON.stringify(content.articles));
  await writeFileAtomic(path.join(folder, PASSAGES_FILE), JSON.stringify(content.passages));
  if (content.vectors) {
    const vectors = content.vectors;
    await VectorIndex.create(
      path.join(folder, VECTORS_FOLDER),
      content.passages.map((p) => ({ passageId: p.id, articleId: p.articleId, vector: vectors.get(p.id)! })),
    );
    await syncFolder(path.join(folder, VECTORS_FOLDER));
  }
  await syncFolder(folder);
  const written = [ARTICLES_FILE, PASSAGES_FILE, ...(content.vectors ? [path.join(VECTORS_FOLDER, 'index.json')] : [])];
  const files = Object.fromEntries(await Promise.all(written.map(async (name) => [name, await sha256Of(path.join(folder, name))] as const)));
  const manifest: Manifest = { ...content.manifest, generation, builtAt: new Date().toISOString(), passageCount: content.passages.length, files };
  await writeFileAtomic(path.join(indexDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  await syncFolder(indexDir);
  await removeStaleGenerations(indexDir, generation);
  return manifest;
}

/** Old generations, and leftovers of interrupted builds, are deleted once nothing points to them. */
async function removeStaleGenerations(indexDir: string, current: string): Promise<void> {
  for (const folder of await listFolders(indexDir, /^gen-/)) {
    if (path.basename(folder) !== current) await fs.rm(folder, { recursive: true, force: true });
  }
}
