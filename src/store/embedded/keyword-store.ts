/**
 * The read side of the SQLite file (keyword-db.ts): keyword search, documents, value index.
 * Opened read-only; a generation's file never changes after its manifest points to it, so a
 * reader keeps its snapshot even after a writer has switched and deleted the folder (the open
 * file stays readable on POSIX systems).
 */
import Database from 'better-sqlite3';
import type {
  ArticleRecord,
  DocumentStore,
  KeywordHit,
  KeywordStats,
  KeywordStore,
  PassageRecord,
  TermForms,
  ValueStatement,
} from '../seam.js';
import { articleRecord, type ArticleRow } from '../article-row.js';
import { bm25Idf, bm25TermScore } from '../bm25.js';
import { readMeta, reverseTerm, SCHEMA_VERSION } from './keyword-db.js';
import { unpackSentenceVectors } from '../sentence-vectors.js';
import type { SentenceVectorReader } from './vector-store.js';


/** SQLite's default limit on bound parameters is far above this; batches keep statements small. */
const BATCH = 500;

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(',');

/** The first code point above every character: the exclusive end of a prefix range. */
const AFTER_PREFIX = '\u{10FFFF}';

export function openForReading(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('cache_size = -32768');
  return db;
}

export class EmbeddedKeywordStore implements KeywordStore {
  private readonly documents: number;
  private readonly averageLength: number;
  private readonly lengths: Uint32Array;
  /** Scratch arrays by passage number, reused by every search (searches run one at a time: they are synchronous inside). */
  private readonly total: Float64Array;
  private readonly best: Float64Array;
  private readonly termRow: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.documents = Number(readMeta(db, 'documents') ?? 0);
    const totalLength = Number(readMeta(db, 'total_length') ?? 0);
    this.averageLength = totalLength / Math.max(1, this.documents);
    const blob = readMeta(db, 'lengths') as Buffer | null;
    this.lengths = blob ? new Uint32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength)) : new Uint32Array(0);
    this.total = new Float64Array(this.lengths.length);
    this.best = new Float64Array(this.lengths.length);
    this.termRow = db.prepare('SELECT df, postings FROM terms WHERE term = ?').raw();
  }

  async stats(): Promise<KeywordStats> {
    return { documents: this.documents, averageLength: this.averageLength };
  }

  async documentFrequencies(terms: readonly string[]): Promise<Map<string, number>> {
    const out = new Map(terms.map((t) => [t, 0]));
    for (const batch of batches([...new Set(terms)])) {
      const rows = this.db.prepare(`SELECT term, df FROM terms WHERE term IN (${placeholders(batch.length)})`).raw().all(...batch) as Array<[string, number]>;
      for (const [term, df] of rows) out.set(term, df);
    }
    return out;
  }

  async termsWithPrefix(prefix: string, limit: number): Promise<string[]> {
    return this.db
      .prepare('SELECT term FROM terms WHERE term >= ? AND term < ? ORDER BY df DESC, term LIMIT ?')
      .pluck()
      .all(prefix, prefix + AFTER_PREFIX, limit) as string[];
  }

  async termsWithSuffix(suffix: string, limit: number): Promise<string[]> {
    const rev = reverseTerm(suffix);
    return this.db
      .prepare('SELECT term FROM terms WHERE rev >= ? AND rev < ? ORDER BY df DESC, term LIMIT ?')
      .pluck()
      .all(rev, rev + AFTER_PREFIX, limit) as string[];
  }

  async search(query: readonly TermForms[], topK: number): Promise<KeywordHit[]> {
    const { total, best, lengths } = this;
    const scored: number[] = [];
    for (const forms of query) {
      const touched: number[] = [];
      for (const [form, strength] of forms) {
        const row = this.termRow.get(form) as [number, Buffer] | undefined;
        if (!row) continue;
        const [df, blob] = row;
        const postings = new Uint32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4);
        const idf = bm25Idf(this.documents, df);
        for (let i = 0; i < postings.length; i += 2) {
          const doc = postings[i]!;
          const tf = postings[i + 1]!;
          const score = bm25TermScore(tf, lengths[doc]!, this.averageLength, idf, strength);
          if (best[doc] === 0) touched.push(doc);
          if (score > best[doc]!) best[doc] = score;
        }
      }
      for (const doc of touched) {
        if (total[doc] === 0) scored.push(doc);
        total[doc]! += best[doc]!;
        best[doc] = 0;
      }
    }
    scored.sort((a, b) => total[b]! - total[a]! || a - b);
    const top = scored.slice(0, topK);
    const hits = top.map((doc) => ({ doc, score: total[doc]! }));
    for (const doc of scored) total[doc] = 0;
    const ids = new Map<number, string>();
    for (const batch of batches(top)) {
      const rows = this.db.prepare(`SELECT doc, id FROM passages WHERE doc IN (${placeholders(batch.length)})`).raw().all(...batch) as Array<[number, string]>;
      for (const [doc, id] of rows) ids.set(doc, id);
    }
    return hits.map((h) => ({ passageId: ids.get(h.doc)!, score: h.score }));
  }
}

interface PassageRow {
  id: string;
  article_id: string;
  paragraph: number;
  start: number;
  text: string;
}

export class EmbeddedDocumentStore implements DocumentStore {
  private readonly articleCache = new Map<string, ArticleRecord>();

  constructor(private readonly db: Database.Database) {}

  async articles(): Promise<ArticleRecord[]> {
    const rows = this.db.prepare('SELECT * FROM articles ORDER BY id').all() as ArticleRow[];
    return rows.map(articleRecord);
  }

  private articlesById(ids: Iterable<string>): Map<string, ArticleRecord> {
    const missing = [...new Set(ids)].filter((id) => !this.articleCache.has(id));
    for (const batch of batches(missing)) {
      const rows = this.db.prepare(`SELECT * FROM articles WHERE id IN (${placeholders(batch.length)})`).all(...batch) as ArticleRow[];
      for (const row of rows) this.articleCache.set(row.id, articleRecord(row));
    }
    return this.articleCache;
  }

  private records(rows: PassageRow[]): PassageRecord[] {
    const articles = this.articlesById(rows.map((r) => r.article_id));
    return rows.map((r) => ({ id: r.id, articleId: r.article_id, paragraph: r.paragraph, start: r.start, text: r.text, article: articles.get(r.article_id)! }));
  }

  async passages(ids: readonly string[]): Promise<PassageRecord[]> {
    const byId = new Map<string, PassageRow>();
    for (const batch of batches([...new Set(ids)])) {
      const rows = this.db.prepare(`SELECT id, article_id, paragraph, start, text FROM passages WHERE id IN (${placeholders(batch.length)})`).all(...batch) as PassageRow[];
      for (const row of rows) byId.set(row.id, row);
    }
    return this.records(ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])));
  }

  async passagesOf(articleIds: readonly string[]): Promise<PassageRecord[]> {
    const statement = this.db.prepare('SELECT id, article_id, paragraph, start, text FROM passages WHERE article_id = ? ORDER BY start');
    return this.records(articleIds.flatMap((id) => statement.all(id) as PassageRow[]));
  }

  async statements(keys: readonly string[], perKey: number): Promise<ValueStatement[]> {
    const statement = this.db
      .prepare('SELECT p.id AS passageId, s.article_id AS articleId FROM statements s JOIN passages p ON p.doc = s.doc WHERE s.key = ? ORDER BY s.rank, s.doc LIMIT ?');
    return keys.flatMap((key) => (statement.all(key, perKey) as Array<{ passageId: string; articleId: string }>).map((row) => ({ key, ...row })));
  }
}

/** Passages' sentence vectors from the SQLite file (none in a file written before they were kept). */
export function sentenceVectorReader(db: Database.Database, dimensions: number): SentenceVectorReader {
  if (Number(readMeta(db, 'schema')) < SCHEMA_VERSION) return () => new Map();
  return (passageIds) => {
    const out = new Map<string, Float32Array[]>();
    for (const batch of batches([...new Set(passageIds)])) {
      const rows = db.prepare(`SELECT id, sentence_vectors FROM passages WHERE id IN (${placeholders(batch.length)}) AND sentence_vectors IS NOT NULL`).raw().all(...batch) as Array<[string, Buffer]>;
      for (const [id, blob] of rows) out.set(id, unpackSentenceVectors(blob, dimensions));
    }
    return out;
  };
}
