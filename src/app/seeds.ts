import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArticle, type Article } from '../corpus/index.js';
import { UserFacingError } from '../errors.js';

export interface SeedFile {
  article: Article;
  hash: string;
}

export interface SeedReading {
  seeds: SeedFile[];
  /** Files that were skipped, and why. */
  warnings: string[];
}

const ARTICLE_FILE = /\.(txt|md)$/i;

/** Text that is not UTF-8 decodes with replacement characters; NUL bytes mean binary. */
function looksBinary(text: string): boolean {
  return text.includes('\u0000') || text.includes('\uFFFD');
}

async function readSeed(file: string): Promise<{ seed?: SeedFile; warning?: string }> {
  const name = path.basename(file);
  let raw: string;
  try {
    raw = await fs.readFile(file, 'utf8');
  } catch (error) {
    return { warning: `Skipped ${name}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'}).` };
  }
  if (looksBinary(raw)) return { warning: `Skipped ${name}: not UTF-8 text.` };
  const article = parseArticle(name, raw);
  if (article.paragraphs.length === 0) return { warning: `Skipped ${name}: it has no text.` };
  return { seed: { article, hash: createHash('sha256').update(raw).digest('hex') } };
}

/** Reads every `.txt`/`.md` article in the seeds folder, skipping (with a warning) what is not text. */
export async function readSeeds(seedsDir: string): Promise<SeedReading> {
  let names: string[];
  try {
    names = (await fs.readdir(seedsDir)).filter((n) => ARTICLE_FILE.test(n)).sort();
  } catch {
    throw new UserFacingError(`The seeds folder ${seedsDir} does not exist.`, 'Create it and put the articles (.txt or .md) in it, or set SEEDS_DIR.');
  }
  const results = await Promise.all(names.map((n) => readSeed(path.join(seedsDir, n))));
  const seeds = results.flatMap((r) => (r.seed ? [r.seed] : []));
  const warnings = results.flatMap((r) => (r.warning ? [r.warning] : []));
  if (seeds.length === 0) {
    throw new UserFacingError(`There are no readable articles in ${seedsDir}.`, 'Add .txt or .md articles to it (or set SEEDS_DIR), then run `npm run index`.');
  }
  return { seeds, warnings };
}
