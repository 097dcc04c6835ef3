/**
 * Adding sources from Discord, on the fake Discord with the real service: `/add url:` and files
 * attached to a message that mentions the bot, allowed to members with Manage Server (those who
 * may /reindex) and refused to the others; the reply says what was added (title, language,
 * date, paragraphs) and by whom, and a question is then answered from it. The pages are served
 * on 127.0.0.1, which the service may fetch only because FETCH_ALLOWED_NETWORKS says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openResearchService } from '../../src/app/service.js';
import type { ResearchService } from '../../src/app/service-types.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { EPHEMERAL } from '../../src/dev/fake-discord/index.js';
import { makePdf } from '../support/pdf.js';
import { serve, startWebServer, type WebServer } from '../support/web-server.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { startHarness, type Harness } from './harness.js';

/** Send Messages and Use Application Commands, not Manage Server. */
const MEMBER_PERMISSIONS = String((1n << 11n) | (1n << 31n));

let web: WebServer;
let ws: Workspace;
let service: ResearchService;
let h: Harness;

beforeAll(async () => {
  web = await startWebServer({
    '/liberation': serve('text/html; charset=utf-8', fs.readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/readability/liberation-1/source.html'))),
    '/attachments/tram-report.pdf': serve(
      'application/pdf',
      makePdf([['The Kvarnby transport office counted 48,000 tram passengers on the first Saturday.'], ['The second tram line to Lindholmen opens in September 2026.']], 'Kvarnby tram report'),
    ),
  });
  ws = makeWorkspace();
  ws.env.FETCH_ALLOWED_NETWORKS = '127.0.0.1/32';
  service = await openResearchService(ws.reload(), { buildIfMissing: true });
  h = await startHarness({ service });
});
afterAll(async () => {
  await h?.close();
  await service?.close();
  await web?.close();
  ws?.cleanup();
});

const seedFiles = () => fs.readdirSync(ws.seedsDir).sort();

describe('/add', () => {
  it('is refused, privately, to a member without Manage Server, and adds nothing', async () => {
    const before = seedFiles();
    const sent = h.fake.slashCommand({ name: 'add', options: { url: web.url('/liberation') }, permissions: MEMBER_PERMISSIONS });
    const reply = await h.fake.interactionReply(sent);
    expect(reply.callback.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.message.content).toMatch(/Only members with the Manage Server permission/);
    expect(seedFiles()).toEqual(before);
    expect(web.requested).not.toContain('/liberation');
  });

  it('adds a page for a member with Manage Server, tells the channel who added what, then answers from it with outlet and date', async () => {
    const { alice } = h.fake.world.users;
    const sent = h.fake.slashCommand({ name: 'add', options: { url: web.url('/liberation') }, user: alice });
    const reply = await h.fake.interactionReply(sent);
    expect(reply.deferred).toBe(true);
    expect((reply.callback.body.data?.flags ?? 0) & EPHEMERAL).toBe(0);
    const embed = reply.message.embeds[0];
    expect(embed.title).toBe('Added to the corpus (1)');
    expect(embed.description).toContain(`Added by <@${alice.id}>`);
    expect(embed.description).toContain('Un troisième Français mort dans le séisme au Népal');
    expect(embed.description).toContain('fr · 2015-04-30 · 4 paragraphs');

    const asked = h.fake.slashCommand({ name: 'ask', options: { question: 'Combien de Français ont été localisés sains et saufs au Népal ?' } });
    const answer = (await h.fake.interactionReply(asked)).message.embeds[0];
    const field = answer.fields.find((f: { value: string }) => f.value.includes('2 209 Français'));
    expect(field.name).toContain('Un troisième Français mort dans le séisme au Népal');
    expect(field.value).toContain('Libération.fr, 2015-04-30');
  });

  it('says why a link is not added: an address that is not public', async () => {
    const before = seedFiles();
    const reply = await h.fake.interactionReply(h.fake.slashCommand({ name: 'add', options: { url: 'http://10.0.0.1/internal' } }));
    const embed = reply.message.embeds[0];
    expect(embed.title).toBe('Nothing added');
    expect(embed.fields[0].value).toMatch(/10\.0\.0\.1 is a private address/);
    expect(seedFiles()).toEqual(before);
  });
});

describe('files attached to a message that mentions the bot', () => {
  const attachment = () => ({ filename: 'tram-report.pdf', url: web.url('/attachments/tram-report.pdf'), contentType: 'application/pdf' });

  it('are refused to a member whose roles lack Manage Server', async () => {
    const { bob } = h.fake.world.users;
    const before = seedFiles();
    const message = h.fake.postMessage({ content: `<@${h.fake.world.bot.id}> please add`, mentionsBot: true, author: bob, attachments: [attachment()] });
    const reply = await h.fake.waitForRequest((r) => r.method === 'POST' && r.body?.message_reference?.message_id === message.id, 'the reply to the upload');
    expect(reply.body.content).toMatch(/Only members with the Manage Server permission/);
    expect(seedFiles()).toEqual(before);
  });

  it('are added for the server owner, named by their file name, and answered from with their page', async () => {
    const { alice } = h.fake.world.users;
    const message = h.fake.postMessage({ content: `<@${h.fake.world.bot.id}> for the archive`, mentionsBot: true, author: alice, attachments: [attachment()] });
    const reply = await h.fake.waitForRequest((r) => r.method === 'POST' && r.body?.message_reference?.message_id === message.id, 'the reply to the upload');
    const embed = reply.body.embeds[0];
    expect(embed.title).toBe('Added to the corpus (1)');
    expect(embed.description).toContain(`Added by <@${alice.id}>`);
    expect(embed.description).toContain('Kvarnby tram report');
    expect(embed.description).toContain('2 paragraphs');
    expect(seedFiles().some((f) => f.startsWith('tram-report_'))).toBe(true);

    const asked = h.fake.slashCommand({ name: 'ask', options: { question: 'When does the second Kvarnby tram line to Lindholmen open?' } });
    const answer = (await h.fake.interactionReply(asked)).message.embeds[0];
    expect(answer.fields[0].value).toContain('The second tram line to Lindholmen opens in September 2026.');
    expect(answer.fields[0].value).toContain('page 2');
  });
});
