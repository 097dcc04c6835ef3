/**
 * Index workers: an index run's embedding step fanned out over processes, here and on other
 * machines pointed at the same DATABASE_URL, through the store's embedding queue (the seam's
 * EmbeddingQueue; PostgreSQL has one). The writer (holding the writer lock) queues the new
 * passages in batches and waits; each worker takes a batch, embeds it with the indexer's own
 * step (`embedForIndex`, so the vectors are the ones an in-process run stores) and stores the
 * result; the writer then applies the run as one transaction, so readers keep the previous index
 * until every batch is in.
 *
 * Workers take only batches made for their exact model: its signature and its content
 * fingerprint, so another model under the same MODEL_ID never mixes its vectors in. A run dies
 * with its writer: workers started by the writer stop when it is gone (their IPC channel
 * closes), and any worker drops a dead run's batches instead of embedding them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import type { AppConfig } from '../config.js';
import type { Passage } from '../corpus/types.js';
import { modelFingerprint } from '../embed/model-fingerprint.js';
import { loadTransformersEmbedder } from '../embed/transformers-embedder.js';
import type { Embedder } from '../embed/types.js';
import { describeError, UserFacingError } from '../errors.js';
import { openBackend } from '../store/backend.js';
import type { ClaimedBatch, EmbeddingQueue, QueuedRun } from '../store/seam.js';
import { embedForIndex, type PassageEmbedding } from './embed-passages.js';

type QueuedPassage = { passage: Passage; language: string };

/** Passages per queued batch: a few seconds of embedding on a small machine. */
const BATCH_PASSAGES = 32;
/** Worker processes one writer starts at most (each loads the model: ~500 MB with the default one); more run with `--worker` elsewhere. */
export const MAX_LOCAL_WORKERS = 64;
/** How often a waiting writer or idle worker looks at the queue when no notification came. */
const POLL_MS = 2_000;
/** A worker gives up after this many failures of the database in a row (each batch it held goes back to the queue). */
const DATABASE_ATTEMPTS = 5;
/** The wait after the `failures`-th failure in a row: doubling from 500 ms. */
const retryDelay = (failures: number) => 500 * 2 ** (failures - 1);

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

/** The store's embedding queue, on connections named for `role` (pg_stat_activity shows who is who). */
async function embeddingQueueOf(config: AppConfig, role: string): Promise<EmbeddingQueue> {
  requireDatabase(config);
  const backend = openBackend(config, { applicationName: `newsdesk ${role} ${os.hostname()} pid ${process.pid}` });
  if (!backend.embeddingQueue) throw new UserFacingError('This store has no embedding queue for index workers.', 'Set DATABASE_URL to a PostgreSQL database.');
  return backend.embeddingQueue();
}

/** What a run's batches are made for: the model's signature and its content fingerprint. */
async function modelOf(config: AppConfig, embedder: Embedder): Promise<{ fingerprint: string } & Embedder['signature']> {
  return { ...embedder.signature, fingerprint: await modelFingerprint(config.model) };
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
  /** Starts one worker process; default: this program's `index --worker`, with an IPC channel that closes when this process ends. */
  startWorker?: () => ChildProcess;
  batchPassages?: number;
  /** Stops a run under way: its workers are stopped, its batches dropped, and `embed` rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface WorkerFanOut {
  /** The indexer's embedding step through the queue (runIndexer's `embedFresh`). */
  embed(embedder: Embedder, items: readonly QueuedPassage[], onProgress?: (done: number, total: number) => void): Promise<Map<string, PassageEmbedding>>;
  /** Whether a run is queued (between the start and the end of `embed`). */
  readonly running: boolean;
  /** Batches each worker embedded in the last run, by worker name. */
  readonly lastRun: ReadonlyMap<string, number>;
}

/** This program's `index --worker`, started as this process was (node's own flags too: tsx's loader in development). */
const startThisProgram = () => spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'index', '--worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

/** The writer's side: queue, start workers, wait for every batch, collect the vectors. */
export async function fanOutEmbedding(config: AppConfig, options: WorkerFanOutOptions = {}): Promise<WorkerFanOut> {
  const count = options.workers ?? 1;
  if (!(Number.isInteger(count) && count >= 0 && count <= MAX_LOCAL_WORKERS)) throw new RangeError(`workers: ${count} is not a whole number from 0 to ${MAX_LOCAL_WORKERS}`);
  const queue = await embeddingQueueOf(config, 'index writer');
  const lastRun = new Map<string, number>();
  let running = false;
  return {
    lastRun,
    get running() {
      return running;
    },
    async embed(embedder, items, onProgress) {
      lastRun.clear();
      const size = options.batchPassages ?? BATCH_PASSAGES;
      const batches: QueuedPassage[][] = [];
      for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
      running = true;
      const workers: ChildProcess[] = [];
      let run: QueuedRun | null = null;
      try {
        run = await queue.start(randomUUID(), await modelOf(config, embedder), batches);
        for (let i = 0; i < count; i++) workers.push((options.startWorker ?? startThisProgram)());
        await waitForBatches(queue, run, workers, options.signal, (waiting) => onProgress?.(items.length - Math.min(items.length, waiting * size), items.length));
        const embedded = new Map<string, PassageEmbedding>();
        const results = await run.results();
        if (results.length !== batches.length) throw new Error(`the embedding queue holds ${results.length} of ${batches.length} batches of run ${run.run}`);
        for (const { batch, result, worker } of results) {
          const passages = batches[batch]!;
          decodeEmbeddings(result, passages.length, embedder.signature.dimensions).forEach((e, i) => embedded.set(passages[i]!.passage.id, e));
          lastRun.set(worker, (lastRun.get(worker) ?? 0) + 1);
        }
        return embedded;
      } finally {
        for (const worker of workers) worker.kill('SIGTERM');
        await run?.close();
        running = false;
      }
    },
  };
}

async function waitForBatches(queue: EmbeddingQueue, run: QueuedRun, workers: ChildProcess[], signal: AbortSignal | undefined, onWaiting: (batches: number) => void): Promise<void> {
  const wake: { resolve?: () => void } = {};
  const stop = await queue.watch(() => wake.resolve?.());
  let lost: Error | null = null;
  void run.lost.then((error) => {
    lost = error;
    wake.resolve?.();
  });
  try {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      if (lost) {
        throw new UserFacingError(
          `This index run lost its database connection (${describeError(lost)}), and with it its queued batches: it wrote nothing.`,
          'Run `npm run index` again once the database is reachable.',
        );
      }
      const waiting = await run.waiting();
      onWaiting(waiting);
      if (waiting === 0) return;
      if (workers.length > 0 && workers.every((w) => w.exitCode !== null || w.signalCode !== null)) {
        throw new UserFacingError(
          `Every index worker stopped with ${waiting} batch${waiting === 1 ? '' : 'es'} left to embed (exit codes ${workers.map((w) => w.exitCode ?? w.signalCode).join(', ')}).`,
          'See their messages above; the index is unchanged.',
        );
      }
      await nextChange(wake, POLL_MS, signal);
    }
  } finally {
    await stop().catch(() => undefined);
  }
}

export interface IndexWorkerOptions {
  /** Stops the worker: a batch under way goes back to the queue. */
  signal?: AbortSignal;
  onReady?: (name: string) => void;
  /** One line for the operator: a database failure it will retry, a run it leaves to workers with another model. */
  onNotice?: (line: string) => void;
}

/**
 * A worker (`npm run index -- --worker`): loads the model, then embeds batches of any live index
 * run made with the same model (signature and content fingerprint) until `signal` aborts. A
 * batch it has not finished goes back to the queue with its connection. The database failing
 * (a dropped connection, a restart) is retried, up to DATABASE_ATTEMPTS times in a row.
 */
export async function serveIndexWorker(config: AppConfig, options: IndexWorkerOptions = {}): Promise<number> {
  requireDatabase(config);
  if (config.lexicalOnly) throw new UserFacingError('An index worker embeds passages, and LEXICAL_ONLY is set.', 'Unset LEXICAL_ONLY, with the model available (see the README).');
  const queue = await embeddingQueueOf(config, 'index worker');
  const embedder = await loadTransformersEmbedder(config.model);
  const { signal, onNotice = () => undefined } = options;
  const name = `${os.hostname()} pid ${process.pid}`;
  const wake: { resolve?: () => void } = {};
  let stop: (() => Promise<void>) | null = null;
  let batches = 0;
  let failures = 0;
  const told = new Set<string>();
  /** Counts a database failure; past the bound, stops the worker with one line. */
  const failed = async (error: unknown) => {
    failures += 1;
    if (failures >= DATABASE_ATTEMPTS) {
      throw new UserFacingError(`Index worker ${name} stopped: the database failed ${failures} times in a row (${describeError(error)}).`, 'Check DATABASE_URL and the server; the batches it held went back to the queue.');
    }
    onNotice(`Index worker ${name}: the database failed (${describeError(error)}); trying again (${failures} of ${DATABASE_ATTEMPTS - 1}).`);
    await delay(retryDelay(failures), undefined, { signal }).catch(() => undefined);
  };
  try {
    const model = await modelOf(config, embedder);
    stop = await queue.watch(() => wake.resolve?.());
    options.onReady?.(name);
    while (!signal?.aborted) {
      let batch: ClaimedBatch | null;
      try {
        batch = await queue.claim(model, name);
        if (!batch) {
          for (const other of await queue.otherModels(model)) {
            if (told.has(other.run)) continue;
            told.add(other.run);
            onNotice(`Index worker ${name}: not taking the batches of index run ${other.run}: they are for another model (${JSON.stringify(other.model)}), and this worker has ${JSON.stringify(model)}.`);
          }
        }
      } catch (error) {
        await failed(error);
        continue;
      }
      if (!batch) {
        failures = 0;
        await nextChange(wake, POLL_MS, signal);
        continue;
      }
      const passages = batch.items as QueuedPassage[];
      let result: Buffer;
      try {
        const embedded = await embedForIndex(embedder, passages);
        result = encodeEmbeddings(passages.map((p) => embedded.get(p.passage.id)!), embedder.signature.dimensions);
      } catch (error) {
        await batch.release().catch(() => undefined);
        throw error;
      }
      try {
        if (signal?.aborted) {
          await batch.release();
          break;
        }
        if (await batch.finish(result)) batches += 1;
        failures = 0;
      } catch (error) {
        await failed(error);
      }
    }
    return batches;
  } finally {
    await stop?.().catch(() => undefined);
    await embedder.dispose();
  }
}
