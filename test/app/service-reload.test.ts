/**
 * The research service while the index changes under it (issue 22, items 11 and 12): an answer
 * under way when a re-index switches the index finishes on the index it started on (the replaced
 * one closes once its answers are done), and a run of another process (`npm run index --
 * --rebuild`) is served from the next question on, its deleted articles no longer quoted.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runIndexer } from '../../src/app/indexer.js';
import { openResearchService } from '../../src/app/service.js';
import type { ResearchService } from '../../src/app/service-types.js';
import type { Embedder } from '../../src/embed/types.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

/** Holds the next question's embedding until the test releases it: "still waiting for the model". */
const gate = vi.hoisted(() => ({ next: null as null | { entered: () => void; released: Promise<void> } }));

vi.mock('../../src/embed/transformers-embedder.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/embed/transformers-embedder.js')>();
  return {
    ...real,
    loadTransformersEmbedder: async (...args: Parameters<typeof real.loadTransformersEmbedder>): Promise<Embedder> => {
      const embedder = await real.loadTransformersEmbedder(...args);
      const embedQuery = async (text: string) => {
        const held = gate.next;
        gate.next = null;
        if (held) {
          held.entered();
          await held.released;
        }
        return embedder.embedQuery(text);
      };
      return new Proxy(embedder, {
        get: (target, key) => {
          if (key === 'embedQuery') return embedQuery;
          const value: unknown = Reflect.get(target, key, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  };
});

/** Arms the gate: resolves `entered` when a question reaches the model; `release` lets it go on. */
function holdNextQuestion() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const entered = new Promise<void>((resolve) => (gate.next = { entered: resolve, released }));
  return { entered, release };
}

let workspace: Workspace;
let service: ResearchService | undefined;
/** A PostgreSQL schema a test made, dropped after it. */
let schema: string | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
  workspace?.cleanup();
  if (schema) {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    schema = undefined;
  }
});

const databaseUrl = process.env.TEST_DATABASE_URL;
if (!databaseUrl) console.warn('The PostgreSQL case of the re-index test skipped: TEST_DATABASE_URL is not set (bash .ci/postgres.sh starts a server and sets it).');

const GERMAN = '003_e08478164ab21d36.txt';
const RATIFY = 'Wie viele Länder müssen das Übereinkommen ratifizieren?';

describe.each([
  ['embedded', true],
  ['PostgreSQL', Boolean(databaseUrl)],
] as const)('a re-index while answers are under way (hybrid, %s store)', (store, available) => {
  it.skipIf(!available)('finishes an answer waiting for the model on the index it started on; the next one reads the new index', async () => {
    workspace = makeWorkspace({ model: 'tiny' });
    if (store === 'PostgreSQL') {
      schema = `reload_${process.pid}_${Date.now().toString(36)}`;
      Object.assign(workspace.env, { DATABASE_URL: databaseUrl!, DATABASE_SCHEMA: schema });
      workspace.reload();
    }
    service = await openResearchService(workspace.config, { buildIfMissing: true });
    const held = holdNextQuestion();
    const underWay = service.ask(RATIFY);
    await held.entered;

    const edited = path.join(workspace.seedsDir, GERMAN);
    fs.writeFileSync(edited, fs.readFileSync(edited, 'utf8').replace('mindestens 40 Länder', 'mindestens 45 Länder'));
    expect(await service.reindex()).toMatchObject({ changed: [GERMAN] });
    held.release();

    const answer = await underWay;
    expect(answer.answerLine).toMatch(/^mindestens 40 — stated by/);
    expect((await service.ask(RATIFY)).answerLine).toMatch(/^mindestens 45 — stated by/);
  });
});

describe('an index run of another process while the service serves', () => {
  const SIGNED = 'Hvor mange land signerte konvensjonen?';
  const NEW_ARTICLE = 'zz_harbour.txt';
  const HARBOUR = 'Wie viele Schiffe legten bei der Eröffnung des Hafens von Vardø an?';

  it('answers from it at the next question: a deleted article is no longer quoted, an added one is', async () => {
    workspace = makeWorkspace();
    service = await openResearchService(workspace.config, { buildIfMissing: true });
    const before = await service.ask(SIGNED);
    const cited = [...new Set(before.quotes.map((q) => q.source.articleId))];
    expect(cited.length).toBeGreaterThan(0);
    expect((await service.ask(HARBOUR)).quotes.map((q) => q.source.articleId)).not.toContain(NEW_ARTICLE);

    for (const articleId of cited) fs.rmSync(path.join(workspace.seedsDir, articleId));
    fs.writeFileSync(
      path.join(workspace.seedsDir, NEW_ARTICLE),
      'Bei der Eröffnung des Hafens von Vardø legten 17 Schiffe an.\nSource: https://example.org/vardo-hafen\n',
    );
    // Another writer (what `npm run index -- --rebuild` does), not this service.
    await runIndexer(workspace.reload(), { rebuild: true });

    const after = await service.ask(SIGNED);
    expect(after.quotes.map((q) => q.source.articleId).filter((id) => cited.includes(id))).toEqual([]);
    const harbour = await service.ask(HARBOUR);
    expect(harbour.quotes.map((q) => q.source.articleId)).toContain(NEW_ARTICLE);
    expect(harbour.answerLine).toMatch(/^17\b/);
    const listed = service.articles().map((a) => a.articleId);
    expect(listed).toContain(NEW_ARTICLE);
    expect(listed.filter((id) => cited.includes(id))).toEqual([]);
  });

  it('switches without a question too, when the folder watcher sees the manifest replaced', async () => {
    workspace = makeWorkspace();
    service = await openResearchService(workspace.config, { buildIfMissing: true });
    const removed = fs.readdirSync(workspace.seedsDir)[0]!;
    expect(service.articles().map((a) => a.articleId)).toContain(removed);
    fs.rmSync(path.join(workspace.seedsDir, removed));
    await runIndexer(workspace.reload());
    const live = service;
    await vi.waitFor(() => expect(live.articles().map((a) => a.articleId)).not.toContain(removed), { timeout: 10_000, interval: 50 });
  });
});
