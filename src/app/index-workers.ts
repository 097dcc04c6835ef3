/**
 * Index workers: an index run's embedding step fanned out over processes, here and on other
 * machines pointed at the same DATABASE_URL, through the PostgreSQL embedding queue. The writer
 * (holding the writer lock) queues the new passages in batches and waits; each worker takes a
 * batch, embeds it with the indexer's own step (`embedForIndex`, so the vectors are the ones an
 * in-process run stores) and stores the result; the writer then applies the run as one
 * transaction, so readers keep the previous index until every batch is in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { AppConfig } from '../config.js';
import type { Passage } from '../corpus/types.js';
import { loadTransformersEmbedder } from '../embed/transformers-embedder.js';
import type { Embedder } from '../embed/types.js';
import { UserFacingError } from '../errors.js';
import type { PostgresBackend } from '../store/postgres/backend.js';
import type { EmbeddingQueue } from '../store/postgres/embedding-queue.js';
import { embedForIndex, type PassageEmbedding } from './embed-passages.js';

type QueuedPassage = { passage: Passage; language: string };

/** Passages per queued batch: a few seconds of embedding on a small machine. */
const BATCH_PASSAGES = 32;
/** Worker processes one writer starts at most (each loads the model: ~500 MB with the default one); more run with `--worker` elsewhere. */
export const MAX_LOCAL_WORKERS = 64;
/** How often a waiting writer or idle worker looks at the queue when no notification came. */
const POLL_MS = 2_000;

/** A batch's vectors as bytes: per passage its sentence count (uint32), its vector, then its sentences' (float32; all little-endian). */
export function encodeEmbeddings(embeddings: readonly PassageEmbedding[], dimensions: number): Buffer {
  const size = embeddings.reduce((sum, e) => sum + 4 + (1 + e.sentenceVectors.length) * dimensions * 4, 0);
  const out = Buffer.alloc(size);
  let at = 0;
  for (const { vector, sentenceVectors } of embeddings) {
    at = out.writeUInt32LE(sentenceVectors.length, at);
    for (const v of [vector, ...sentenceVectors]) {
      if (v.length !== dimensions) throw new Error(`a vector of ${v.length} dimensions, not ${dimensions}`);
      for (const x of v) at = out.writeFloatLE(x, at);
    }
  }
  return out;
}

export function decodeEmbeddings(bytes: Buffer, count: number, dimensions: number): PassageEmbedding[] {
  let at = 0;
  const vector = () => {
    const v = new Float32Array(dimensions);
    for (let i = 0; i < dimensions; i++, at += 4) v[i] = bytes.readFloatLE(at);
    return v;
  };
  return Array.from({ length: count }, () => {
    const sentences = bytes.readUInt32LE(at);
    at += 4;
    return { vector: vector(), sentenceVectors: Array.from({ length: sentences }, vector) };
  });
}

function requireDatabase(config: AppConfig): NonNullable<AppConfig['database']> {
  if (!config.database) throw new UserFacingError('Index workers share their work through PostgreSQL: set DATABASE_URL.', 'Without it, `npm run index` embeds in its own process.');
  return config.database;
}

async function postgresBackend(config: AppConfig, role: string): Promise<PostgresBackend> {
  const { url, schema } = requireDatabase(config);
  const { PostgresBackend } = await import('../store/postgres/backend.js');
  return PostgresBackend.connect({ url, schema, applicationName: `newsdesk ${role} ${os.hostname()} pid ${process.pid}` });
}

/** Resolves at the queue's next notification, after `ms`, or when `signal` aborts, whichever comes first. */
function nextChange(wake: { resolve?: () => void }, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    wake.resolve = done;
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      wake.resolve = undefined;
      resolve();
    }
  });
}

export interface WorkerFanOutOptions {
  /** Worker processes this writer starts for each run (more may run elsewhere); default 1. */
  workers?: number;
  /** Starts one worker process; default: this program's `index --worker`. */
  startWorker?: () => ChildProcess;
  batchPassages?: number;
}

export interface WorkerFanOut {
  /** The indexer's embedding step through the queue (runIndexer's `embedFresh`). */
  embed(embedder: Embedder, items: readonly QueuedPassage[], onProgress?: (done: number, total: number) => void): Promise<Map<string, PassageEmbedding>>;
  /** Batches each worker embedded in the last run, by worker name. */
  readonly lastRun: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

/** This program's `index --worker`, started as this process was (node's own flags too: tsx's loader in development). */
const startThisProgram = () => spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'index', '--worker'], { stdio: ['ignore', 'inherit', 'inherit'] });

/** The writer's side: queue, start workers, wait for every batch, collect the vectors. */
export async function fanOutEmbedding(config: AppConfig, options: WorkerFanOutOptions = {}): Promise<WorkerFanOut> {
  const count = options.workers ?? 1;
  if (!(Number.isInteger(count) && count >= 0 && count <= MAX_LOCAL_WORKERS)) throw new RangeError(`workers: ${count} is not a whole number from 0 to ${MAX_LOCAL_WORKERS}`);
  const backend = await postgresBackend(config, 'index writer');
  const queue = backend.embeddingQueue();
  const lastRun = new Map<string, number>();
  return {
    lastRun,
    async embed(embedder, items, onProgress) {
      lastRun.clear();
      const size = options.batchPassages ?? BATCH_PASSAGES;
      const batches: QueuedPassage[][] = [];
      for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
      const run = randomUUID();
      await queue.enqueue(run, embedder.signature, batches);
      const workers = Array.from({ length: count }, options.startWorker ?? startThisProgram);
      try {
        await waitForBatches(queue, run, workers, (waiting) => onProgress?.(items.length - Math.min(items.length, waiting * size), items.length));
        const embedded = new Map<string, PassageEmbedding>();
        const results = await queue.results(run);
        if (results.length !== batches.length) throw new Error(`the embedding queue holds ${results.length} of ${batches.length} batches of run ${run}`);
        for (const { batch, result, worker } of results) {
          const passages = batches[batch]!;
          decodeEmbeddings(result, passages.length, embedder.signature.dimensions).forEach((e, i) => embedded.set(passages[i]!.passage.id, e));
          lastRun.set(worker, (lastRun.get(worker) ?? 0) + 1);
        }
        return embedded;
      } finally {
        for (const worker of workers) worker.kill('SIGTERM');
        await queue.clear(run).catch(() => undefined);
      }
    },
    close: () => backend.close(),
  };
}

async function waitForBatches(queue: EmbeddingQueue, run: string, workers: ChildProcess[], onWaiting: (batches: number) => void): Promise<void> {
  const wake: { resolve?: () => void } = {};
  const stop = await queue.watch(() => wake.resolve?.());
  try {
    for (;;) {
      const waiting = await queue.waiting(run);
      onWaiting(waiting);
      if (waiting === 0) return;
      if (workers.length > 0 && workers.every((w) => w.exitCode !== null || w.signalCode !== null)) {
        throw new UserFacingError(
          `Every index worker stopped with ${waiting} batch${waiting === 1 ? '' : 'es'} left to embed (exit codes ${workers.map((w) => w.exitCode ?? w.signalCode).join(', ')}).`,
          'See their messages above; the index is unchanged.',
        );
      }
      await nextChange(wake, POLL_MS);
    }
  } finally {
    await stop();
  }
}

/**
 * A worker (`npm run index -- --worker`): loads the model, then embeds batches of any index run
 * made with the same model until `signal` aborts. A batch it has not finished goes back to the
 * queue with its connection.
 */
export async function serveIndexWorker(config: AppConfig, options: { signal?: AbortSignal; onReady?: (name: string) => void } = {}): Promise<number> {
  requireDatabase(config);
  if (config.lexicalOnly) throw new UserFacingError('An index worker embeds passages, and LEXICAL_ONLY is set.', 'Unset LEXICAL_ONLY, with the model available (see the README).');
  const backend = await postgresBackend(config, 'index worker');
  const embedder = await loadTransformersEmbedder(config.model);
  const name = `${os.hostname()} pid ${process.pid}`;
  const queue = backend.embeddingQueue();
  const wake: { resolve?: () => void } = {};
  const stop = await queue.watch(() => wake.resolve?.());
  let batches = 0;
  try {
    options.onReady?.(name);
    while (!options.signal?.aborted) {
      const batch = await queue.claim(embedder.signature, name);
      if (!batch) {
        await nextChange(wake, POLL_MS, options.signal);
        continue;
      }
      try {
        const embedded = await embedForIndex(embedder, batch.items as QueuedPassage[]);
        const passages = batch.items as QueuedPassage[];
        await batch.finish(encodeEmbeddings(passages.map((p) => embedded.get(p.passage.id)!), embedder.signature.dimensions));
        batches += 1;
      } catch (error) {
        await batch.release().catch(() => undefined);
        throw error;
      }
    }
    return batches;
  } finally {
    await stop();
    await embedder.dispose();
    await backend.close();
  }
}
