import { addSources, isLink, reconvertArticles, type AddedArticle, type AddResult } from '../../app/add-sources.js';
import { addFeed } from '../../app/feeds.js';
import { runIndexer } from '../../app/indexer.js';
import { dayOf } from '../../answer/source-ref.js';
import { UsageError, defineCommand } from '../args.js';
import { loadCliConfig } from '../cli-config.js';
import { formatIndexReport, indexProgressReporter } from '../progress.js';

/** `Added liberation.fr_….md: “Title” (fr, 2015-04-30, 4 paragraphs) from <url>`. */
export function describeAdded(article: AddedArticle): string {
  const facts = [article.language, article.published ? dayOf(article.published) : 'no date', `${article.paragraphs} paragraph${article.paragraphs === 1 ? '' : 's'}`];
  return `${article.replaced ? 'Replaced' : 'Added'} ${article.id}: “${article.title}” (${facts.join(', ')}) from ${article.source}`;
}

/** `npm run add -- <url|file|folder> …` and `npm run add -- --feed <url>`: converts, writes into the seeds folder, indexes. */
export const addCommand = defineCommand({
  name: 'add',
  invocation: 'npm run add --',
  summary: 'adds web pages, PDFs, text files, folders of them or a feed’s new articles to seeds/, then indexes them',
  operands: '<url|file|folder> …',
  options: {
    feed: { type: 'string', multiple: true, value: '<url>', description: 'an RSS or Atom feed: adds the articles of items not seen before (remembered in seeds/feeds.json)' },
    reconvert: { type: 'boolean', description: 'converts again, from seeds/originals/, the articles an older version of a converter wrote' },
  },
  notes: [
    'Examples: npm run add -- https://vtv.vn/some-article.htm',
    '          npm run add -- reports/annual-report.pdf notes/',
    '          npm run add -- --feed https://vnexpress.net/rss/tin-moi-nhat.rss',
    'Each article is written to the seeds folder as <outlet>_<hash>.md (title, URL, outlet, dates, language in its header), its original in seeds/originals/.',
    'Links are fetched within FETCH_MAX_BYTES, FETCH_TIMEOUT_SECONDS and FETCH_MAX_REDIRECTS, from public addresses only (FETCH_ALLOWED_NETWORKS allows others).',
  ],
  run: async ({ feed, reconvert }, operands) => {
    if (operands.length === 0 && feed.length === 0 && !reconvert) throw new UsageError('add: give a link, a file or a folder, --feed <url> or --reconvert. See npm run add -- --help');
    const notLink = feed.find((url) => !isLink(url));
    if (notLink !== undefined) throw new UsageError(`add: --feed takes a feed's link (https://…), not "${notLink}". See npm run add -- --help`);
    const config = loadCliConfig();
    const index = () => runIndexer(config, { onProgress: indexProgressReporter() });
    const results: AddResult[] = [];
    if (reconvert) {
      const result = await reconvertArticles(config, { index });
      console.log(`Converted again: ${result.added.length} article${result.added.length === 1 ? '' : 's'} written by an older converter.`);
      results.push(result);
    }
    if (operands.length > 0) results.push(await addSources(config, operands, { index }));
    for (const url of feed) {
      const result = await addFeed(config, url, { index });
      console.log(`Feed ${result.feed.title ? `“${result.feed.title}” ` : ''}${url}: ${result.feed.items} items, ${result.feed.new} new.`);
      results.push(result);
    }
    for (const result of results) {
      for (const article of result.added) console.log(describeAdded(article));
      for (const refusal of result.refused) console.error(`Not added: ${refusal.reason}`);
      if (result.report) console.log(formatIndexReport(result.report, config));
    }
    const added = results.reduce((n, r) => n + r.added.length, 0);
    const refused = results.reduce((n, r) => n + r.refused.length, 0);
    return refused > 0 && added === 0 ? 1 : 0;
  },
});
