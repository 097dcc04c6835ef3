/**
 * Reading the PostgreSQL store: every call of a snapshot sees the same committed index run,
 * whatever commits meanwhile, in REPEATABLE READ, READ ONLY transactions at the version of the
 * index it was opened at, on one connection or two (snapshot-lane.ts: they end when idle, and
 * survive a dropped connection or a failed statement). Its stores are documents.ts, keyword.ts
 * and vectors.ts.
 */
import type { Pool, PoolClient } from 'pg';
import type { Manifest } from '../../manifest.js';
import type { IndexSnapshot } from '../../seam.js';
import { isConnectionLost, unreachable } from '../connection.js';
import { checkedVectorTable, parseManifest } from '../schema.js';
import type { PostgresSettings } from '../settings.js';
import { PostgresDocumentStore } from './documents.js';
import { PostgresKeywordStore } from './keyword.js';
import { BEGIN_SNAPSHOT, Lane, SnapshotReads } from './snapshot-lane.js';
import { PostgresVectorStore } from './vectors.js';

interface StateRow {
  version: string;
  manifest: unknown;
  vector_table: string | null;
  impact_order_length: number | null;
  documents: string;
  total_length: string;
}

export class PostgresSnapshot implements IndexSnapshot {
  private constructor(
    readonly manifest: Manifest,
    private readonly reads: SnapshotReads,
    readonly documents: PostgresDocumentStore,
    readonly keyword: PostgresKeywordStore,
    readonly vectors: PostgresVectorStore | null,
  ) {}

  /** Opens a snapshot of the committed state, or returns null when nothing was ever indexed. */
  static async open(pool: Pool, settings: PostgresSettings, url: string): Promise<PostgresSnapshot | null> {
    const client = await pool.connect().catch((error: unknown) => {
      throw unreachable(url, error);
    });
    let vectorClient: PoolClient | null = null;
    try {
      await client.query(BEGIN_SNAPSHOT);
      const { rows } = await client.query<StateRow>('SELECT version, manifest, vector_table, documents, total_length, impact_order_length FROM index_state');
      const manifest = parseManifest(rows[0]?.manifest);
      const vectorTable = checkedVectorTable(rows[0]?.vector_table);
      if (!manifest) {
        await client.query('ROLLBACK');
        client.release();
        return null;
      }
      const documents = Number(rows[0]!.documents);
      const stats = { documents, averageLength: Number(rows[0]!.total_length) / Math.max(1, documents) };
      const model = manifest.mode === 'hybrid' ? manifest.model : null;
      if (manifest.mode === 'hybrid' && !vectorTable) throw new Error('The index state names no vector table for a hybrid index.');
      // Every index run builds it, and migration 9 for an index written before there was one.
      if (documents > 0 && rows[0]!.impact_order_length === null) throw new Error('The index state names no impact index for its postings.');
      // Held while a transaction is open: a later index run cannot drop this snapshot's vector table under it.
      if (vectorTable) await client.query(`LOCK TABLE ${vectorTable} IN ACCESS SHARE MODE`);
      // Vector search on a second connection in the same snapshot, so a question's keyword and
      // vector searches run at once (the engine starts them together) instead of in turn; when
      // the pool has no connection to spare (one stays free for the next snapshot), on the one.
      if (vectorTable && pool.totalCount - pool.idleCount < (pool.options.max ?? 10) - 1) {
        const { rows: exported } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
        vectorClient = await pool.connect();
        await vectorClient.query(BEGIN_SNAPSHOT);
        await vectorClient.query(`SET TRANSACTION SNAPSHOT '${exported[0]!.id.replace(/'/g, "''")}'`);
      }
      const pinned = { version: String(rows[0]!.version), vectorTable, url };
      const reads = new SnapshotReads(
        new Lane(pool, pinned, settings.idleMs, { client, efSearch: null }),
        vectorClient ? new Lane(pool, pinned, settings.idleMs, { client: vectorClient, efSearch: null }) : null,
      );
      return new PostgresSnapshot(
        manifest,
        reads,
        new PostgresDocumentStore(reads),
        new PostgresKeywordStore(reads, stats, rows[0]!.impact_order_length, settings.keyword),
        model && vectorTable ? new PostgresVectorStore(reads, vectorTable, model.dimensions, documents, settings) : null,
      );
    } catch (error) {
      vectorClient?.release(error as Error);
      if (isConnectionLost(error)) {
        client.release(error as Error);
        throw unreachable(url, error);
      }
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      throw error;
    }
  }

  /**
   * Ends the snapshot's transactions once the reads queued now are done. A question still under
   * way on it when a newer snapshot replaced it goes on reading this one's version, each read in
   * a short transaction of its own; if the index was written since, its reads fail with
   * IndexChangedError (the service answers it again from the new index).
   */
  async close(): Promise<void> {
    await this.reads.close();
  }
}
