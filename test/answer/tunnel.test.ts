/**
 * A corpus written as a new user would (test/fixtures/tunnel): three reports of one tunnel in
 * Norwegian, English and Ukrainian with two planted conflicts, and a false friend, asked with
 * keyword search and with the test model that knows translations.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openResearchService } from '../../src/app/service.js';
import type { ResearchService } from '../../src/app/service-types.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { corpusOf } from './fixtures.js';

const TUNNEL_DIR = path.join(import.meta.dirname, '..', 'fixtures', 'tunnel');
const files = Object.fromEntries(fs.readdirSync(path.join(TUNNEL_DIR, 'corpus')).map((n) => [n, fs.readFileSync(path.join(TUNNEL_DIR, 'corpus', n), 'utf8')]));
const byValue = (values: Array<{ value: string; articleIds: string[] }>) => values.map((v) => [v.value, [...v.articleIds].sort()]);

/** The workers' conflict: each value with its own reports, never the arena's 420 volunteers. */
const WORKERS = [
  ['420', ['tunnel_no.txt', 'tunnel_uk.txt']],
  ['nearly 500', ['tunnel_en.txt']],
];

/** The cost's conflict: 6.2 billion kroner by the Norwegian and English reports, 6.8 by the Ukrainian one. */
const COST = [
  ['6,2 milliarder kroner', ['tunnel_en.txt', 'tunnel_no.txt']],
  ['6,8 мільярда крон', ['tunnel_uk.txt']],
];

describe('the tunnel corpus with keyword search', async () => {
  const tunnel = await corpusOf(files);

  it('shows the workers\' conflict with both sides\' reports, and does not count the arena\'s 420 volunteers', async () => {
    expect(byValue((await tunnel.engine.ask('Hvor mange arbeidere bygget Haldbergtunnelen?')).values)).toEqual(WORKERS);
  });

  it('answers how long the tunnel is from the sentence that says "Tunnelen" after the lead named "Haldbergtunnelen", stated by all three reports', async () => {
    const answer = await tunnel.engine.ask('Hvor lang er Haldbergtunnelen?');
    expect(byValue(answer.values)).toEqual([['11,4 kilometer', ['tunnel_en.txt', 'tunnel_no.txt', 'tunnel_uk.txt']]]);
  });

  it('states what all three reports agree on, in three languages and two scripts', async () => {
    const answer = await tunnel.engine.ask('Når startet arbeidet med Haldbergtunnelen?');
    expect(byValue(answer.values)).toEqual([['2020', ['tunnel_en.txt', 'tunnel_no.txt', 'tunnel_uk.txt']]]);
  });

  it('shows the cost conflict, though the Ukrainian cost sentence shares nothing but its place with the others, and never the arena\'s 62 million', async () => {
    expect(byValue((await tunnel.engine.ask('Hvor mye kostet Haldbergtunnelen?')).values)).toEqual(COST);
  });

  it('shows the workers\' conflict asked in English and the cost\'s asked in Ukrainian, each report of the story counting for the fact it states', async () => {
    const sorted = (values: Array<{ value: string; articleIds: string[] }>) => byValue(values).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(sorted((await tunnel.engine.ask('How many workers built the Haldberg tunnel?')).values)).toEqual(WORKERS);
    expect(sorted((await tunnel.engine.ask('Скільки коштував Гальдберзький тунель?')).values)).toEqual(COST);
  });
});

describe('the tunnel corpus with a model that knows translations', () => {
  let workspace: Workspace;
  let service: ResearchService;
  beforeAll(async () => {
    workspace = makeWorkspace({ seeds: files, model: 'concepts', lexicon: path.join(TUNNEL_DIR, 'lexicon.txt') });
    service = await openResearchService(workspace.config, { buildIfMissing: true });
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    workspace?.cleanup();
  });

  it('shows the workers\' conflict asked in Norwegian or in English, without the arena', async () => {
    expect(service.info()).toMatchObject({ mode: 'hybrid' });
    for (const question of ['Hvor mange arbeidere bygget Haldbergtunnelen?', 'How many workers built the Haldberg tunnel?']) {
      expect(byValue((await service.ask(question)).values), question).toEqual(WORKERS);
    }
  });

  it('shows the cost conflict', async () => {
    expect(byValue((await service.ask('Hvor mye kostet Haldbergtunnelen?')).values)).toEqual(COST);
  });

  it('states what all three reports agree on', async () => {
    expect(byValue((await service.ask('Når startet arbeidet med Haldbergtunnelen?')).values)).toEqual([['2020', ['tunnel_en.txt', 'tunnel_no.txt', 'tunnel_uk.txt']]]);
  });
});
