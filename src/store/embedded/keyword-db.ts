/**
 * The embedded keyword index, documents and value index: one SQLite file per generation
 * (better-sqlite3). Plain tables, not FTS5: the product ranks with its own analysed terms and its
 * own BM25 (best form per query term, its idf), which FTS5's tokenizers and bm25() do not
 * reproduce; see docs/architecture.md ("The embedded store on disk") and BENCHMARKS.md.
 *
 * - `terms`: one row per index term with its document frequency and its postings as one blob
 *   (uint32 pairs: passage number, term frequency; ascending), so a query term costs one row
 *   read however common it is. B-tree indexes on the term and on the reversed term answer
 *   prefix and suffix look-ups (compound parts) as range scans.
 * - `passages`: text and attribution by passage number; `terms` holds the passage's term ids,
 *   so removing it touches only its own terms' postings; `sentence_vectors` its sentences'
 *   vectors in a hybrid index (int8, `store/sentence-vectors.ts`), read a few passages at a time.
 * - `meta`: corpus statistics and every passage's length (one blob, by passage number).
 * - `statements`: value key → passage, with the passage's rank among its article's statements
 *   of that key, so "one per article first" is an index range.
 */
import Database from 'better-sqlite3';
import type { Article } from '../../corpus/types.js';
import type { IndexedPassage } from '../seam.js';
import { metadataText } from '../article-row.js';
import { packSentenceVectors } from '../sentence-vectors.js';

export const KEYWORD_DB_FILE = 'keyword.sqlite';
/** 2: passages keep their sentence vectors. 3: articles keep their metadata (outlet, dates, pages). */
export const SCHEMA_VERSION = 3;

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE articles (
  id TEXT PRIMARY KEY, language TEXT NOT NULL, source_url TEXT, title TEXT NOT NULL,
  paragraph_count INTEGER NOT NULL, passage_count INTEGER NOT NULL, metadata TEXT
) WITHOUT ROWID;
CREATE TABLE passages (
  doc INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, article_id TEXT NOT NULL, paragraph INTEGER NOT NULL,
  start INTEGER NOT NULL, text TEXT NOT NULL, length INTEGER NOT NULL, terms BLOB,
  sentence_vectors BLOB
);
CREATE INDEX passages_by_article ON passages (article_id, start);
CREATE TABLE terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL, rev TEXT NOT NULL, df INTEGER NOT NULL, postings BLOB NOT NULL);
CREATE UNIQUE INDEX terms_by_term ON terms (term, df);
CREATE INDEX terms_by_rev ON terms (rev, df);
CREATE TABLE statements (key TEXT NOT NULL, rank INTEGER NOT NULL, doc INTEGER NOT NULL, article_id TEXT NOT NULL);
CREATE INDEX statements_by_key ON statements (key, rank, doc);
CREATE INDEX statements_by_doc ON statements (doc);
`;

export const reverseTerm = (term: string) => [...term].reverse().join('');

const u32 = (blob: Buffer | Uint8Array | null) => (blob ? new Uint32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength)) : new Uint32Array(0));
const blobOf = (array: Uint32Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

/** Opens a new or copied database file for one write; nothing reads it until the manifest points to it. */
export function openForWriting(file: string, fresh: boolean): Database.Database {
  const db = new Database(file);
  // The file belongs to a generation no reader sees yet: a crash discards it whole, so no journal.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -65536');
  if (fresh) {
    db.exec(SCHEMA);
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('schema', SCHEMA_VERSION);
  } else {
    // 2 → 3: a column whose absence reads as "no metadata", added in place.
    if (readMeta(db, 'schema') === 2) {
      db.exec('ALTER TABLE articles ADD COLUMN metadata TEXT');
      writeMeta(db, 'schema', SCHEMA_VERSION);
    }
    if (readMeta(db, 'schema') !== SCHEMA_VERSION) throw new Error(`keyword index schema ${String(readMeta(db, 'schema'))}, not ${SCHEMA_VERSION}`);
  }
  return db;
}

export function readMeta(db: Database.Database, key: string): unknown {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: unknown } | undefined)?.value;
}

const writeMeta = (db: Database.Database, key: string, value: unknown) => db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);

/** A term's postings being rewritten: docs to drop, (doc, tf) pairs to append. */
interface TermChange {
  removed: Set<number> | null;
  added: number[];
}

/**
 * Applies one run's changes to an open write database: drops the listed articles (and the old
 * version of each upserted one), inserts the upserted ones, rewrites only the touched terms.
 */
export function applyKeywordChange(db: Database.Database, remove: Iterable<string>, upsert: Array<{ article: Article; passages: IndexedPassage[] }>): void {
  const changes = new Map<string, TermChange>();
  const changeOf = (term: string) => {
    let change = changes.get(term);
    if (!change) changes.set(term, (change = { removed: null, added: [] }));
    return change;
  };
  let lengths = u32(readMeta(db, 'lengths') as Buffer | null);
  const run = db.transaction(() => {
    // 1. Removals: each passage's own terms lose it.
    const termNames = db.prepare('SELECT term FROM terms WHERE id = ?').pluck();
    const docsOf = db.prepare('SELECT doc, terms FROM passages WHERE article_id = ?').raw();
    const dropPassages = db.prepare('DELETE FROM passages WHERE article_id = ?');
    const dropStatements = db.prepare('DELETE FROM statements WHERE doc = ?');
    const dropArticle = db.prepare('DELETE FROM articles WHERE id = ?');
    for (const articleId of new Set([...remove, ...upsert.map((u) => u.article.id)])) {
      for (const [doc, terms] of docsOf.all(articleId) as Array<[number, Buffer]>) {
        for (const termId of u32(terms)) {
          const change = changeOf(termNames.get(termId) as string);
          (change.removed ??= new Set()).add(doc);
        }
        dropStatements.run(doc);
        if (doc < lengths.length) lengths[doc] = 0;
      }
      dropPassages.run(articleId);
      dropArticle.run(articleId);
    }

    // 2. Insertions: new passage numbers are above every old one, so postings stay sorted by appending.
    const insertArticle = db.prepare('INSERT INTO articles (id, language, source_url, title, paragraph_count, passage_count, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertPassage = db.prepare('INSERT INTO passages (id, article_id, paragraph, start, text, length, sentence_vectors) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertStatement = db.prepare('INSERT INTO statements (key, rank, doc, article_id) VALUES (?, ?, ?, ?)');
    const newPassages: Array<{ doc: number; terms: string[] }> = [];
    const newLengths: Array<[number, number]> = [];
    for (const { article, passages } of upsert) {
      insertArticle.run(article.id, article.language, article.sourceUrl, article.title, article.paragraphs.length, passages.length, metadataText(article.metadata));
      const rankOfKey = new Map<string, number>();
      for (const { passage, terms, valueKeys, vector, sentenceVectors } of passages) {
        const packed = sentenceVectors && vector ? packSentenceVectors(sentenceVectors, vector.length) : null;
        const doc = Number(insertPassage.run(passage.id, article.id, passage.paragraph, passage.start, passage.text, terms.length, packed).lastInsertRowid);
        const tf = new Map<string, number>();
        for (const term of terms) tf.set(term, (tf.get(term) ?? 0) + 1);
        for (const [term, count] of tf) changeOf(term).added.push(doc, count);
        newPassages.push({ doc, terms: [...tf.keys()] });
        newLengths.push([doc, terms.length]);
        for (const key of new Set(valueKeys)) {
          const rank = rankOfKey.get(key) ?? 0;
          rankOfKey.set(key, rank + 1);
          insertStatement.run(key, rank, doc, article.id);
        }
      }
    }

    // 3. Each touched term's postings rewritten once.
    const readTerm = db.prepare('SELECT id, postings FROM terms WHERE term = ?').raw();
    const updateTerm = db.prepare('UPDATE terms SET df = ?, postings = ? WHERE id = ?');
    const insertTerm = db.prepare('INSERT INTO terms (term, rev, df, postings) VALUES (?, ?, ?, ?)');
    const deleteTerm = db.prepare('DELETE FROM terms WHERE id = ?');
    const termIds = new Map<string, number>();
    for (const [term, change] of changes) {
      const row = readTerm.get(term) as [number, Buffer] | undefined;
      const old = row ? u32(row[1]) : new Uint32Array(0);
      const kept: number[] = [];
      for (let i = 0; i < old.length; i += 2) if (!change.removed?.has(old[i]!)) kept.push(old[i]!, old[i + 1]!);
      const postings = Uint32Array.from(kept.concat(change.added));
      const df = postings.length / 2;
      if (row && df === 0) deleteTerm.run(row[0]);
      else if (row) updateTerm.run(df, blobOf(postings), row[0]);
      else if (df > 0) {
        termIds.set(term, Number(insertTerm.run(term, reverseTerm(term), df, blobOf(postings)).lastInsertRowid));
        continue;
      }
      if (row) termIds.set(term, row[0]);
    }
    const setTerms = db.prepare('UPDATE passages SET terms = ? WHERE doc = ?');
    for (const p of newPassages) setTerms.run(blobOf(Uint32Array.from(p.terms, (t) => termIds.get(t)!)), p.doc);

    // 4. Passage lengths and corpus statistics.
    const maxDoc = newLengths.reduce((max, [doc]) => Math.max(max, doc), lengths.length - 1);
    if (maxDoc >= lengths.length) {
      const grown = new Uint32Array(maxDoc + 1);
      grown.set(lengths);
      lengths = grown;
    }
    for (const [doc, length] of newLengths) lengths[doc] = length;
    const totals = db.prepare('SELECT count(*) AS documents, coalesce(sum(length), 0) AS total FROM passages').get() as { documents: number; total: number };
    writeMeta(db, 'lengths', blobOf(lengths));
    writeMeta(db, 'documents', totals.documents);
    writeMeta(db, 'total_length', totals.total);
  });
  run();
}
