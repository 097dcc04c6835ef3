import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { applyKeywordChange, openForWriting, readMeta, SCHEMA_VERSION } from '../../../src/store/embedded/keyword-db.js';
import { openForReading } from '../../../src/store/embedded/keyword-store.js';
import { analyse, seedArticles } from '../contract/corpus.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

it('an index written before articles kept metadata (schema 2) takes the next incremental run: old articles read with none, new ones with theirs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyword-db-'));
  dirs.push(dir);
  const file = path.join(dir, 'keyword.sqlite');
  const [old, added] = seedArticles();
  // What schema 2 wrote: the articles table without the metadata column.
  let db = openForWriting(file, true);
  applyKeywordChange(db, [], [analyse(old!, false)]);
  db.exec('ALTER TABLE articles DROP COLUMN metadata');
  db.prepare("UPDATE meta SET value = 2 WHERE key = 'schema'").run();
  db.close();

  db = openForWriting(file, false);
  applyKeywordChange(db, [], [analyse({ ...added!, metadata: { outlet: 'baotintuc.vn', published: '2025-10-26' } }, false)]);
  expect(readMeta(db, 'schema')).toBe(SCHEMA_VERSION);
  db.close();

  const reader = openForReading(file);
  const rows = reader.prepare('SELECT id, metadata FROM articles ORDER BY id').all() as Array<{ id: string; metadata: string | null }>;
  expect(rows).toEqual([
    { id: old!.id, metadata: null },
    { id: added!.id, metadata: JSON.stringify({ outlet: 'baotintuc.vn', published: '2025-10-26' }) },
  ]);
  reader.close();
});
