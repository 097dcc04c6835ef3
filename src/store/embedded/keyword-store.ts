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
import { BoundedMap } from '../../bounded-map.js';
import { BM25_K1, bm25Idf, bm25TermScore } from '../../corpus/text/bm25.js';
import { chunks, kthLargest, SLACK } from '../top-k.js';
import { readMeta, reverseTerm, SCHEMA_VERSION } from './keyword-db.js';
import { unpackSentenceVectors } from '../sentence-vectors.js';
import type { SentenceVectorReader } from './vector-store.js';


/** SQLite's default limit on bound parameters is far above this; batches keep statements small. */
const BATCH = 500;

const batches = <T>(items: readonly T[]) => chunks(items, BATCH);

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
  /** Scratch by passage number: a candidate's place in a list, plus one (0: not a candidate). */
  private readonly slot: Int32Array;
  private readonly termRow: Database.Statement;
  private readonly prefixRange: Database.Statement;
  private readonly suffixRange: Database.Statement;
  /**
   * Per form read in full before: the most a passage scores with it, per unit of idf × strength
   * (the file never changes, so this holds for the snapshot's life). Bounds are tight after that.
   */
  private readonly formMaxima = new BoundedMap<string, number>(100_000);

  constructor(private readonly db: Database.Database) {
    this.documents = Number(readMeta(db, 'documents') ?? 0);
    const totalLength = Number(readMeta(db, 'total_length') ?? 0);
    this.averageLength = totalLength / Math.max(1, this.documents);
    const blob = readMeta(db, 'lengths') as Buffer | null;
    this.lengths = blob ? new Uint32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength)) : new Uint32Array(0);
    this.total = new Float64Array(this.lengths.length);
    this.best = new Float64Array(this.lengths.length);
    this.slot = new Int32Array(this.lengths.length);
    this.termRow = db.prepare('SELECT df, postings FROM terms WHERE term = ?').raw();
    this.prefixRange = db.prepare('SELECT term FROM terms WHERE term >= ? AND term < ? ORDER BY df DESC, term LIMIT ?').pluck();
    this.suffixRange = db.prepare('SELECT term FROM terms WHERE rev >= ? AND rev < ? ORDER BY df DESC, term LIMIT ?').pluck();
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
    return this.prefixRange.all(prefix, prefix + AFTER_PREFIX, limit) as string[];
  }

  async termsWithSuffix(suffix: string, limit: number): Promise<string[]> {
    const rev = reverseTerm(suffix);
    return this.suffixRange.all(rev, rev + AFTER_PREFIX, limit) as string[];
  }

  /**
   * Exact BM25 top k without scanning every common word's postings. Terms are read term at a time,
   * the highest score bound first (rare words); once the bounds of the terms left cannot lift a
   * passage not yet seen to the k-th partial score, those terms (the common words, the long
   * postings) are only looked up, by binary search, for the passages that can still reach it.
   * The few that can be in the top k are then scored exactly as a full evaluation sums (each
   * term's best form, in query order), so hits and scores equal it.
   */
  async search(query: readonly TermForms[], topK: number): Promise<KeywordHit[]> {
    if (topK <= 0) return [];
    const terms = query.map((forms) => this.postingsOf(forms));
    const { docs, partial, unread } = this.candidates(terms, topK);
    const near = partial;
    for (const term of unread) this.addTermAt(term, docs, near);
    // `near` sums in another order than the exact score: a margin far above the difference (about 1e-15).
    const cut = docs.length > topK ? kthLargest(near, topK) * (1 - SLACK) : -Infinity;
    const top = docs
      .filter((_, i) => near[i]! >= cut)
      .map((doc) => ({ doc, score: terms.reduce((sum, term) => sum + this.termScore(term, doc), 0) }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc)
      .slice(0, topK);
    const ids = new Map<number, string>();
    for (const batch of batches(top.map((h) => h.doc))) {
      const rows = this.db.prepare(`SELECT doc, id FROM passages WHERE doc IN (${placeholders(batch.length)})`).raw().all(...batch) as Array<[number, string]>;
      for (const [doc, id] of rows) ids.set(doc, id);
    }
    return top.map((h) => ({ passageId: ids.get(h.doc)!, score: h.score }));
  }

  /** A query term's forms found in the index, and the most a passage can score with it. */
  private postingsOf(forms: TermForms): TermPostings {
    const found: FormPostings[] = [];
    let bound = 0;
    for (const [form, strength] of forms) {
      const row = this.termRow.get(form) as [number, Buffer] | undefined;
      if (!row) continue;
      const [df, blob] = row;
      const idf = bm25Idf(this.documents, df);
      found.push({ form, postings: new Uint32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4), idf, strength });
      // Until a form's postings have been read once: tf / (tf + norm) < 1.
      bound = Math.max(bound, strength * idf * (this.formMaxima.get(form) ?? BM25_K1 + 1));
    }
    return { forms: found, bound };
  }

  /**
   * The passages whose score can reach the top k, with their partial scores, and the terms not
   * read: terms are added into the scratch totals best bound first until the bounds left cannot
   * lift a passage not yet seen to the k-th partial score.
   */
  private candidates(terms: TermPostings[], topK: number): { docs: number[]; partial: number[]; unread: TermPostings[] } {
    const { total } = this;
    const order = terms.filter((t) => t.forms.length > 0).sort((a, b) => b.bound - a.bound);
    const left = new Float64Array(order.length + 1);
    for (let i = order.length - 1; i >= 0; i--) left[i] = left[i + 1]! + order[i]!.bound;
    const scored: number[] = [];
    let highest = 0;
    let threshold = 0;
    let read = 0;
    while (read < order.length) {
      highest = Math.max(highest, this.addTerm(order[read]!, scored));
      read++;
      if (scored.length >= topK && left[read]! < highest * (1 - SLACK)) {
        threshold = kthLargest(scored.map((doc) => total[doc]!), topK) * (1 - SLACK);
        if (left[read]! < threshold) break;
      }
    }
    const floor = scored.length >= topK ? threshold - left[read]! : -Infinity;
    const docs = scored.filter((doc) => total[doc]! >= floor);
    const partial = docs.map((doc) => total[doc]!);
    for (const doc of scored) total[doc] = 0;
    return { docs, partial, unread: order.slice(read) };
  }

  /** Adds a term's score (its best form's) to every passage it is in; returns the highest total; learns its forms' maxima. */
  private addTerm(term: TermPostings, scored: number[]): number {
    const { total, best, lengths, averageLength } = this;
    let highest = 0;
    const touched: number[] = [];
    for (const { form, postings, idf, strength } of term.forms) {
      let max = 0;
      for (let i = 0; i < postings.length; i += 2) {
        const doc = postings[i]!;
        const score = bm25TermScore(postings[i + 1]!, lengths[doc]!, averageLength, idf, strength);
        if (score > max) max = score;
        if (best[doc] === 0) touched.push(doc);
        if (score > best[doc]!) best[doc] = score;
      }
      this.formMaxima.set(form, (max / (idf * strength)) * (1 + SLACK));
    }
    for (const doc of touched) {
      if (total[doc] === 0) scored.push(doc);
      total[doc]! += best[doc]!;
      best[doc] = 0;
      if (total[doc]! > highest) highest = total[doc]!;
    }
    return highest;
  }

  /**
   * Adds a term's score to `scores` of the passages `docs` only: by binary search when they are
   * few, else by one pass over the postings that scores only theirs.
   */
  private addTermAt(term: TermPostings, docs: number[], scores: number[]): void {
    const postings = term.forms.reduce((n, f) => n + f.postings.length / 2, 0);
    if (docs.length * Math.log2(postings + 2) < postings) {
      docs.forEach((doc, i) => (scores[i]! += this.termScore(term, doc)));
      return;
    }
    const { slot, lengths, averageLength } = this;
    const best = new Float64Array(docs.length);
    docs.forEach((doc, i) => (slot[doc] = i + 1));
    for (const { postings, idf, strength } of term.forms) {
      for (let i = 0; i < postings.length; i += 2) {
        const at = slot[postings[i]!]!;
        if (at === 0) continue;
        const score = bm25TermScore(postings[i + 1]!, lengths[postings[i]!]!, averageLength, idf, strength);
        if (score > best[at - 1]!) best[at - 1] = score;
      }
    }
    docs.forEach((doc, i) => {
      scores[i]! += best[i]!;
      slot[doc] = 0;
    });
  }

  /** A term's score in one passage: its best form's, 0 when the passage has none. */
  private termScore(term: TermPostings, doc: number): number {
    let best = 0;
    for (const { postings, idf, strength } of term.forms) {
      const tf = termFrequency(postings, doc);
      if (tf > 0) best = Math.max(best, bm25TermScore(tf, this.lengths[doc]!, this.averageLength, idf, strength));
    }
    return best;
  }
}

/** One form's postings as (passage number, term frequency) pairs, ascending, with its idf and the query's strength. */
interface FormPostings {
  form: string;
  postings: Uint32Array;
  idf: number;
  strength: number;
}

interface TermPostings {
  forms: FormPostings[];
  /** No passage scores more with this term. */
  bound: number;
}


/** A passage's term frequency in one form's postings (binary search), 0 when absent. */
function termFrequency(postings: Uint32Array, doc: number): number {
  let low = 0;
  let high = postings.length / 2 - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const at = postings[mid * 2]!;
    if (at === doc) return postings[mid * 2 + 1]!;
    if (at < doc) low = mid + 1;
    else high = mid - 1;
  }
  return 0;
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
