/**
 * PostgreSQL's BM25 is the one definition's (corpus/text/bm25.ts): the SQL the store builds from
 * its constants, and the literals migration 5 shipped with before that SQL was built from them.
 * The server computing the same bits is in keyword-top-k.test.ts (the reference search against
 * the in-memory store).
 */
import { describe, expect, it } from 'vitest';
import { BM25_B, BM25_K1, bm25TermScore } from '../../../src/corpus/text/bm25.js';
import { bm25TermScoreSql, impactKey } from '../../../src/store/postgres/bm25-sql.js';
import { MIGRATIONS } from '../../../src/store/postgres/write/migrations.js';

/** Evaluates the SQL's arithmetic in JavaScript: `x::float8` is x, the rest is +, *, / and parentheses. */
function evaluate(sql: string, columns: Record<string, number>): number {
  let js = sql.replace(/::float8/g, '');
  for (const [name, value] of Object.entries(columns)) js = js.split(name).join(`(${value})`);
  expect(js).toMatch(/^[\d\s.()+*/e-]+$/);
  return Function(`return ${js}`)() as number;
}

describe('BM25 in SQL', () => {
  it('is bm25TermScore, operation for operation', () => {
    const sql = bm25TermScoreSql({ tf: 'o.tf', length: 'o.length', averageLength: 'avg', idf: 'q.idf', strength: 'q.strength' });
    for (const [tf, length, average, idf, strength] of [[1, 10, 37.5, 2.3, 1], [3, 120, 41.2, 0.7, 0.8], [7, 3, 12.9, 5.1, 0.6]] as const) {
      expect(evaluate(sql, { 'o.tf': tf, 'o.length': length, avg: average, 'q.idf': idf, 'q.strength': strength })).toBe(bm25TermScore(tf, length, average, idf, strength));
    }
  });

  it('orders postings by their tf part', () => {
    const key = impactKey(40);
    for (const [tf, length] of [[1, 10], [2, 40], [5, 200]] as const) {
      expect(key(tf, length) * (BM25_K1 + 1)).toBeCloseTo(bm25TermScore(tf, length, 40, 1), 12);
    }
  });

  it('has the constants migration 5 wrote into the terms table', () => {
    const migration = MIGRATIONS.find((m) => m.version === 5)!;
    const found = /o\.tf \* ([\d.]+) \/ \(o\.tf \+ ([\d.]+) \* \(([\d.]+) \+ ([\d.]+) \* o\.length/.exec('sql' in migration ? migration.sql : '');
    expect(found?.slice(1).map(Number)).toEqual([BM25_K1 + 1, BM25_K1, 1 - BM25_B, BM25_B]);
  });
});
