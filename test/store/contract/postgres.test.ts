import pg from 'pg';
import { describe, it } from 'vitest';
import { PostgresBackend } from '../../../src/store/postgres/backend.js';
import { storeContract } from './store-contract.js';

const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn('PostgreSQL contract suite skipped: TEST_DATABASE_URL is not set (bash .ci/postgres.sh starts a server and sets it).');

let created = 0;

if (!url) {
  describe("the storage seam's contract: PostgreSQL + pgvector", () => {
    it.skip('needs TEST_DATABASE_URL (bash .ci/postgres.sh starts a server and sets it)', () => undefined);
  });
} else {
storeContract('PostgreSQL + pgvector', async () => {
  // A fresh schema per test: tests never see each other's tables.
  const schema = `contract_${process.pid}_${(created += 1)}`;
  const backend = await PostgresBackend.connect({ url: url!, schema });
  return {
    backend,
    cleanup: async () => {
      await backend.close();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
    damage: async () => {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DELETE FROM ${schema}.passages WHERE num = (SELECT max(num) FROM ${schema}.passages)`);
      await admin.end();
    },
  };
});
}
