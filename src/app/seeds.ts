import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_MAX_ARTICLE_BYTES } from '../config.js';
import { parseArticle, type Article } from '../corpus/index.js';
import { UserFacingError } from '../errors.js';
import { readRegularFile, UnreadableFileError } from '../files.js';

export interface SeedFile {
  article: Article;
  hash: string;
}

export interface SeedReading {
  seeds: SeedFile[];
  /** Files that were skipped, and why. */
  warnings: string[];
  /**
   * Articles (by id) that are there but could not be read this time (EMFILE, EIO…): not a
   * deletion, the indexer keeps what it has of them.
   */
  unreadable: string[];
}

export interface SeedLimits {
  /** MAX_ARTICLE_BYTES: larger files are skipped with a warning. */
  maxArticleBytes: number;
}

const ARTICLE_FILE = /\.(txt|md)$/i;
/** Files read at once: far below any open-file limit (`ulimit -n` is often 1024, sometimes 256). */
const READ_CONCURRENCY = 16;

/**
 * Fails on bytes that are not UTF-8 (a U+FFFD written in the file is text, and decodes); keeps a
 * byte-order mark, as `Buffer.toString` does, so articles' hashes stay what they were.
 */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The file's text, or null when it is not UTF-8 or holds NUL bytes (binary). */
function decodeText(bytes: Buffer): string | null {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return null;
  }
  return text.includes('\u0000') ? null : text;
}

type SeedResult = { seed: SeedFile } | { warning: string; unreadable?: boolean };

const formatBytes = (n: number) => n.toLocaleString('en-US');

async function readSeed(file: string, limits: SeedLimits): Promise<SeedResult> {
  const name = path.basename(file);
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, limits.maxArticleBytes);
  } catch (error) {
    if (error instanceof UnreadableFileError) {
      if (error.reason === 'too large') {
        return { warning: `Skipped ${name}: ${error.problem}, over MAX_ARTICLE_BYTES (${formatBytes(limits.maxArticleBytes)}).` };
      }
      return { warning: `Skipped ${name}: ${error.problem}; articles are regular files inside the seeds folder.` };
    }
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    // Gone since the folder was listed: a deletion after all.
    if (code === 'ENOENT') return { warning: `Skipped ${name}: it was removed while being read.` };
    return { warning: `Could not read ${name} (${code}): its indexed passages are kept.`, unreadable: true };
  }
  const raw = decodeText(bytes);
  if (raw === null) return { warning: `Skipped ${name}: not UTF-8 text.` };
  const article = parseArticle(name, raw);
  if (article.paragraphs.length === 0) return { warning: `Skipped ${name}: it has no text.` };
  return { seed: { article, hash: createHash('sha256').update(raw).digest('hex') } };
}

/** `work` over every item, at most `limit` at a time; results in the items' order. */
async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Reads every `.txt`/`.md` article in the seeds folder, skipping with a warning what is not
 * text, not a regular file (symbolic links, FIFOs, sockets, devices, folders) or too large.
 */
export async function readSeeds(seedsDir: string, limits: SeedLimits = { maxArticleBytes: DEFAULT_MAX_ARTICLE_BYTES }): Promise<SeedReading> {
  let entries;
  try {
    entries = (await fs.readdir(seedsDir, { withFileTypes: true })).filter((e) => ARTICLE_FILE.test(e.name));
  } catch {
    throw new UserFacingError(`The seeds folder ${seedsDir} does not exist.`, 'Create it and put the articles (.txt or .md) in it, or set SEEDS_DIR.');
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // The listing's types spare opening what is plainly not an article; readRegularFile checks again on open.
  const results = await mapBounded(entries, READ_CONCURRENCY, async (entry): Promise<SeedResult> => {
    if (entry.isSymbolicLink()) return { warning: `Skipped ${entry.name}: it is a symbolic link; articles are regular files inside the seeds folder.` };
    if (!entry.isFile()) return { warning: `Skipped ${entry.name}: it is not a regular file; articles are regular files inside the seeds folder.` };
    return readSeed(path.join(seedsDir, entry.name), limits);
  });
  const seeds: SeedFile[] = [];
  const warnings: string[] = [];
  const unreadable: string[] = [];
  results.forEach((result, i) => {
    if ('seed' in result) seeds.push(result.seed);
    else {
      warnings.push(result.warning);
      if (result.unreadable) unreadable.push(entries[i]!.name);
    }
  });
  return { seeds, warnings, unreadable };
}
