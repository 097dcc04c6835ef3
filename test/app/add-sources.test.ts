/**
 * Adding sources end to end, as `npm run add` and the bot do: a real news page (from
 * mozilla/readability's test suite) served on 127.0.0.1, a PDF of several pages made here, a
 * folder, an RSS feed; then a question answered from what was added, with verbatim quotes,
 * title, outlet, date and page. Refusals write nothing and index nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSources, reconvertArticles, type AddOptions } from '../../src/app/add-sources.js';
import { addFeed, FEEDS_FILE } from '../../src/app/feeds.js';
import { runIndexer } from '../../src/app/indexer.js';
import { openResearchService } from '../../src/app/service.js';
import { PROJECT_ROOT, type AppConfig } from '../../src/config.js';
import { makePdf } from '../support/pdf.js';
import { redirect, serve, startWebServer, type WebServer } from '../support/web-server.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

const page = (name: string) => fs.readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/readability', name, 'source.html'));

const PDF_PAGES = [
  ['The harbour authority of Haiphong reported that container traffic rose by eleven percent in the third quarter, driven by exports of electronics and textiles.'],
  ['The city council of Kvarnby approved a budget of 12 million euros for the new tram line on 3 March, after a debate that lasted most of the night.'],
  ['Ticket prices on the Kvarnby tram will stay at one euro until the end of 2027, the transport office said.'],
];

let web: WebServer;
let feedItems: string[];
const rss = () =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Test wire</title>${feedItems
    .map((link, i) => `<item><title>Item ${i}</title><link>${link}</link><pubDate>Wed, 0${i + 1} Oct 2025 08:00:00 GMT</pubDate></item>`)
    .join('')}</channel></rss>`;

beforeAll(async () => {
  web = await startWebServer({
    '/liberation': serve('text/html; charset=utf-8', page('liberation-1')),
    '/gitlab': serve('text/html; charset=utf-8', page('gitlab-blog')),
    '/heise': serve('text/html; charset=utf-8', page('heise')),
    '/herald': serve('text/html; charset=utf-8', page('herald-sun-1')),
    '/report.pdf': serve('application/pdf', makePdf(PDF_PAGES, 'Kvarnby transport report')),
    '/to-private': redirect('http://10.0.0.1/article'),
    '/feed.xml': (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss()),
  });
  feedItems = [web.url('/gitlab'), web.url('/heise')];
});
afterAll(() => web.close());

function workspace(): { ws: Workspace; config: AppConfig; options: AddOptions & { runs: number } } {
  const ws = makeWorkspace();
  ws.env.FETCH_ALLOWED_NETWORKS = '127.0.0.1/32';
  const config = ws.reload();
  const options = {
    runs: 0,
    index: () => {
      options.runs += 1;
      return runIndexer(config);
    },
  };
  return { ws, config, options };
}

const seedFiles = (ws: Workspace) => fs.readdirSync(ws.seedsDir).sort();

describe('adding sources', () => {
  it('a web page: converted into the seeds folder with its original beside it, indexed, and answered from with its title, outlet and date', async () => {
    const { ws, config, options } = workspace();
    try {
      const result = await addSources(config, [web.url('/liberation')], options);
      expect(result.refused).toEqual([]);
      expect(result.added).toEqual([
        expect.objectContaining({ title: 'Un troisième Français mort dans le séisme au Népal', language: 'fr', outlet: 'Libération.fr', published: '2015-04-30T07:19:58', paragraphs: 4, replaced: false }),
      ]);
      const { id } = result.added[0]!;
      expect(fs.existsSync(path.join(ws.seedsDir, id))).toBe(true);
      expect(fs.readFileSync(path.join(ws.seedsDir, 'originals', id.replace(/\.md$/, '.html')))).toEqual(page('liberation-1'));
      expect(id).toMatch(/^liberation\.fr_[0-9a-f]{12}\.md$/);
      expect(result.report?.added).toContain(id);

      const service = await openResearchService(config);
      try {
        const answer = await service.ask('Combien de Français ont été localisés sains et saufs au Népal ?');
        const quote = answer.quotes.find((q) => q.source.articleId === id);
        expect(quote?.text).toContain('2 209 Français ont été localisés sains et saufs');
        expect(fs.readFileSync(path.join(ws.seedsDir, id), 'utf8')).toContain(quote!.text);
        expect(quote!.source).toMatchObject({ title: 'Un troisième Français mort dans le séisme au Népal', outlet: 'Libération.fr', published: '2015-04-30T07:19:58', url: expect.stringContaining('liberation.fr') });
      } finally {
        await service.close();
      }

      // The same link again replaces its article: one article per source.
      const again = await addSources(config, [web.url('/liberation')], options);
      expect(again.added[0]).toMatchObject({ id, replaced: true });

      // An article an older converter wrote is converted again from its original, under its own name.
      const file = path.join(ws.seedsDir, id);
      const written = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, written.replace('converter: html 1', 'converter: html 0').replace(/2 209 Français/, 'Stale text'));
      const reconverted = await reconvertArticles(config, options);
      expect(reconverted.added).toEqual([expect.objectContaining({ id, source: id, replaced: true })]);
      expect(fs.readFileSync(file, 'utf8')).toBe(written);
      expect((await reconvertArticles(config, options)).added).toEqual([]);
    } finally {
      ws.cleanup();
    }
  });

  it('a PDF: a question is answered with the page the quote is on, the quote word for word from that page', async () => {
    const { ws, config, options } = workspace();
    try {
      const result = await addSources(config, [web.url('/report.pdf')], options);
      expect(result.added[0]).toMatchObject({ title: 'Kvarnby transport report', paragraphs: 3 });
      const service = await openResearchService(config);
      try {
        const answer = await service.ask('What budget did the Kvarnby city council approve for the tram line?');
        const quote = answer.quotes[0]!;
        expect(quote.source.articleId).toBe(result.added[0]!.id);
        expect(quote.page).toBe(2);
        expect(PDF_PAGES[1]![0]).toContain(quote.text);
        expect(quote.text).toContain('12 million euros');
      } finally {
        await service.close();
      }
    } finally {
      ws.cleanup();
    }
  });

  it('a folder: each file a converter reads is added, the others refused by name', async () => {
    const { ws, config, options } = workspace();
    const folder = path.join(ws.dir, 'inbox');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'report.pdf'), makePdf(PDF_PAGES));
    fs.writeFileSync(path.join(folder, 'notes.md'), '# Tram notes\n\nThe Kvarnby tram depot opens in June.\n');
    fs.writeFileSync(path.join(folder, 'photo.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    try {
      const result = await addSources({ ...config, invocationDir: ws.dir }, ['inbox'], options);
      expect(result.added.map((a) => a.source).sort()).toEqual(['inbox/notes.md', 'inbox/report.pdf']);
      expect(result.added.find((a) => a.source === 'inbox/notes.md')).toMatchObject({ title: 'Tram notes', url: null, paragraphs: 1 });
      expect(result.refused).toEqual([{ source: 'inbox/photo.png', reason: expect.stringMatching(/no converter reads \.png/) }]);
      expect(options.runs).toBe(1);
    } finally {
      ws.cleanup();
    }
  });

  it('refused links write nothing and index nothing, each with its reason', async () => {
    const { ws, config, options } = workspace();
    try {
      const before = seedFiles(ws);
      const result = await addSources(config, [web.url('/to-private'), 'http://169.254.169.254/latest/meta-data/', 'ftp://example.org/a.pdf', web.url('/missing')], options);
      expect(result.added).toEqual([]);
      expect(result.refused.map((r) => r.reason)).toEqual([
        expect.stringMatching(/10\.0\.0\.1 is a private address/),
        expect.stringMatching(/169\.254\.169\.254 is the cloud metadata address/),
        expect.stringMatching(/only http and https/),
        expect.stringMatching(/answered 404/),
      ]);
      expect(seedFiles(ws)).toEqual(before);
      expect(options.runs).toBe(0);
      expect(result.report).toBeNull();
    } finally {
      ws.cleanup();
    }
  });

  it('a feed: adds the articles of its items, then only new items on the next runs (remembered in feeds.json)', async () => {
    const { ws, config, options } = workspace();
    try {
      feedItems = [web.url('/gitlab'), web.url('/heise')];
      const first = await addFeed(config, web.url('/feed.xml'), options);
      expect(first.feed).toMatchObject({ title: 'Test wire', items: 2, new: 2 });
      expect(first.added.map((a) => a.title)).toEqual(['3 surprising findings from our 2024 Global DevSecOps Survey', '1Password für Mac generiert Einmal-Passwörter']);
      expect(fs.existsSync(path.join(ws.seedsDir, FEEDS_FILE))).toBe(true);

      const second = await addFeed(config, web.url('/feed.xml'), options);
      expect(second.feed.new).toBe(0);
      expect(second.added).toEqual([]);

      feedItems = [web.url('/herald'), ...feedItems];
      const third = await addFeed(config, web.url('/feed.xml'), options);
      expect(third.added).toEqual([expect.objectContaining({ title: 'Angry media won’t buckle over new surveillance laws', source: web.url('/herald') })]);
      // The page states no date: the feed item's is kept.
      expect(third.added[0]!.published).toBe('2025-10-01T08:00:00.000Z');
      expect(options.runs).toBe(2);
    } finally {
      ws.cleanup();
    }
  });
});
