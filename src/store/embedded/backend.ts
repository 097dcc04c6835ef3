/**
 * The embedded store behind the seam: one folder per index generation (`gen-…/keyword.sqlite`,
 * and for a hybrid index `gen-…/vectors/index.pb`, a vectra LocalIndex), switched to with one
 * atomic rename of `manifest.json`. An incremental run copies the previous generation's SQLite
 * file and applies the change to the copy, and streams the previous vectors into the new folder
 * less the replaced articles': it rewrites what changed and never holds the corpus in memory.
 */
import { randomBytes } from 'node:crypto';
import { watch as watchFolder, type FSWatcher } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { UserFacingError } from '../../errors.js';
import { isTemporaryName, readJson, syncFolder, writeFileAtomic } from '../../files.js';
import { checkIndexFolder, makeIndexFolder } from '../index-folder.js';
import { IndexMissingError, IndexUnavailableError, readManifest } from '../index-store.js';
import { checksumGeneration, findDamagedFile } from '../integrity.js';
import { manifestSchema, type Manifest } from '../manifest.js';
import type { IndexBackend, IndexChange, IndexSnapshot } from '../seam.js';
import { indexWriteError } from '../write-errors.js';
import { lockIndexWriter, WRITER_LOCK_DB, WRITER_LOCK_FILE } from '../writer-lock.js';
import { applyKeywordChange, KEYWORD_DB_FILE, openForWriting } from './keyword-db.js';
import { EmbeddedDocumentStore, EmbeddedKeywordStore, openForReading, sentenceVectorReader } from './keyword-store.js';
import { VECTRA_INDEX_FILE } from './vectra-file.js';
import { EmbeddedVectorStore, INT8_ROWS_FILE, writeVectorFolder } from './vector-store.js';

const MANIFEST_FILE = 'manifest.json';
const VECTORS_FOLDER = 'vectors';
const VECTORS_FILE = `${VECTORS_FOLDER}/${VECTRA_INDEX_FILE}`;

/** A generation folder's name, `gen-<time in base 36>-<6 hex>`: the only folders the store ever removes. */
const newGenerationName = () => `gen-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const GENERATION_NAME = /^gen-[0-9a-z]+-[0-9a-f]{6}$/;

/** What the store itself puts in INDEX_DIR (hidden files, such as `.gitkeep`, aside). */
const isIndexEntry = (name: string) =>
  name === MANIFEST_FILE || GENERATION_NAME.test(name) || isTemporaryName(name, MANIFEST_FILE) || name === WRITER_LOCK_DB || name === WRITER_LOCK_FILE || isTemporaryName(name, WRITER_LOCK_FILE) || name.startsWith(`${WRITER_LOCK_DB}-`);

/**
 * Refuses to write into a folder that holds other things and no index (INDEX_DIR pointed at a
 * home or project folder by mistake): the store would fill it with its own files. A folder with
 * a manifest is an index, whatever else it holds (the store removes only its own names).
 */
async function refuseForeignFolder(indexDir: string): Promise<void> {
  const names = await fs.readdir(indexDir).catch(() => [] as string[]);
  if (names.includes(MANIFEST_FILE)) return;
  const foreign = names.filter((name) => !name.startsWith('.') && !isIndexEntry(name)).sort();
  if (foreign.length === 0) return;
  const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ` and ${foreign.length - 3} more` : '');
  throw new UserFacingError(
    `INDEX_DIR (${indexDir}) is not an index folder: it holds ${shown}, and no ${MANIFEST_FILE}.`,
    'Set INDEX_DIR to a new or empty folder (the index writes gen-… folders and manifest.json there), or move those files away.',
  );
}

function damaged(file: string, problem: string, cause?: unknown): IndexUnavailableError {
  return new IndexUnavailableError(`The index file ${file} is damaged (${problem}).`, 'Run `npm run index` to rebuild it.', { cause });
}

/** The files a generation of this mode cannot do without: the manifest must cover each with a checksum. */
const requiredFiles = (mode: Manifest['mode']) => [KEYWORD_DB_FILE, ...(mode === 'hybrid' ? [VECTORS_FILE] : [])];

/** The embedded store's snapshot: one generation's SQLite file and, for a hybrid index, its vectors. */
export class EmbeddedSnapshot implements IndexSnapshot {
  readonly documents: EmbeddedDocumentStore;
  readonly keyword: EmbeddedKeywordStore;

  constructor(
    readonly manifest: Manifest,
    private readonly db: ReturnType<typeof openForReading>,
    readonly vectors: EmbeddedVectorStore | null,
  ) {
    this.documents = new EmbeddedDocumentStore(db);
    this.keyword = new EmbeddedKeywordStore(db);
  }

  async close(): Promise<void> {
    this.db.close();
    await this.vectors?.close();
  }
}

export class EmbeddedBackend implements IndexBackend {
  /** The manifest file as last seen (inode, change time, size) and the generation it named. */
  private seen: { file: string; generation: string | null } | null = null;

  constructor(
    readonly indexDir: string,
    private readonly options: { lockWaitMs?: number } = {},
  ) {}

  private get manifestFile(): string {
    return path.join(this.indexDir, MANIFEST_FILE);
  }

  readManifest(): Promise<Manifest | null> {
    return readManifest(this.indexDir);
  }

  /** A writer switches generations by renaming a new manifest over the old one: a new inode, read once. */
  async currentGeneration(): Promise<string | null> {
    let file: string;
    try {
      const stat = await fs.stat(this.manifestFile, { bigint: true });
      file = `${stat.ino}:${stat.ctimeNs}:${stat.size}`;
    } catch {
      return null;
    }
    if (this.seen?.file !== file) this.seen = { file, generation: (await this.readManifest())?.generation ?? null };
    return this.seen.generation;
  }

  /**
   * Tells `listener` of a generation another process switched to, as soon as the folder's
   * watcher sees the manifest replaced (the service also asks `currentGeneration` before each
   * question: watchers can miss changes, e.g. on network file systems or when the folder itself
   * is replaced).
   */
  async watch(listener: (generation: string) => void): Promise<() => Promise<void>> {
    let watcher: FSWatcher;
    const check = () => {
      this.currentGeneration().then((generation) => generation && listener(generation), () => undefined);
    };
    try {
      watcher = watchFolder(this.indexDir, { persistent: false }, (_event, name) => {
        if (name === MANIFEST_FILE) check();
      });
    } catch {
      return async () => undefined;
    }
    watcher.on('error', () => watcher.close());
    return async () => watcher.close();
  }

  /** Reads the manifest, telling "no index" from "a damaged manifest". */
  private async requireManifest(): Promise<Manifest> {
    await checkIndexFolder(this.indexDir);
    let raw: unknown;
    try {
      raw = await readJson(this.manifestFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new IndexMissingError(`There is no index in ${this.indexDir} yet.`, 'Run `npm run index` to build it.');
      throw damaged(this.manifestFile, error instanceof Error ? error.message.split('\n')[0]! : String(error), error);
    }
    const parsed = manifestSchema.safeParse(raw);
    if (!parsed.success) throw damaged(this.manifestFile, 'unexpected content', parsed.error);
    return parsed.data;
  }

  async findDamage(): Promise<string | null> {
    const manifest = await this.readManifest();
    if (!manifest) return null;
    const damage = await findDamagedFile(path.join(this.indexDir, manifest.generation), manifest.files, requiredFiles(manifest.mode));
    return damage?.file ?? null;
  }

  async open(): Promise<EmbeddedSnapshot> {
    const seen = { generation: '' };
    try {
      return await this.openOnce(seen);
    } catch (error) {
      // A writer switched generations and removed this one while it was opened: open the new one.
      if (!(error instanceof IndexUnavailableError) || (await this.readManifest())?.generation === seen.generation) throw error;
      return this.openOnce(seen);
    }
  }

  private async openOnce(seen: { generation: string }): Promise<EmbeddedSnapshot> {
    const manifest = await this.requireManifest();
    seen.generation = manifest.generation;
    const folder = path.join(this.indexDir, manifest.generation);
    const damage = await findDamagedFile(folder, manifest.files, requiredFiles(manifest.mode));
    if (damage) throw damaged(damage.file, damage.problem);
    const dbFile = path.join(folder, KEYWORD_DB_FILE);
    let db: ReturnType<typeof openForReading>;
    try {
      db = openForReading(dbFile);
    } catch (error) {
      throw damaged(dbFile, (error as Error).message, error);
    }
    let vectors: EmbeddedVectorStore | null = null;
    if (manifest.mode === 'hybrid') {
      const vectorsFolder = path.join(folder, VECTORS_FOLDER);
      // The int8 rows only when the manifest vouches for them (a generation written before them has none).
      const int8Rows = `${VECTORS_FOLDER}/${INT8_ROWS_FILE}` in manifest.files;
      vectors = await EmbeddedVectorStore.open(vectorsFolder, manifest.passageCount, manifest.model!.dimensions, sentenceVectorReader(db, manifest.model!.dimensions), int8Rows).catch((error: unknown) => {
        db.close();
        throw damaged(path.join(vectorsFolder, VECTRA_INDEX_FILE), (error as Error).message, error);
      });
    }
    return new EmbeddedSnapshot(manifest, db, vectors);
  }

  async lockWriter(): Promise<{ release(): Promise<void> }> {
    await refuseForeignFolder(this.indexDir);
    return lockIndexWriter(this.indexDir, { waitMs: this.options.lockWaitMs });
  }

  async apply(change: IndexChange): Promise<void> {
    const previous = change.rebuild ? null : await this.intactManifest();
    if (previous && previous.mode !== change.manifest.mode) throw new Error(`Switching the index from ${previous.mode} to ${change.manifest.mode} needs a rebuild.`);
    const generation = newGenerationName();
    const folder = path.join(this.indexDir, generation);
    const previousFolder = previous ? path.join(this.indexDir, previous.generation) : null;
    let file = this.indexDir;
    /** Records which file is being written, for the error message. */
    const writing = (target: string) => (file = target);
    try {
      await makeIndexFolder(this.indexDir);
      await fs.mkdir(writing(folder));
      const dbFile = writing(path.join(folder, KEYWORD_DB_FILE));
      if (previousFolder) await fs.copyFile(path.join(previousFolder, KEYWORD_DB_FILE), dbFile);
      const db = openForWriting(dbFile, !previousFolder);
      let passageCount: number;
      try {
        applyKeywordChange(db, change.remove, change.upsert);
        passageCount = (db.prepare('SELECT count(*) AS n FROM passages').get() as { n: number }).n;
      } finally {
        db.close();
      }
      await syncFile(dbFile);
      if (change.manifest.mode === 'hybrid') {
        const replaced = new Set([...change.remove, ...change.upsert.map((u) => u.article.id)]);
        const vectorsFolder = writing(path.join(folder, VECTORS_FOLDER));
        await fs.mkdir(vectorsFolder);
        const added = change.upsert.flatMap(({ article, passages }) =>
          passages.map((p) => {
            if (!p.vector) throw new Error(`passage ${p.passage.id} of a hybrid index has no vector`);
            return { passageId: p.passage.id, articleId: article.id, vector: p.vector };
          }),
        );
        const written = await writeVectorFolder(
          writing(path.join(vectorsFolder, VECTRA_INDEX_FILE)),
          previousFolder && path.join(previousFolder, VECTORS_FOLDER),
          (_passageId, articleId) => !replaced.has(articleId),
          added,
        );
        if (written !== passageCount) throw new Error(`${written} vectors for ${passageCount} passages`);
        await syncFolder(vectorsFolder);
      }
      await syncFolder(writing(folder));
      const files = await checksumGeneration(folder);
      const manifest: Manifest = { ...change.manifest, generation, passageCount, files };
      await writeFileAtomic(writing(this.manifestFile), `${JSON.stringify(manifest, null, 2)}\n`);
      await syncFolder(this.indexDir);
      await this.removeStaleGenerations(generation);
    } catch (error) {
      if ((await this.readManifest())?.generation !== generation) await fs.rm(folder, { recursive: true, force: true }).catch(() => undefined);
      if (error instanceof UserFacingError) throw error;
      throw indexWriteError(asFileSystemError(error), this.indexDir, file);
    }
  }

  /** The current manifest when its generation is whole (an incremental run starts from it), else null. */
  private async intactManifest(): Promise<Manifest | null> {
    const manifest = await this.readManifest();
    if (!manifest) return null;
    const damage = await findDamagedFile(path.join(this.indexDir, manifest.generation), manifest.files, requiredFiles(manifest.mode));
    return damage ? null : manifest;
  }

  /**
   * Old generations, and leftovers of interrupted builds, are deleted once nothing points to them:
   * never the one the manifest on disk names (whoever wrote it), nor the one just written. A
   * reader that has a deleted generation open keeps reading it (open files outlive their names).
   * Only names of the exact form the store makes: a user's `gen-reports/` or
   * `manifest.json.backup.tmp` stays.
   */
  private async removeStaleGenerations(current: string): Promise<void> {
    const keep = new Set([current, (await this.readManifest())?.generation]);
    for (const entry of await fs.readdir(this.indexDir, { withFileTypes: true })) {
      if (entry.isDirectory() && GENERATION_NAME.test(entry.name) && !keep.has(entry.name)) await fs.rm(path.join(this.indexDir, entry.name), { recursive: true, force: true });
      // A writer killed while switching the manifest leaves its temporary copy (only the lock holder writes one).
      if (entry.isFile() && isTemporaryName(entry.name, MANIFEST_FILE)) await fs.rm(path.join(this.indexDir, entry.name), { force: true });
    }
  }
}

/** SQLite reports a full disk in its own words: as the file system's, so the message says what to do. */
function asFileSystemError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' ? Object.assign(new Error((error as Error).message, { cause: error }), { code: 'ENOSPC' }) : error;
}

async function syncFile(file: string): Promise<void> {
  const handle = await fs.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
