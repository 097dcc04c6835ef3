/**
 * The PostgreSQL store when its connections fail under it, against a real server: backends
 * terminated (as a server restart or an administrator does), the server's
 * idle_in_transaction_session_timeout and statement_timeout, and the LISTEN and writer-lock
 * connections dropped. Snapshots read on as opened, the watch hears of index runs again, and an
 * index run that lost its lock writes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runIndexer } from '../../../src/app/indexer.js';
import { embedForIndex } from '../../../src/app/embed-passages.js';
import { describeError } from '../../../src/errors.js';
import { DatabaseUnreachableError } from '../../../src/store/index-store.js';
import { PostgresBackend } from '../../../src/store/postgres/backend.js';
import type { TermForms, WatchStatus } from '../../../src/store/seam.js';
import { makeWorkspace } from '../../support/workspace.js';

const url = process.env.TEST_DATABASE_URL;
if (!url) console.warn('PostgreSQL fault tests skipped: TEST_DATABASE_URL is not set (bash .ci/postgres.sh starts a server and sets it).');

const tag = `${process.pid}_${Date.now().toString(36)}`;
const QUERY: TermForms[] = [new Map([['konvensjon', 1]]), new Map([['land', 1]])];

describe.skipIf(!url)('the PostgreSQL store when connections fail', () => {
  const schema = `faults_${tag}`;
  const workspace = makeWorkspace({ model: 'tiny' });
  Object.assign(workspace.env, { DATABASE_URL: url!, DATABASE_SCHEMA: schema });
  const config = workspace.reload();
  const admin = new pg.Client({ connectionString: url });
  const roles: string[] = [];
  const backends: PostgresBackend[] = [];

  /** A backend on this schema whose connections carry their own application name, as `user` (a role) when given. */
  const backendAs = (name: string, user?: string) => {
    const as = new URL(url!);
    if (user) as.username = user;
    const backend = new PostgresBackend({ url: as.toString(), schema, applicationName: `faults ${tag} ${name}` });
    backends.push(backend);
    return backend;
  };
  /** A login role with `settings` (e.g. statement_timeout) for every session it opens. */
  const roleWith = async (name: string, settings: Record<string, string>) => {
    const role = `faults_${name}_${tag}`;
    await admin.query(`CREATE ROLE ${role} LOGIN SUPERUSER`);
    for (const [key, value] of Object.entries(settings)) await admin.query(`ALTER ROLE ${role} SET ${key} = '${value}'`);
    roles.push(role);
    return role;
  };
  const sessionsOf = async (applicationName: string) =>
    (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [applicationName])).rows.map((r) => r.pid);
  /** Terminates every backend of `applicationName` and waits until the server has ended them. */
  const terminate = async (applicationName: string) => {
    const pids = await sessionsOf(applicationName);
    expect(pids.length).toBeGreaterThan(0);
    await admin.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
    await vi.waitFor(async () => expect(await sessionsOf(applicationName)).toEqual([]), { timeout: 10_000, interval: 20 });
  };

  beforeAll(async () => {
    await admin.connect();
    await runIndexer(config);
  });

  afterAll(async () => {
    for (const backend of backends) await backend.close().catch(() => undefined);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    for (const role of roles) await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
    workspace.cleanup();
  });

  it('reads on from a snapshot whose connections were terminated, as it read before', async () => {
    const backend = backendAs('terminated');
    const snapshot = await backend.open();
    const question = (await snapshot.vectors!.sample(1))[0]!;
    const before = { words: await snapshot.keyword.search(QUERY, 5), nearest: await snapshot.vectors!.query(question, 5) };
    expect(before.words.length).toBeGreaterThan(0);
    await terminate(`faults ${tag} terminated`);
    expect(await snapshot.keyword.search(QUERY, 5)).toEqual(before.words);
    expect(await snapshot.vectors!.query(question, 5)).toEqual(before.nearest);
    expect((await snapshot.documents.articles()).length).toBe(fs.readdirSync(workspace.seedsDir).length);
    await snapshot.close();
  });

  it('reads on from a snapshot the server ended for idling in its transaction', async () => {
    const role = await roleWith('idle', { idle_in_transaction_session_timeout: '200ms' });
    const backend = backendAs('idle', role);
    const snapshot = await backend.open();
    const before = await snapshot.keyword.search(QUERY, 5);
    // The server ends the snapshot's sessions on its own (FATAL 25P03).
    await vi.waitFor(async () => expect(await sessionsOf(`faults ${tag} idle`)).toEqual([]), { timeout: 10_000, interval: 50 });
    expect(await snapshot.keyword.search(QUERY, 5)).toEqual(before);
    await snapshot.close();
  });

  it('answers again after one statement timed out, instead of failing every later one (25P02)', async () => {
    const role = await roleWith('slow', { statement_timeout: '300ms' });
    const expected = await (async () => {
      const snapshot = await backendAs('reference').open();
      const hits = await snapshot.keyword.search(QUERY, 5);
      await snapshot.close();
      return hits;
    })();
    const snapshot = await backendAs('timeout', role).open();
    // The snapshot has not read `terms` yet: its next search waits for this lock until the server cancels it.
    await admin.query('BEGIN');
    await admin.query(`LOCK TABLE ${schema}.terms IN ACCESS EXCLUSIVE MODE`);
    try {
      await expect(snapshot.keyword.search(QUERY, 5)).rejects.toMatchObject({ code: '57014' });
    } finally {
      await admin.query('ROLLBACK');
    }
    expect(await snapshot.keyword.search(QUERY, 5)).toEqual(expected);
    await snapshot.close();
  });

  it('hears of index runs again after its LISTEN connection was dropped, and of the one it missed', async () => {
    const backend = backendAs('watch');
    const generations: string[] = [];
    const statuses: WatchStatus[] = [];
    const stop = await backend.watch((generation) => generations.push(generation), (status) => statuses.push(status));
    try {
      await terminate(`faults ${tag} watch (listen)`);
      await vi.waitFor(() => expect(statuses.map((s) => s.connected)).toContain(false), { timeout: 10_000, interval: 20 });
      expect((statuses[0] as { error: Error }).error).toBeInstanceOf(DatabaseUnreachableError);
      fs.rmSync(path.join(workspace.seedsDir, fs.readdirSync(workspace.seedsDir).sort()[0]!));
      await runIndexer(config);
      const current = (await backend.readManifest())!.generation;
      await vi.waitFor(() => expect(generations).toContain(current), { timeout: 10_000, interval: 20 });
      expect(statuses.at(-1)).toEqual({ connected: true });
    } finally {
      await stop();
    }
  });

  it('writes nothing when the index run lost its writer lock before writing, and says so in one line', async () => {
    const before = await backendAs('manifest').readManifest();
    fs.writeFileSync(path.join(workspace.seedsDir, 'added.txt'), 'Title: Added\n\nAn article added while the lock was lost.\n');
    /** The server pid holding this schema's writer lock. */
    const lockHolder = async () =>
      (
        await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = hashtext($1)::oid AND objsubid = 2`,
          [schema],
        )
      ).rows.map((r) => r.pid);
    const run = runIndexer(config, {
      // While the articles are embedded, the lock's connection ends (a terminated backend).
      embedFresh: async (...args) => {
        const [pid] = await lockHolder();
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        await vi.waitFor(async () => expect(await lockHolder()).toEqual([]), { timeout: 10_000, interval: 20 });
        return embedForIndex(...args);
      },
    });
    const error = await run.then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(describeError(error)).toMatch(/^This index run lost its writer lock on the database schema \S+ \(.*\), so another run may be writing: it wrote nothing\. Run `npm run index` again\.$/);
    expect(await backendAs('after').readManifest()).toEqual(before);
    fs.rmSync(path.join(workspace.seedsDir, 'added.txt'));
  });

  it('fails in one line, not with an unhandled error event, when its connection drops while writing', async () => {
    const backend = backendAs('apply');
    const lock = await backend.lockWriter();
    const manifest = (await backend.readManifest())!;
    // The run waits for this lock; meanwhile its connection is terminated.
    await admin.query('BEGIN');
    await admin.query(`LOCK TABLE ${schema}.index_state IN EXCLUSIVE MODE`);
    const applying = backend.apply({ manifest, upsert: [], remove: [], rebuild: false }).then(
      () => null,
      (failure: unknown) => failure,
    );
    try {
      await vi.waitFor(
        async () => {
          const { rows } = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [`faults ${tag} apply`]);
          expect(rows.length).toBe(1);
        },
        { timeout: 10_000, interval: 20 },
      );
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [`faults ${tag} apply`]);
    } finally {
      await admin.query('ROLLBACK');
    }
    const error = await applying;
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect(describeError(error)).toMatch(/^The database is unreachable\. [^\n]+$/);
    await lock.release();
    expect(await backend.readManifest()).toEqual(manifest);
  });
});
