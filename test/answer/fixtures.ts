import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_STAGES } from '../../src/answer/default-stages.js';
import { createAnswerEngine, type AnswerEngine } from '../../src/answer/engine.js';
import type { AnswerStages } from '../../src/answer/pipeline.js';
import type { Tuning } from '../../src/answer/tuning.js';
import { analyzePassage } from '../../src/corpus/analyze-passage.js';
import { parseArticle, splitIntoPassages, type Article } from '../../src/corpus/index.js';
import { estimateTokens } from '../../src/embed/token-counter.js';
import { memorySnapshotStores } from '../../src/store/memory/memory-store.js';
import { REPO_SEEDS } from '../support/workspace.js';

/** A corpus of articles with the answer engine over it (keyword search, stores in memory). */
export interface TestCorpus {
  articles: Map<string, Article>;
  engine: AnswerEngine;
}

/** `stages`: the engine's retrievers and line scorer (the defaults unless a test composes its own). */
export async function corpusOf(files: Record<string, string>, tuning?: Tuning, stages: AnswerStages = DEFAULT_STAGES): Promise<TestCorpus> {
  const articles = Object.entries(files).map(([name, raw]) => parseArticle(name, raw));
  const passages = articles.flatMap((a) =>
    splitIntoPassages(a, { countTokens: estimateTokens, maxTokens: 256 }).map((passage) => ({ passage, ...analyzePassage(passage, a.language), vector: null, sentenceVectors: null })),
  );
  const engine = await createAnswerEngine({ ...memorySnapshotStores(articles, passages), vectors: null, embedder: null, maxQuotes: 3, tuning, stages });
  return { articles: new Map(articles.map((a) => [a.id, a])), engine };
}

export function seedFiles(): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(REPO_SEEDS).map((n) => [n, fs.readFileSync(path.join(REPO_SEEDS, n), 'utf8')]));
}

export const seedCorpus = () => corpusOf(seedFiles());

/**
 * A small corpus of our own making, on another event, in other languages, so answer behaviour
 * is shown not to depend on the seed articles: the reports agree on the cost, disagree on the
 * length (820 m against 850 m) and round the crowd differently.
 */
export const BRIDGE_CORPUS: Record<string, string> = {
  'bridge_en.txt': [
    'Porto Verde opens its harbour bridge',
    'The new harbour bridge in Porto Verde opened on Saturday after four years of work.',
    'Mayor Elena Rossi cut the ribbon in front of 3,400 spectators.',
    'The bridge is 820 metres long and cost 56 million euros.',
    'Source: https://example.org/en/bridge',
  ].join('\n'),
  'bridge_de.txt': [
    'Die neue Hafenbrücke von Porto Verde wurde am Samstag eröffnet.',
    'Bürgermeisterin Elena Rossi durchschnitt das Band vor 3.400 Zuschauern.',
    'Die Brücke ist 850 Meter lang und kostete 56 Millionen Euro.',
    'Quelle: https://example.org/de/bruecke',
    '',
    'Kommentare (3)',
  ].join('\n'),
  'bridge_es.txt': [
    'El nuevo puente del puerto de Porto Verde se inauguró el sábado.',
    'La alcaldesa Elena Rossi cortó la cinta ante más de 3.000 espectadores.',
    'El puente mide 820 metros y costó 56 millones de euros.',
    'Fuente: https://example.org/es/puente',
  ].join('\n'),
  'library_sv.txt': [
    'Ett nytt stadsbibliotek öppnade i Malmö på måndagen med 120 000 böcker på hyllorna.',
    'Källa: https://example.org/sv/bibliotek',
  ].join('\n'),
};

export const articleOf = (corpus: TestCorpus, id: string): Article => corpus.articles.get(id)!;

/** Our own corpus (test/fixtures/council): four reports of one vote in four languages and two scripts; the Spanish one says 421 million, the others 412. */
export const COUNCIL_DIR = path.join(import.meta.dirname, '..', 'fixtures', 'council');
export function councilFiles(filter: (name: string) => boolean = () => true): Record<string, string> {
  const dir = path.join(COUNCIL_DIR, 'corpus');
  return Object.fromEntries(fs.readdirSync(dir).filter(filter).map((n) => [n, fs.readFileSync(path.join(dir, n), 'utf8')]));
}

