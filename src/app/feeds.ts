/**
 * RSS and Atom feeds: `addFeed` reads a feed (through the safe fetcher), adds the articles its
 * new items link to, and remembers the items it has seen in `feeds.json` in the seeds folder,
 * so the next run adds only what is new.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { AppConfig } from '../config.js';
import { isoDate } from '../corpus/convert/types.js';
import { UserFacingError } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import { addPending, fetchSource, type AddOptions, type AddResult } from './add-sources.js';
import { FetchRefusedError, safeFetch } from './safe-fetch.js';

/** The file (in the seeds folder) that remembers each feed's items already seen. */
export const FEEDS_FILE = 'feeds.json';
/** New items added in one run, at most: a feed seen for the first time can list hundreds. */
export const MAX_ITEMS_PER_RUN = 30;

const FEED_TYPES = ['application/rss+xml', 'application/atom+xml', 'application/rdf+xml', 'application/xml', 'text/xml'];

export interface FeedItem {
  link: string;
  title?: string;
  published?: string;
}

export interface FeedResult extends AddResult {
  feed: { url: string; title: string | null; items: number; new: number };
}

interface FeedState {
  feeds: Record<string, { seen: string[]; checkedAt: string }>;
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const textOf = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && '#text' in value) return textOf((value as { '#text': unknown })['#text']);
  return undefined;
};

/** An Atom entry's link to the article: `rel="alternate"` or no rel. */
function atomLink(links: unknown): string | undefined {
  for (const link of list(links as Array<Record<string, string>> | Record<string, string>)) {
    if (typeof link === 'string') return link;
    if (!link['@_rel'] || link['@_rel'] === 'alternate') return link['@_href'];
  }
  return undefined;
}

type Node = Record<string, unknown>;
const child = (node: unknown, key: string): unknown => (node && typeof node === 'object' ? (node as Node)[key] : undefined);

/** The items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in the feed's order; links made absolute. */
export function parseFeed(xml: string, base: string): { title: string | null; items: FeedItem[] } {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: true, htmlEntities: true });
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch (error) {
    throw new UserFacingError(`${base}: not a feed (${(error as Error).message.split('\n')[0]}).`);
  }
  const absolute = (link: string | undefined) => {
    try {
      return link ? new URL(link.trim(), base).href : undefined;
    } catch {
      return undefined;
    }
  };
  const itemOf = (link: string | undefined, title: unknown, published: unknown): FeedItem[] => {
    const href = absolute(link);
    if (!href) return [];
    const text = textOf(title);
    const date = isoDate(textOf(published));
    return [{ link: href, ...(text ? { title: text } : {}), ...(date ? { published: date } : {}) }];
  };
  const channel = child(child(doc, 'rss'), 'channel') ?? child(doc, 'rdf:RDF');
  if (channel) {
    const rdf = child(doc, 'rdf:RDF');
    const items = list((child(channel, 'item') ?? child(rdf, 'item')) as Node | Node[] | undefined).flatMap((item) => {
      const guid = textOf(item.guid);
      return itemOf(textOf(item.link) ?? (guid && /^https?:/i.test(guid) ? guid : undefined), item.title, item.pubDate ?? item['dc:date']);
    });
    return { title: textOf(child(channel, 'title') ?? child(child(rdf, 'channel'), 'title')) ?? null, items };
  }
  const feed = child(doc, 'feed');
  if (feed) {
    const items = list(child(feed, 'entry') as Node | Node[] | undefined).flatMap((entry) => itemOf(atomLink(entry.link), entry.title, entry.published ?? entry.updated));
    return { title: textOf(child(feed, 'title')) ?? null, items };
  }
  throw new UserFacingError(`${base}: not an RSS or Atom feed.`);
}

async function readState(file: string): Promise<FeedState> {
  try {
    const state = JSON.parse(await fs.readFile(file, 'utf8')) as FeedState;
    return state && typeof state.feeds === 'object' ? state : { feeds: {} };
  } catch {
    return { feeds: {} };
  }
}

/** Refusals that may pass (a slow or failing server): the item is tried again next run. */
const mayPass = (error: unknown) => error instanceof FetchRefusedError && (error.reason === 'timeout' || error.reason === 'network' || (error.reason === 'status' && /answered 5\d\d/.test(error.message)));

/** Adds the articles of a feed's items not seen before (at most MAX_ITEMS_PER_RUN), then indexes once. */
export async function addFeed(config: AppConfig, feedUrl: string, options: AddOptions): Promise<FeedResult> {
  const fetched = await safeFetch(feedUrl, { ...config.fetch, ...(options.resolve ? { resolve: options.resolve } : {}), accepts: { types: FEED_TYPES, what: 'an RSS or Atom feed' } });
  const { title, items } = parseFeed(new TextDecoder().decode(fetched.bytes), fetched.url);
  const stateFile = path.join(config.seedsDir, FEEDS_FILE);
  const state = await readState(stateFile);
  const seen = new Set(state.feeds[feedUrl]?.seen ?? []);
  const fresh = items.filter((item) => !seen.has(item.link)).slice(0, MAX_ITEMS_PER_RUN);
  const retry = new Set<string>();
  const result = await addPending(
    config,
    fresh.map((item) => ({
      source: item.link,
      given: item.published ? { published: item.published } : {},
      load: () =>
        fetchSource(config, item.link, options.resolve).catch((error: unknown) => {
          if (mayPass(error)) retry.add(item.link);
          throw error;
        }),
    })),
    {
      // Remembered before indexing: the articles are in the seeds folder whatever the index run does.
      index: async () => {
        await remember();
        return options.index();
      },
    },
  );
  async function remember() {
    for (const item of fresh) if (!retry.has(item.link)) seen.add(item.link);
    state.feeds[feedUrl] = { seen: [...seen], checkedAt: new Date().toISOString() };
    await fs.mkdir(config.seedsDir, { recursive: true });
    await writeFileAtomic(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  }
  if (!result.report) await remember();
  return { ...result, feed: { url: feedUrl, title, items: items.length, new: fresh.length } };
}
