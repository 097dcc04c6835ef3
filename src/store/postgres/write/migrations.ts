/**
 * The PostgreSQL schema, as numbered migrations the product applies itself: each runs once, in
 * order, in its own transaction, recorded in `schema_migrations`. Append new ones; never edit
 * one that has shipped.
 */
import type { PoolClient } from 'pg';
import { UserFacingError } from '../../../errors.js';
import { quoteIdent } from '../schema.js';
import { orderImpacts } from './impact-index.js';
import { DEFAULT_POSTGRES_SETTINGS } from '../settings.js';

/** A migration is SQL, or, where the statement depends on the data, code run in the migration's transaction. */
type Migration = { version: number; name: string } & ({ sql: string } | { run: (client: PoolClient) => Promise<void> });

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'index tables',
    sql: `
      -- One row: the manifest of the state readers see, and BM25's corpus statistics.
      CREATE TABLE index_state (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        version bigint NOT NULL DEFAULT 0,
        manifest jsonb,
        documents bigint NOT NULL DEFAULT 0,
        total_length bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO index_state DEFAULT VALUES;

      CREATE TABLE articles (
        id text PRIMARY KEY,
        -- Position in the corpus (the manifest's article order).
        ordinal integer NOT NULL,
        language text NOT NULL,
        source_url text,
        title text NOT NULL,
        paragraph_count integer NOT NULL,
        passage_count integer NOT NULL
      );
      CREATE INDEX articles_ordinal ON articles (ordinal);

      CREATE TABLE passages (
        num bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        article_id text NOT NULL REFERENCES articles ON DELETE CASCADE,
        -- 0-based place among the article's passages.
        position integer NOT NULL,
        paragraph integer NOT NULL,
        start integer NOT NULL,
        text text NOT NULL,
        -- Number of analysed terms: BM25's document length.
        length integer NOT NULL,
        UNIQUE (article_id, position)
      );

      -- The keyword index: the product's own analysed terms, so BM25 is the embedded store's.
      CREATE TABLE terms (
        term text PRIMARY KEY,
        df integer NOT NULL
      );
      CREATE INDEX terms_prefix ON terms (term text_pattern_ops);
      CREATE INDEX terms_suffix ON terms (reverse(term) text_pattern_ops);

      -- Postings carry the passage's length, so BM25 reads one index and joins nothing. No
      -- foreign keys here: rows go with their passages explicitly, and millions of inserts
      -- skip millions of key checks.
      CREATE TABLE postings (
        term text NOT NULL,
        passage_num bigint NOT NULL,
        tf integer NOT NULL,
        length integer NOT NULL,
        PRIMARY KEY (term, passage_num) INCLUDE (tf, length)
      );
      CREATE INDEX postings_passage ON postings (passage_num);

      CREATE TABLE value_statements (
        key text NOT NULL,
        passage_num bigint NOT NULL,
        article_id text NOT NULL
      );
      CREATE INDEX value_statements_key ON value_statements (key, passage_num);
      CREATE INDEX value_statements_passage ON value_statements (passage_num);
    `,
  },
  {
    version: 2,
    name: 'vector table per index run',
    sql: `
      -- The current vector table (vectors_<dimensions>_<run>); a big run writes a new one.
      ALTER TABLE index_state ADD COLUMN vector_table text;
    `,
  },
  {
    version: 3,
    name: 'value statements: each article first',
    sql: `
      -- Whether this is the article's first passage stating the key: "one per article first" is
      -- then an index range, not a window over every statement of a common figure.
      ALTER TABLE value_statements ADD COLUMN first_in_article boolean NOT NULL DEFAULT false;
      UPDATE value_statements s SET first_in_article = true
        FROM (SELECT DISTINCT ON (key, article_id) key, passage_num FROM value_statements ORDER BY key, article_id, passage_num) f
       WHERE s.key = f.key AND s.passage_num = f.passage_num;
      DROP INDEX value_statements_key;
      CREATE INDEX value_statements_key ON value_statements (key, first_in_article DESC, passage_num);
    `,
  },
  {
    version: 4,
    name: 'sentence vectors',
    sql: `
      -- A hybrid index's sentence vectors, one blob per passage (int8 with a scale each:
      -- store/sentence-vectors.ts); read a few passages at a time, never searched.
      ALTER TABLE passages ADD COLUMN sentence_vectors bytea;
    `,
  },
  {
    version: 5,
    name: 'terms: score bounds for top-k keyword search',
    sql: `
      -- The largest BM25 tf part (tf (k1 + 1) / (tf + k1 (1 - b + b length / L))) among a term's
      -- postings, at the average length L it was computed for. At another average length L' the
      -- bound is max_impact * max(1, L' / L), so keyword search can tell which terms cannot lift
      -- a passage into the top k and skip scanning them. Removals leave it (still a bound).
      ALTER TABLE terms ADD COLUMN max_impact float8 NOT NULL DEFAULT 'Infinity', ADD COLUMN impact_length float8 NOT NULL DEFAULT 1;
      UPDATE terms t SET max_impact = b.max_impact, impact_length = s.average
        FROM (SELECT total_length::float8 / documents AS average FROM index_state WHERE documents > 0) s,
             LATERAL (SELECT o.term, max(o.tf * 2.2 / (o.tf + 1.2 * (0.25 + 0.75 * o.length / s.average))) AS max_impact
                        FROM postings o GROUP BY o.term) b
       WHERE t.term = b.term;
      ALTER TABLE terms ALTER COLUMN max_impact DROP DEFAULT, ALTER COLUMN impact_length DROP DEFAULT;
    `,
  },
  {
    version: 6,
    name: 'embedding queue',
    sql: `
      -- An index run's passages waiting to be embedded by worker processes (any machine on this
      -- database), a batch a row: a worker locks one (FOR UPDATE SKIP LOCKED), embeds it, stores
      -- the result and commits; a worker that dies releases its batch with its connection. The
      -- writer applies the run once every batch has a result, then deletes them.
      CREATE TABLE embedding_batches (
        run text NOT NULL,
        batch integer NOT NULL,
        -- The model every vector of the run must come from (the writer's embedder signature).
        model jsonb NOT NULL,
        items jsonb NOT NULL,
        result bytea,
        worker text,
        PRIMARY KEY (run, batch)
      );
      CREATE INDEX embedding_batches_waiting ON embedding_batches (run, batch) WHERE result IS NULL;
    `,
  },
  {
    version: 7,
    name: 'postings in impact order',
    sql: `
      -- The average length the postings' impact index was built for (impact-order.ts); null
      -- while there is none. Index runs create the index (named for the length) after their
      -- rows, and a new one when the average drifts; keyword search reads postings best first.
      ALTER TABLE index_state ADD COLUMN impact_order_length float8;
    `,
  },
  {
    version: 8,
    name: 'article metadata',
    sql: `
      -- What an article file's header says beyond its text (outlet, publication date, fetch
      -- time, byline, PDF pages: corpus/types.ts ArticleMetadata); {} for plain articles.
      ALTER TABLE articles ADD COLUMN metadata jsonb NOT NULL DEFAULT '{}';
    `,
  },
  {
    version: 9,
    name: 'postings in impact order for an index written before migration 7',
    // Keyword search reads postings in impact order only: an index no run has written since
    // migration 7 gets its impact index now (for its average length, as an index run builds it).
    run: async (client) => {
      const { rows } = await client.query<{ documents: string; total_length: string }>('SELECT documents, total_length FROM index_state');
      await orderImpacts(client, Number(rows[0]!.documents), Number(rows[0]!.total_length), DEFAULT_POSTGRES_SETTINGS.impactDrift);
    },
  },
];

export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** Lock id for migrations (pg_advisory_xact_lock's second key is the schema's hash). */
export const MIGRATION_LOCK_CLASS = 0x4e5344; // "NSD"

/** pgvector must be installed in the database; creating it needs a superuser the first time. */
async function ensureVectorExtension(client: PoolClient): Promise<void> {
  const installed = await client.query(`SELECT 1 FROM pg_extension WHERE extname = 'vector'`);
  if (installed.rowCount) return;
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public');
  } catch (error) {
    throw new UserFacingError(
      `The database has no pgvector extension and this role cannot create it (${(error as Error).message}).`,
      'Install pgvector on the server and run `CREATE EXTENSION vector;` in the database as a superuser (see README, "PostgreSQL").',
      { cause: error },
    );
  }
}

/** Creates the schema if needed and applies every migration it has not had yet. */
export async function migrate(client: PoolClient, schema: string): Promise<void> {
  await ensureVectorExtension(client);
  await client.query('BEGIN');
  try {
    // One process migrates; the others wait here and then find nothing left to do.
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK_CLASS, schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${quoteIdent(schema)}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const applied = await client.query<{ version: number }>(`SELECT version FROM ${quoteIdent(schema)}.schema_migrations`);
    const done = new Set(applied.rows.map((r) => r.version));
    const newest = Math.max(0, ...done);
    if (newest > SCHEMA_VERSION) {
      throw new UserFacingError(
        `The database schema ${schema} is at version ${newest}, newer than this program knows (${SCHEMA_VERSION}).`,
        'Upgrade the program, or point DATABASE_URL at another database.',
      );
    }
    for (const migration of [...MIGRATIONS].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      if ('sql' in migration) await client.query(migration.sql);
      else await migration.run(client);
      await client.query(`INSERT INTO ${quoteIdent(schema)}.schema_migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

