/**
 * Where the PostgreSQL keyword search resumes a form's postings: after the last key read,
 * skipping only that key's postings already read (what a wrong count would cost: postings read
 * twice or never). No server needed.
 */
import { describe, expect, it } from 'vitest';
import { impactKey } from '../../../src/store/postgres/bm25-sql.js';
import { nextCursor, type ReadCursor } from '../../../src/store/postgres/read/impact-reads.js';

const keyOf = impactKey(20);
const batch = (rows: Array<[tf: number, length: number]>) => ({
  passages: Float64Array.from(rows, (_, i) => i),
  tf: Int32Array.from(rows, ([tf]) => tf),
  length: Int32Array.from(rows, ([, length]) => length),
});
const start: ReadCursor = { after: Number.POSITIVE_INFINITY, ties: 0 };

describe('read cursor of impact-ordered reads', () => {
  it('resumes after the last key, skipping the postings of that key already read', () => {
    const rows: Array<[number, number]> = [[2, 10], [1, 10], [1, 20], [1, 20], [1, 20]];
    const cursor = nextCursor(start, batch(rows), keyOf(1, 20), keyOf, 0);
    expect(cursor).toEqual({ after: keyOf(1, 20), ties: 3 });
  });

  it('adds a batch that never leaves the last key to that key’s count', () => {
    const first = nextCursor(start, batch([[1, 10], [1, 20]]), keyOf(1, 20), keyOf, 0);
    const second = nextCursor(first, batch([[1, 20], [1, 20], [1, 20]]), keyOf(1, 20), keyOf, 2);
    expect(second).toEqual({ after: keyOf(1, 20), ties: 4 });
  });

  it('counts from the top when its keys differ from the server’s in the last bit', () => {
    const first = nextCursor(start, batch([[1, 10], [1, 20]]), keyOf(1, 20), keyOf, 0);
    const second = nextCursor(first, batch([[1, 30], [1, 40]]), keyOf(1, 40) * (1 + Number.EPSILON), keyOf, 2);
    expect(second).toEqual({ after: Number.POSITIVE_INFINITY, ties: 4 });
  });
});
