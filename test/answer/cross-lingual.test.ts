import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openResearchService } from '../../src/app/service.js';
import type { ResearchService } from '../../src/app/service-types.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';
import { COUNCIL_DIR, councilFiles } from './fixtures.js';
import { embedText } from '../discord/discord-limits.js';
import { startHarness, type Harness } from '../discord/harness.js';

/**
 * Questions in languages no article is written in (English, Italian) over German, Spanish and
 * Ukrainian reports, answered through the real transformers.js pipeline on the generated model that
 * knows translations (test/fixtures/council/lexicon.txt): the behaviour shown is the product's
 * (sentence-level dense evidence, values and support across languages), not the model's quality.
 */
const seeds = councilFiles((name) => !name.endsWith('_en.txt'));

describe('questions in a language no article is written in, with a model that knows translations', () => {
  let workspace: Workspace;
  let service: ResearchService;
  beforeAll(async () => {
    workspace = makeWorkspace({ seeds, model: 'concepts', lexicon: path.join(COUNCIL_DIR, 'lexicon.txt') });
    service = await openResearchService(workspace.config, { buildIfMissing: true });
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    workspace?.cleanup();
  });

  it('answers in hybrid mode with the value, its support across languages and the quotes that state it', async () => {
    expect(service.info()).toMatchObject({ mode: 'hybrid', model: 'concept-model' });
    for (const question of ['How many votes were in favour?', 'Quanti voti a favore ha ricevuto il bilancio?']) {
      const answer = await service.ask(question);
      expect(answer.answerLine, question).toBe('31 — stated by 3 of 4 articles');
      expect(new Set(answer.quotes.map((q) => q.source.language)), question).toEqual(new Set(['de', 'es', 'uk']));
    }
  });

  it('finds a date and a name across languages and scripts', async () => {
    expect((await service.ask('When does the budget take effect?')).values[0]).toMatchObject({ articleIds: expect.arrayContaining(['council_de.txt', 'council_es.txt', 'council_uk.txt']) });
    const mayor = await service.ask('Who is the mayor?');
    expect(mayor.values).toHaveLength(1);
    expect(mayor.values[0]!.value).toMatch(/Ingrid Holm$/);
    expect(mayor.values[0]!.articleIds).toHaveLength(3);
  });

  it('tells what kind of answer a question asks for by meaning, in a language no interrogatives table covers', async () => {
    const answer = await service.ask('Kura ngapi za ndiyo?'); // Swahili: "How many votes in favour?"
    expect(answer.answerLine).toBe('31 — stated by 3 of 4 articles');
  });

  it('abstains where no article answers', async () => {
    expect((await service.ask('Who won the football World Cup?')).status).toBe('abstained');
  });

  it('shows where the articles disagree on the budget, asked in the language of either side', async () => {
    for (const question of ['Wie hoch ist der Haushalt?', '¿Cuánto dinero aprobó el concejo para el presupuesto?']) {
      const answer = await service.ask(question);
      expect(answer.answerLine, question).toMatch(/^The articles disagree: /);
      expect(answer.values.map((v) => v.value).join(' · '), question).toMatch(/412.*421|421.*412/);
    }
  });
});

describe('the same questions with keyword search only', () => {
  it('abstain, saying truthfully that keyword search cannot cross languages and what to do', async () => {
    const workspace = makeWorkspace({ seeds, model: 'none' });
    const service = await openResearchService(workspace.config, { buildIfMissing: true });
    try {
      const answer = await service.ask('How many votes were in favour?');
      expect(answer.status).toBe('abstained');
      expect(answer.abstention!.reason).toMatch(/^Your question is in English; without the embedding model only keyword search runs, and it can only match the articles' own languages \(German, Spanish, Ukrainian, Swedish\)/);
    } finally {
      await service.close();
      workspace.cleanup();
    }
  });
});

describe('the same through the Discord bot', () => {
  let workspace: Workspace;
  let service: ResearchService;
  let h: Harness;
  beforeAll(async () => {
    workspace = makeWorkspace({ seeds, model: 'concepts', lexicon: path.join(COUNCIL_DIR, 'lexicon.txt') });
    service = await openResearchService(workspace.config, { buildIfMissing: true });
    h = await startHarness({ service });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await service?.close();
    workspace?.cleanup();
  });

  it('answers /ask in Italian with the value, its support and the quotes in three other languages', async () => {
    const { message } = await h.fake.interactionReply(h.fake.slashCommand({ name: 'ask', options: { question: 'Quanti voti a favore ha ricevuto il bilancio?' } }));
    const text = embedText(message);
    expect(text).toContain('31 — stated by 3 of 4 articles');
    for (const host of ['de', 'es', 'uk']) expect(text).toContain(`example.org/${host}/`);
  });
});
