/**
 * `npm run bench -- --store postgres [--sizes 100000,1000000]`: the PostgreSQL store at scale,
 * through the product's own backend. Synthetic passages: real sentences (the seeds and, when
 * present, ../shared/eval/norquad-dev) recombined into news-length passages, analysed as the
 * indexer does, with clustered unit vectors of the model's size. Reports build time, size,
 * retrieval p50/p95 by stage, vector recall@10 against exact search, and the server's memory.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT, type AppConfig } from '../config.js';
import { parseArticle, splitSentences, type Article } from '../corpus/index.js';
import { isStopword, tokenize } from '../corpus/text/analyzer.js';
import { wholeNumberOption } from '../cli/args.js';
import { UserFacingError } from '../errors.js';
import type { Manifest } from '../store/manifest.js';
import { PostgresBackend } from '../store/postgres/backend.js';
import { DEFAULT_POSTGRES_SETTINGS } from '../store/postgres/settings.js';
import type { PostgresSnapshot } from '../store/postgres/read/snapshot.js';
import type { IndexedPassage, IndexSnapshot, KeywordHit, TermForms } from '../store/seam.js';
import { DEFAULT_TUNING } from '../answer/tuning.js';
import { resolvePrefixScheme } from '../embed/prefixes.js';
import type { ModelSignature } from '../embed/types.js';
import type { AnsweringResult } from './answering.js';
import { runChildTask } from './child.js';
import { BENCH_SPEC, type BenchValues } from './options.js';
import { benchQuestions } from './corpus.js';
import { percentiles, round, type Percentiles } from './stats.js';
import { seededRandom } from '../seeded-random.js';
import { renderTable } from '../text-table.js';

export interface PostgresBenchOptions {
  url: string;
  sizes: number[];
  dimensions: number;
  /** Questions timed per size. */
  queries: number;
  /** HNSW candidate list sizes whose recall and latency are measured. */
  efSearch: number[];
  /** The HNSW candidate list size of the timed retrievals (`--ef-search`, default the product's). */
  timedEfSearch: number;
  /** Keep a bench schema already built at this size (`--reuse`): measure queries only. */
  reuse: boolean;
  /**
   * Passages in the first index run (`--first-run`, default 200k): a newsroom's first import of
   * its archive is one run; later runs grow with the index.
   */
  firstRun: number;
  /** The signature the index's manifest names: the configured model's, with synthetic vectors of its size. */
  model: ModelSignature;
  /** Whole answers through the service with the configured model, or why they are not measured. */
  answers: { config: AppConfig; questions: string[] } | { skipped: string };
}

export interface PostgresBenchSize {
  passages: number;
  /** Null when an earlier build was reused. */
  buildSeconds: number | null;
  /** Of which: the HNSW index built over the first batch plus inserts of the rest (inside buildSeconds). */
  batches: number;
  databaseMb: number;
  tablesMb: Record<string, number>;
  stages: Record<string, Percentiles>;
  /** Questions whose keyword top k differed from scoring every posting (those whose lists the postings budget cut short). */
  keywordDifferences: number;
  /** Share of the exact keyword top k (every posting scored) that the timed search found. */
  keywordRecall: number;
  /** Whole answers through the service, or why they were not measured. */
  answers: AnsweringResult | string;
  recall: Array<{ efSearch: number; recallAt10: number; vectorMs: Percentiles }>;
  serverMemoryMb: number | null;
}

const SENTENCE_SOURCES = [path.join(PROJECT_ROOT, 'seeds'), path.resolve(PROJECT_ROOT, '../shared/eval/norquad-dev/corpus')];
const PASSAGES_PER_ARTICLE = 20;
/** Passages in the first index run unless `--first-run` says otherwise: one run for 100k (as `npm run index` would do it). */
const FIRST_RUN_PASSAGES = 200_000;

/**
 * Articles in the next index run: runs grow with the index, each over a quarter of what it holds,
 * so each fills a new vector table and builds HNSW once (the store's rule; a smaller run inserts
 * into HNSW row by row, about 15 times slower), and the last is never a small remainder.
 */
function nextRun(indexed: number, total: number, firstRun: number): number {
  let articles = Math.max(Math.ceil(firstRun / PASSAGES_PER_ARTICLE), Math.ceil(indexed / 2));
  if (total - indexed - articles < (indexed + articles) / 3) articles = total - indexed;
  return Math.min(articles, total - indexed);
}
const CLUSTERS = 2_000;
/** Length of each vector's offset from its cluster's centre (the centre has length 1). */
const NOISE = 0.6;
/** What the answer engine asks each retriever for (its tuning's retrieval depth). */
const TOP_K = DEFAULT_TUNING.retrievalDepth;
/** Questions asked untimed before the timed ones, so that the indexes are read from memory. */
const WARM_UP_QUESTIONS = 100;
/** Whole answers timed per size (the dev set's questions in several phrasings). */
const ANSWERED_QUESTIONS = 100;

interface Sentence {
  text: string;
  terms: string[];
  numbers: string[];
  /** Terms of its content words (stopwords left out, as the answer stage leaves them out of a question). */
  content: string[];
}

function readSentences(): Sentence[] {
  const sentences: Sentence[] = [];
  for (const folder of SENTENCE_SOURCES.filter(existsSync)) {
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.txt'))) {
      const article = parseArticle(name, readFileSync(path.join(folder, name), 'utf8'));
      for (const paragraph of article.paragraphs) {
        for (const { text } of splitSentences(paragraph.text, article.language)) {
          const tokens = tokenize(text, article.language);
          sentences.push({
            text,
            terms: tokens.map((t) => t.term),
            numbers: tokens.filter((t) => t.isNumber).map((t) => t.term),
            content: tokens.filter((t) => !t.isNumber && !isStopword(t.surface, [article.language])).map((t) => t.term),
          });
        }
      }
    }
  }
  return sentences;
}

/** Standard normal numbers from a seeded uniform source (Box–Muller). */
function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Clustered unit vectors: vector i is a function of i alone, so exact search can regenerate them. */
class SyntheticVectors {
  private readonly centers: Float32Array[];

  constructor(private readonly dimensions: number) {
    const normal = gaussian(seededRandom(11));
    this.centers = Array.from({ length: CLUSTERS }, () => unit(Float32Array.from({ length: dimensions }, normal)));
  }

  vector(i: number, salt = 0): Float32Array {
    const random = seededRandom(i * 2 + 1 + salt * 0x9e3779b1);
    const center = this.centers[Math.floor(random() * CLUSTERS)]!;
    const normal = gaussian(random);
    const scale = NOISE / Math.sqrt(this.dimensions);
    return unit(center.map((x) => x + normal() * scale));
  }
}

function unit(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return v.map((x) => x / norm);
}

/**
 * A passage's sentence vectors, one per sentence as the indexer cuts the passage (splitSentences),
 * each the same wherever the sentence recurs (the pool's sentences recur across passages), so a
 * million passages' sentence vectors take the memory of the pool's.
 */
class SentenceVectors {
  private readonly cache = new Map<string, Float32Array>();

  constructor(private readonly vectors: SyntheticVectors) {}

  of(passageText: string, language: string): Float32Array[] {
    return splitSentences(passageText, language).map(({ text }) => {
      let vector = this.cache.get(text);
      if (!vector) {
        vector = this.vectors.vector(this.cache.size, 3);
        this.cache.set(text, vector);
      }
      return vector;
    });
  }
}

function articleOf(id: string, sentences: Sentence[], random: () => number, sentenceVectors: SentenceVectors): { article: Article; passages: IndexedPassage[] } {
  const texts: Sentence[][] = Array.from({ length: PASSAGES_PER_ARTICLE }, () => Array.from({ length: 3 + Math.floor(random() * 4) }, () => sentences[Math.floor(random() * sentences.length)]!));
  const paragraphs = texts.map((parts, i) => ({ number: i + 1, text: parts.map((s) => s.text).join(' '), start: 0 }));
  let start = 0;
  for (const p of paragraphs) {
    p.start = start;
    start += p.text.length + 2;
  }
  const raw = paragraphs.map((p) => p.text).join('\n\n');
  const article: Article = { id, language: 'nb', sourceUrl: `https://example.org/${id}`, title: paragraphs[0]!.text.slice(0, 80), lead: paragraphs[0]!.text, paragraphs, raw };
  const passages = paragraphs.map((p, i) => ({
    passage: { id: `${id}#${i}`, articleId: id, paragraph: p.number, text: p.text, start: p.start },
    terms: texts[i]!.flatMap((s) => s.terms),
    valueKeys: texts[i]!.flatMap((s) => s.numbers),
    vector: null as Float32Array | null,
    // Stored as an index run stores them, so whole answers read them as they would a real index's.
    sentenceVectors: sentenceVectors.of(p.text, article.language),
  }));
  return { article, passages };
}

function manifestOf(model: ModelSignature, articleIds: string[], passages: number): Manifest {
  return {
    format: 1,
    generation: 'gen-bench',
    builtAt: new Date().toISOString(),
    mode: 'hybrid',
    lexicalReason: null,
    settingsFingerprint: 'bench',
    chunkerVersion: 0,
    maxPassageTokens: 256,
    tokenCounter: 'estimate',
    // The configured model's signature, so the service answers over this index with that model
    // (embedding the question; the passages' vectors are synthetic).
    model,
    passageCount: passages,
    files: {},
    articles: Object.fromEntries(articleIds.map((id) => [id, { hash: id, passages: PASSAGES_PER_ARTICLE }])),
  };
}

/** Proportional set size of the server's processes (shared buffers counted once), when it runs here. */
function serverMemoryMb(serverPid: number | null): number | null {
  if (!serverPid) return null;
  try {
    let kb = 0;
    for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
      try {
        const status = readFileSync(`/proc/${entry}/status`, 'utf8');
        const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
        if (Number(entry) !== serverPid && parent !== serverPid) continue;
        kb += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
      } catch {
        // a process that ended meanwhile
      }
    }
    return kb > 0 ? round(kb / 1024, 0) : null;
  } catch {
    return null;
  }
}

async function postmasterPid(admin: pg.Client): Promise<number | null> {
  try {
    const { rows } = await admin.query<{ dir: string }>(`SELECT current_setting('data_directory') AS dir`);
    return Number(readFileSync(path.join(rows[0]!.dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return null;
  }
}

/** A question as the answer stage asks it: a few terms of a corpus sentence, each widened by its compound heads. */
async function questionTerms(snapshot: IndexSnapshot, sentence: Sentence): Promise<TermForms[]> {
  const query: TermForms[] = [];
  for (const word of [...new Set(sentence.content)].slice(0, 4)) {
    const forms = new Map<string, number>([[word, 1]]);
    if (word.length >= 5) for (const head of await snapshot.keyword.termsWithPrefix(word, 20)) if (!forms.has(head)) forms.set(head, 0.8);
    query.push(forms);
  }
  return query;
}

/**
 * Untimed questions (other sentences and vectors than the timed ones) first: a serving database
 * has its indexes in memory, and the first questions after a restart would time the disk instead.
 */
async function warmUp(snapshot: IndexSnapshot, sentences: Sentence[], vectors: SyntheticVectors, count: number): Promise<void> {
  const random = seededRandom(7);
  for (let q = 0; q < count; q++) {
    const query = await questionTerms(snapshot, sentences[Math.floor(random() * sentences.length)]!);
    await Promise.all([snapshot.keyword.search(query, TOP_K), snapshot.vectors!.query(vectors.vector(q, 3), TOP_K)]);
  }
}

/** Questions as the answer stage asks them, timed by stage. */
async function timeRetrieval(
  snapshot: IndexSnapshot,
  sentences: Sentence[],
  vectors: SyntheticVectors,
  count: number,
): Promise<{ samples: Record<string, number[]>; asked: Array<{ query: TermForms[]; keywordHits: KeywordHit[] }> }> {
  const random = seededRandom(99);
  const samples: Record<string, number[]> = { 'term look-up': [], keyword: [], vector: [], 'keyword ∥ vector': [], passages: [], values: [], total: [], 'keyword, before': [] };
  const asked: Array<{ query: TermForms[]; keywordHits: KeywordHit[] }> = [];
  for (let q = 0; q < count; q++) {
    const sentence = sentences[Math.floor(random() * sentences.length)]!;
    const started = performance.now();
    let t = performance.now();
    const query = await questionTerms(snapshot, sentence);
    await snapshot.keyword.documentFrequencies(query.flatMap((f) => [...f.keys()]));
    samples['term look-up']!.push(performance.now() - t);
    // Both searches at once, as the engine starts its retrievers; each one's time is its own.
    t = performance.now();
    const timedSearch = async <T>(stage: string, search: Promise<T>) => {
      const result = await search;
      samples[stage]!.push(performance.now() - t);
      return result;
    };
    const [keywordHits, vectorHits] = await Promise.all([
      timedSearch('keyword', snapshot.keyword.search(query, TOP_K)),
      timedSearch('vector', snapshot.vectors!.query(vectors.vector(q, 1), TOP_K)),
    ]);
    samples['keyword ∥ vector']!.push(performance.now() - t);
    t = performance.now();
    const ids = [...new Set([...keywordHits.slice(0, 20), ...vectorHits.slice(0, 20)].map((h) => h.passageId))];
    await snapshot.documents.passages(ids);
    samples.passages!.push(performance.now() - t);
    t = performance.now();
    await snapshot.documents.statements(sentence.numbers.length ? sentence.numbers : ['2019'], 5);
    samples.values!.push(performance.now() - t);
    samples.total!.push(performance.now() - started);
    asked.push({ query, keywordHits });
  }
  return { samples, asked };
}

/**
 * The timed questions again, searched by the reference search (every posting scored in one
 * statement, as the store searched before postings were read in impact order), timed, and
 * compared with what the timed search found. Run after everything the product's own paths are
 * timed on: it reads `postings_pkey` (3.9 GB at 1M), which a serving database need not keep in memory.
 */
async function compareKeyword(
  before: PostgresSnapshot,
  asked: Array<{ query: TermForms[]; keywordHits: KeywordHit[] }>,
  samples: Record<string, number[]>,
): Promise<{ keywordDifferences: number; keywordRecall: number }> {
  let keywordDifferences = 0;
  let keywordFound = 0;
  let keywordWanted = 0;
  for (const { query, keywordHits } of asked) {
    const t = performance.now();
    const beforeHits = await before.keyword.searchEveryPosting(query, TOP_K);
    samples['keyword, before']!.push(performance.now() - t);
    if (JSON.stringify(beforeHits) !== JSON.stringify(keywordHits)) keywordDifferences += 1;
    const found = new Set(keywordHits.map((h) => h.passageId));
    keywordFound += beforeHits.filter((h) => found.has(h.passageId)).length;
    keywordWanted += beforeHits.length;
  }
  return { keywordDifferences, keywordRecall: round(keywordFound / Math.max(1, keywordWanted), 3) };
}

/** Recall@10 of HNSW against an exact scan over the same (regenerated) vectors. */
async function measureRecall(
  backend: (efSearch: number) => Promise<PostgresBackend>,
  vectors: SyntheticVectors,
  total: number,
  efSearch: number[],
  queries: number,
): Promise<PostgresBenchSize['recall']> {
  const questions = Array.from({ length: queries }, (_, q) => vectors.vector(q, 2));
  const exact = questions.map(() => [] as Array<{ i: number; score: number }>);
  for (let i = 0; i < total; i++) {
    const v = vectors.vector(i);
    questions.forEach((question, q) => {
      let score = 0;
      for (let d = 0; d < v.length; d++) score += v[d]! * question[d]!;
      const top = exact[q]!;
      if (top.length < 10 || score > top[top.length - 1]!.score) {
        top.push({ i, score });
        top.sort((a, b) => b.score - a.score);
        if (top.length > 10) top.pop();
      }
    });
  }
  const results: PostgresBenchSize['recall'] = [];
  for (const ef of efSearch) {
    const store = await backend(ef);
    const snapshot = await store.open();
    const times: number[] = [];
    let found = 0;
    for (const [q, question] of questions.entries()) {
      const started = performance.now();
      const hits = await snapshot.vectors!.query(question, 10);
      times.push(performance.now() - started);
      const wanted = new Set(exact[q]!.map((e) => passageIdOf(e.i)));
      found += hits.filter((h) => wanted.has(h.passageId)).length;
    }
    await snapshot.close();
    await store.close();
    results.push({ efSearch: ef, recallAt10: round(found / (10 * questions.length), 3), vectorMs: percentiles(times) });
  }
  return results;
}

const articleIdOf = (a: number) => `bench-${a.toString().padStart(8, '0')}`;
const passageIdOf = (i: number) => `${articleIdOf(Math.floor(i / PASSAGES_PER_ARTICLE))}#${i % PASSAGES_PER_ARTICLE}`;

async function benchSize(options: PostgresBenchOptions, size: number, sentences: Sentence[], log: (line: string) => void): Promise<PostgresBenchSize> {
  const schema = `bench_${size}`;
  const admin = new pg.Client({ connectionString: options.url });
  await admin.connect();
  try {
    const built = options.reuse ? await admin.query(`SELECT documents FROM ${schema}.index_state`).catch(() => null) : null;
    const reuse = Number(built?.rows[0]?.documents) === Math.ceil(size / PASSAGES_PER_ARTICLE) * PASSAGES_PER_ARTICLE;
    if (!reuse) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const connect = (efSearch = options.timedEfSearch) => PostgresBackend.connect({ url: options.url, schema, settings: { efSearch, exactVectorSearchBelow: 0 } });
    const backend = await connect();
    const vectors = new SyntheticVectors(options.dimensions);
    const sentenceVectors = new SentenceVectors(vectors);
    const random = seededRandom(size);
    const articles = Math.ceil(size / PASSAGES_PER_ARTICLE);
    const articleIds: string[] = [];
    const started = performance.now();
    let batches = 0;
    for (let first = 0, run = nextRun(0, articles, options.firstRun); !reuse && first < articles; first += run, run = nextRun(first, articles, options.firstRun)) {
      const upsert = [];
      for (let a = first; a < first + run; a++) {
        const built = articleOf(articleIdOf(a), sentences, random, sentenceVectors);
        built.passages.forEach((p, k) => (p.vector = vectors.vector(a * PASSAGES_PER_ARTICLE + k)));
        articleIds.push(built.article.id);
        upsert.push(built);
      }
      const lock = await backend.lockWriter();
      await backend.apply({ manifest: manifestOf(options.model, articleIds, articleIds.length * PASSAGES_PER_ARTICLE), upsert, remove: [], rebuild: first === 0 });
      await lock.release();
      batches += 1;
      log(`postgres ${size}: ${articleIds.length * PASSAGES_PER_ARTICLE} passages in ${round((performance.now() - started) / 1000, 0)} s`);
    }
    const buildSeconds = reuse ? null : (performance.now() - started) / 1000;
    // Autovacuum would get there; the benchmark does it now so every run starts the same.
    const { rows: state } = await admin.query<{ vector_table: string }>(`SELECT vector_table FROM ${schema}.index_state`);
    await admin.query(`VACUUM ANALYZE ${schema}.passages, ${schema}.postings, ${schema}.terms, ${schema}.articles, ${schema}.value_statements, ${schema}.${state[0]!.vector_table}`);
    const sizes = await admin.query<{ name: string; mb: number }>(
      `SELECT c.relname AS name, pg_total_relation_size(c.oid) / 1048576.0 AS mb FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY mb DESC`,
      [schema],
    );
    const database = await admin.query<{ mb: number }>('SELECT pg_database_size(current_database()) / 1048576.0 AS mb');
    const total = articles * PASSAGES_PER_ARTICLE;
    log(`postgres ${size}: timing ${options.queries} retrievals`);
    const snapshot = await backend.open();
    await warmUp(snapshot, sentences, vectors, WARM_UP_QUESTIONS);
    const { samples, asked } = await timeRetrieval(snapshot, sentences, vectors, options.queries);
    await snapshot.close();
    await backend.close();
    // The product's paths first (retrieval, then whole answers), the reference searches after them.
    let answers: AnsweringResult | string;
    if ('skipped' in options.answers) answers = options.answers.skipped;
    else {
      log(`postgres ${size}: whole answers through the service`);
      const config: AppConfig = { ...options.answers.config, database: { url: options.url, schema } };
      answers = await runChildTask<AnsweringResult>('answering', { config, questions: options.answers.questions }, { timeoutMs: 60 * 60_000 });
    }
    log(`postgres ${size}: keyword search against scoring every posting`);
    const beforeBackend = await connect();
    const beforeSnapshot = await beforeBackend.open();
    const { keywordDifferences, keywordRecall } = await compareKeyword(beforeSnapshot, asked, samples);
    await beforeSnapshot.close();
    await beforeBackend.close();
    const stages = Object.fromEntries(Object.entries(samples).map(([stage, values]) => [stage, percentiles(values)]));
    log(`postgres ${size}: recall@10 against exact search`);
    const recall = await measureRecall(connect, vectors, total, options.efSearch, Math.min(100, options.queries));
    return {
      keywordDifferences,
      keywordRecall,
      answers,
      passages: total,
      buildSeconds: buildSeconds === null ? null : round(buildSeconds, 1),
      batches,
      databaseMb: round(Number(database.rows[0]!.mb), 0),
      tablesMb: Object.fromEntries(sizes.rows.map((r) => [r.name, round(Number(r.mb), 0)])),
      stages,
      recall,
      serverMemoryMb: serverMemoryMb(await postmasterPid(admin)),
    };
  } finally {
    await admin.end();
  }
}

export async function benchPostgresStore(options: PostgresBenchOptions, log: (line: string) => void): Promise<PostgresBenchSize[]> {
  const sentences = readSentences();
  const results: PostgresBenchSize[] = [];
  for (const size of options.sizes) results.push(await benchSize(options, size, sentences, log));
  return results;
}

export function renderPostgresBench(results: PostgresBenchSize[], timedEfSearch = DEFAULT_POSTGRES_SETTINGS.efSearch): string {
  const stageNames = Object.keys(results[0]?.stages ?? {});
  const build = renderTable(
    'PostgreSQL store: build and size',
    ['passages', 'build s', 'index runs', 'database MB', 'largest tables MB', 'server PSS MB'],
    results.map((r) => [r.passages, r.buildSeconds, String(r.batches), r.databaseMb, Object.entries(r.tablesMb).slice(0, 3).map(([n, mb]) => `${n} ${mb}`).join(', '), r.serverMemoryMb]),
  );
  const stages = renderTable(
    'PostgreSQL store: retrieval by stage, ms (p50 / p95)',
    ['passages', ...stageNames],
    results.map((r) => [r.passages, ...stageNames.map((s) => `${r.stages[s]!.p50} / ${r.stages[s]!.p95}`)]),
    [`term look-up: prefix expansion + document frequencies; keyword: BM25 top ${TOP_K} (the engine's retrieval depth); vector: HNSW top ${TOP_K} (ef_search ${timedEfSearch}); keyword ∥ vector: both at once, as the engine runs them, each on its own connection of the snapshot; passages: 40 by id; values: statements of the numbers`],
  );
  const recall = renderTable(
    'PostgreSQL store: HNSW recall@10 against exact search',
    ['passages', 'ef_search', 'recall@10', 'p50 ms', 'p95 ms'],
    results.flatMap((r) => r.recall.map((x) => [r.passages, x.efSearch, x.recallAt10, x.vectorMs.p50, x.vectorMs.p95])),
  );
  const answered = results.filter((r) => typeof r.answers !== 'string');
  const answers = answered.length
    ? renderTable(
        'PostgreSQL store: whole answers through the service, ms (p50 / p95)',
        ['passages', 'questions', 'embed', 'search', 'evidence', 'total', 'total − embed (p95)', 'serving peak RSS MB'],
        answered.map((r) => {
          const a = r.answers as AnsweringResult;
          return [r.passages, a.questions, `${a.embed.p50} / ${a.embed.p95}`, `${a.search.p50} / ${a.search.p95}`, `${a.evidence.p50} / ${a.evidence.p95}`, `${a.total.p50} / ${a.total.p95}`, round(a.total.p95 - a.embed.p95, 1), a.peakRssMb];
        }),
        ['embed: the question through the configured model; search: retrieval with fusion; evidence: sentences, values, quotes'],
      )
    : `Whole answers: not measured (${results.map((r) => r.answers).find((a) => typeof a === 'string') ?? 'no results'}).\n`;
  const differences = `Keyword top ${TOP_K} against scoring every posting (the reference search): ${results.map((r) => `${r.keywordDifferences} questions differ at ${r.passages}, recall@${TOP_K} ${r.keywordRecall}`).join('; ')}.\n`;
  return [build, stages, recall, answers, differences].join('\n');
}

/** The bench command's `--store postgres` branch: one table and one JSON line on stdout. Settings are read once the command line is known to be right. */
export async function postgresBenchCommand(values: BenchValues, loadConfig: () => AppConfig): Promise<number> {
  const line = postgresBenchLine(values);
  const options = postgresBenchOptions(loadConfig(), line);
  const results = await benchPostgresStore(options, (text) => process.stderr.write(`${text}\n`));
  console.log(renderPostgresBench(results, options.timedEfSearch));
  console.log(JSON.stringify({ store: 'postgres', results }));
  return 0;
}

type PostgresBenchLine = Pick<PostgresBenchOptions, 'sizes' | 'firstRun' | 'timedEfSearch' | 'reuse'>;

/** The numbers on the command line, or a usage error naming the wrong one. */
function postgresBenchLine(values: BenchValues): PostgresBenchLine {
  return {
    sizes: (values.sizes ?? '100000').split(',').map((size) => wholeNumberOption(BENCH_SPEC, 'sizes', size, { min: PASSAGES_PER_ARTICLE })),
    firstRun: values['first-run'] === undefined ? FIRST_RUN_PASSAGES : wholeNumberOption(BENCH_SPEC, 'first-run', values['first-run'], { min: PASSAGES_PER_ARTICLE }),
    timedEfSearch: values['ef-search'] === undefined ? DEFAULT_POSTGRES_SETTINGS.efSearch : wholeNumberOption(BENCH_SPEC, 'ef-search', values['ef-search'], { min: 1 }),
    reuse: values.reuse,
  };
}

function postgresBenchOptions(config: AppConfig, line: PostgresBenchLine, dimensions = 384): PostgresBenchOptions {
  const databaseUrl = config.database?.url;
  if (!databaseUrl) throw new UserFacingError('`--store postgres` needs DATABASE_URL (a PostgreSQL with pgvector; the benchmark works in schemas bench_<size>).', 'Set DATABASE_URL, e.g. the one `.ci/postgres.sh` prints.');
  const model: ModelSignature = { id: config.model.id, dimensions, dtype: config.model.dtype, prefixScheme: resolvePrefixScheme(config.model.prefixes, config.model.id) };
  const questions = benchQuestions(ANSWERED_QUESTIONS);
  const answers = !config.model.localDir
    ? { skipped: 'MODEL_DIR is not set: the service needs a model to embed questions (npm run make-model -- standin)' }
    : !questions
      ? { skipped: 'the dev set (../shared/eval) is absent, so there are no questions' }
      : { config, questions: questions.slice(0, ANSWERED_QUESTIONS) };
  return { ...line, url: databaseUrl, dimensions, queries: 200, efSearch: [40, 100, 200, 400], model, answers };
}
