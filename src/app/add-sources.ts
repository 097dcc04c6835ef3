/**
 * Adding sources to the corpus: a web page or file fetched by URL (`safe-fetch.ts`), a file or
 * a folder on disk, or a file uploaded to the bot, converted (`corpus/convert/`) and written into
 * the seeds folder as an article file, its original kept beside it in `originals/` so a later
 * converter can read it again; then the index is brought up to date once for everything added.
 * What cannot be added is refused with one line each, and nothing of it is written.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from '../config.js';
import { contentTypeOfName, converterFor, converters } from '../corpus/convert/registry.js';
import { formatArticleFile, hostOf, parseArticle, readHeader, type ArticleMetadata } from '../corpus/index.js';
import { describeError, UserFacingError } from '../errors.js';
import { exists, readRegularFile, UnreadableFileError, writeFileAtomic } from '../files.js';
import { safeFetch, type Resolver } from './safe-fetch.js';
import type { IndexReport } from './service-types.js';

/** The folder inside the seeds folder that keeps each added article's original file. */
export const ORIGINALS_DIR = 'originals';

/** A file to convert, however it came. */
export interface SourceFile {
  bytes: Uint8Array;
  contentType: string;
  /** Where it came from: the URL after redirects, or the file's path or upload name. */
  location: string;
  /** The URL it was fetched from (null for files). */
  url: string | null;
  fetchedAt: string;
}

/** What was added, as the user is told: the article as the index will read it. */
export interface AddedArticle {
  /** The article file's name in the seeds folder. */
  id: string;
  title: string;
  language: string;
  url: string | null;
  outlet?: string;
  published?: string;
  paragraphs: number;
  /** The same source was in the corpus already: its article was replaced. */
  replaced: boolean;
  /** Where it came from (the link or file given). */
  source: string;
}

export interface Refusal {
  /** The link or file given. */
  source: string;
  /** One line: why it was not added. */
  reason: string;
}

export interface AddResult {
  added: AddedArticle[];
  refused: Refusal[];
  /** The index run after writing, or null when nothing was added. */
  report: IndexReport | null;
}

export interface AddOptions {
  /** Brings the index up to date once the articles are written (the CLI runs the indexer; the bot its service's reindex). */
  index: () => Promise<IndexReport>;
  /** DNS for the fetcher (tests give their own). */
  resolve?: Resolver;
}

/** A name for files: `liberation.fr`, `annual-report`. */
const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 40) || 'article';

/**
 * The article's file name: its outlet's host (or the file's name) and a hash of where it came
 * from (the URL fetched, or a file's content), so adding the same link again replaces its
 * article instead of adding a second one.
 */
function articleBase(source: SourceFile, url: string | null): string {
  const key = source.url ?? createHash('sha256').update(source.bytes).digest('hex');
  const name = url ? (hostOf(url) ?? 'web') : path.basename(source.location).replace(/\.[^.]+$/, '');
  return `${slug(name)}_${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

/**
 * Converts one file and writes its article (and original) into the seeds folder. `given` fills
 * in what the file does not say (a feed item's date).
 */
export async function writeArticle(
  config: AppConfig,
  source: SourceFile,
  given: ArticleMetadata = {},
  /** An article converted again keeps its file names. */
  place?: { base: string; original: string },
): Promise<Omit<AddedArticle, 'source'>> {
  const converter = converterFor(source.contentType, source.location);
  if (!converter) throw new UserFacingError(`${source.location}: no converter reads ${source.contentType} (web pages, PDF, text and Markdown are read).`);
  const converted = await converter.convert(source);
  const url = source.url ? (converted.url ?? source.url) : (converted.url ?? null);
  const base = place?.base ?? articleBase(source, url);
  const ending = path.extname(new URL(source.location, 'file:///').pathname).toLowerCase();
  const original = place?.original ?? `${base}${converter.extensions.includes(ending) ? ending : converter.extensions[0]}`;
  const metadata: ArticleMetadata = { ...given, ...converted.metadata, fetched: source.fetchedAt };
  const outlet = metadata.outlet ?? hostOf(url);
  if (outlet) metadata.outlet = outlet;
  const raw = formatArticleFile(
    { title: converted.title, url: url ?? undefined, language: converted.language, converter: `${converter.name} ${converter.version}`, original: `${ORIGINALS_DIR}/${original}`, metadata },
    converted.paragraphs,
  );
  const bytes = Buffer.byteLength(raw);
  if (bytes > config.limits.maxArticleBytes) throw new UserFacingError(`${source.location}: its text is ${bytes.toLocaleString('en-US')} bytes, over MAX_ARTICLE_BYTES (${config.limits.maxArticleBytes.toLocaleString('en-US')}).`);
  const id = `${base}.md`;
  const article = parseArticle(id, raw);
  const file = path.join(config.seedsDir, id);
  const replaced = await exists(file);
  await fs.mkdir(path.join(config.seedsDir, ORIGINALS_DIR), { recursive: true });
  await writeFileAtomic(path.join(config.seedsDir, ORIGINALS_DIR, original), source.bytes);
  await writeFileAtomic(file, raw);
  return {
    id,
    title: article.title,
    language: article.language,
    url,
    ...(article.metadata?.outlet ? { outlet: article.metadata.outlet } : {}),
    ...(article.metadata?.published ? { published: article.metadata.published } : {}),
    paragraphs: article.paragraphs.length,
    replaced,
  };
}

export const isLink = (target: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(target);

/** Fetches a link within the configured limits (FETCH_*). */
export async function fetchSource(config: AppConfig, link: string, resolve?: Resolver): Promise<SourceFile> {
  const fetched = await safeFetch(link, { ...config.fetch, ...(resolve ? { resolve } : {}) });
  return { bytes: fetched.bytes, contentType: fetched.contentType, location: fetched.url, url: fetched.url, fetchedAt: fetched.fetchedAt };
}

/** Reads a file from disk as a source, refusing what is not a regular file, too large, or already in the seeds folder. */
async function readSourceFile(config: AppConfig, file: string): Promise<SourceFile> {
  const relative = path.relative(config.seedsDir, file);
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) throw new UserFacingError(`${file} is inside the seeds folder already: run npm run index to index it.`);
  const contentType = contentTypeOfName(file);
  if (!contentType) throw new UserFacingError(`${file}: no converter reads ${path.extname(file) || 'files without an ending'} (web pages, PDF, text and Markdown are read).`);
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, config.fetch.maxBytes);
  } catch (error) {
    if (error instanceof UnreadableFileError) throw new UserFacingError(`${file}: ${error.problem}${error.reason === 'too large' ? `, over FETCH_MAX_BYTES (${config.fetch.maxBytes.toLocaleString('en-US')})` : ''}.`);
    throw new UserFacingError(`${file} could not be read (${(error as NodeJS.ErrnoException).code ?? describeError(error)}).`);
  }
  return { bytes: new Uint8Array(bytes), contentType, location: file, url: null, fetchedAt: new Date().toISOString() };
}

/** A folder's files (not its subfolders), in name order. */
async function filesIn(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true });
  return entries.filter((e) => !e.name.startsWith('.') && (e.isFile() || e.isSymbolicLink())).map((e) => path.join(folder, e.name)).sort();
}

/** One source to add: what the user gave, and how to get its file. */
export interface PendingSource {
  source: string;
  load: () => Promise<SourceFile>;
  /** What the file may not say itself (a feed item's date). */
  given?: ArticleMetadata;
}

/** What a target stands for: one link, one file, or a folder's files. */
async function expand(config: AppConfig, target: string, resolve: Resolver | undefined): Promise<PendingSource[]> {
  if (isLink(target)) return [{ source: target, load: () => fetchSource(config, target, resolve) }];
  const file = path.resolve(config.invocationDir, target);
  const stat = await fs.stat(file).catch(() => null);
  if (!stat) throw new UserFacingError(`${target}: no such file or folder, and not a link (links start with http:// or https://).`);
  const files = stat.isDirectory() ? await filesIn(file) : [file];
  return files.map((f) => ({ source: stat.isDirectory() ? path.join(target, path.basename(f)) : target, load: () => readSourceFile(config, f) }));
}

/**
 * Adds links, files and folders' files: each converted and written, or refused with its reason;
 * then one index run for everything added.
 */
export async function addSources(config: AppConfig, targets: readonly string[], options: AddOptions): Promise<AddResult> {
  const pending: PendingSource[] = [];
  const refused: Refusal[] = [];
  for (const target of targets) {
    try {
      pending.push(...(await expand(config, target, options.resolve)));
    } catch (error) {
      refused.push({ source: target, reason: describeError(error) });
    }
  }
  return addPending(config, pending, options, refused);
}

/** A link to add, or a file uploaded to the bot (fetched from `link`, named `upload`: its URL is not the article's). */
export type AddItem = { link: string } | { upload: string; link: string };

/** What the bot adds: links and uploaded files, each fetched within the limits. */
export function addItems(config: AppConfig, items: readonly AddItem[], options: AddOptions): Promise<AddResult> {
  return addPending(
    config,
    items.map((item) =>
      'upload' in item
        ? { source: item.upload, load: async () => ({ ...(await fetchSource(config, item.link, options.resolve)), location: item.upload, url: null }) }
        : { source: item.link, load: () => fetchSource(config, item.link, options.resolve) },
    ),
    options,
  );
}

/** Converts and writes each source (in order, one at a time), then indexes once. */
export async function addPending(
  config: AppConfig,
  pending: readonly PendingSource[],
  options: Pick<AddOptions, 'index'>,
  refused: Refusal[] = [],
  placeOf: (source: string) => { base: string; original: string } | undefined = () => undefined,
): Promise<AddResult> {
  const added: AddedArticle[] = [];
  for (const { source, load, given } of pending) {
    try {
      added.push({ ...(await writeArticle(config, await load(), given, placeOf(source))), source });
    } catch (error) {
      refused.push({ source, reason: describeError(error) });
    }
  }
  const report = added.length > 0 ? await options.index() : null;
  return { added, refused, report };
}

/**
 * Converts again, from the originals kept in `originals/`, every added article whose converter
 * has a newer version than the one that wrote it (its header's `converter:`), keeping its file
 * name, URL and the date it was given; then indexes once. Articles without an original (written
 * by hand) are left as they are.
 */
export async function reconvertArticles(config: AppConfig, options: Pick<AddOptions, 'index'>): Promise<AddResult> {
  const originals = path.join(config.seedsDir, ORIGINALS_DIR);
  const names = (await fs.readdir(config.seedsDir)).filter((name) => name.endsWith('.md')).sort();
  const pending: PendingSource[] = [];
  const places = new Map<string, { base: string; original: string }>();
  for (const name of names) {
    const headed = readHeader(await fs.readFile(path.join(config.seedsDir, name), 'utf8').catch(() => ''));
    const { original, converter: written } = headed?.header ?? {};
    if (!headed || !original || !written) continue;
    const [converterName, version] = written.split(/\s+/);
    const converter = converters.find((c) => c.name === converterName);
    if (!converter || Number(version) === converter.version) continue;
    const file = path.resolve(config.seedsDir, original);
    // Only files of originals/: a header is text anyone could have edited.
    if (path.dirname(file) !== originals) continue;
    const { header } = headed;
    places.set(name, { base: name.replace(/\.md$/, ''), original: path.basename(file) });
    pending.push({
      source: name,
      given: header.metadata.published ? { published: header.metadata.published } : {},
      load: async () => ({
        bytes: new Uint8Array(await readRegularFile(file, config.fetch.maxBytes)),
        contentType: converter.contentTypes[0]!,
        location: header.url ?? file,
        url: header.url ?? null,
        fetchedAt: header.metadata.fetched ?? new Date().toISOString(),
      }),
    });
  }
  return addPending(config, pending, options, [], (source) => places.get(source));
}
