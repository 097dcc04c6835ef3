/**
 * Row vectors of one length in one contiguous buffer, scored against a query by dot products:
 * WebAssembly SIMD where it runs, a plain loop otherwise.
 */
import fs from 'node:fs/promises';
import { compileKernel, WASM_MAX_BYTES, type RowKernel } from './wasm-kernel.js';

const fileSize = (file: string) => fs.stat(file).then((s) => s.size, () => null);

/**
 * out[r] = Σ q[j]·rows[r][j], four lanes at a time, two accumulators; offsets in bytes, dims a
 * multiple of 8. Source (WAT, assembled with wabt's wat2wasm 1.0.32):
 *   (func (export "dots") (param $q i32) (param $row i32) (param $rows i32) (param $dims i32) (param $out i32)
 *     per row: a = b = 0; for each 8 floats: a += load(row)·load(q); b += load(row+16)·load(q+16);
 *     store f32 out = (a+b) lanes summed; row and out advance)
 * with its memory imported as env.memory. A test checks it against the plain loop.
 */
const DOTS_WASM =
  'AGFzbQEAAAABCQFgBX9/f39/AAIPAQNlbnYGbWVtb3J5AgABAwIBAAcIAQRkb3RzAAAK0QEBzgECBH8CeyADQQJ0IQcgBCACQQJ0aiEIAkADQCAEIAhPDQH9DAAAAAAAAAAAAAAAAAAAAAAhCf0MAAAAAAAAAAAAAAAAAAAAACEKIAAhBSABIAdqIQYCQANAIAEgBk8NASAJIAH9AAQAIAX9AAQA/eYB/eQBIQkgCiAB/QAEECAF/QAEEP3mAf3kASEKIAFBIGohASAFQSBqIQUMAAsLIAkgCv3kASEJIAQgCf0fACAJ/R8BkiAJ/R8CIAn9HwOSkjgCACAEQQRqIQQMAAsLCw==';
const instantiate = compileKernel(DOTS_WASM, 'dots');

/**
 * Row vectors of one length in one contiguous buffer, with room after them for a query and the
 * scores: in WebAssembly memory when the SIMD kernel can run on it, else a plain ArrayBuffer.
 */
export class VectorMatrix {
  readonly data: Float32Array;
  private readonly query: Float32Array;
  private readonly scores: Float32Array;
  private readonly kernel: RowKernel | null;

  constructor(
    readonly rowCount: number,
    readonly dims: number,
  ) {
    const floats = rowCount * dims + dims + rowCount;
    const useWasm = instantiate !== null && dims > 0 && dims % 8 === 0 && floats * 4 <= WASM_MAX_BYTES;
    let buffer: ArrayBuffer;
    if (useWasm) {
      ({ kernel: this.kernel, buffer } = instantiate(floats * 4));
    } else {
      this.kernel = null;
      buffer = new ArrayBuffer(floats * 4);
    }
    this.data = new Float32Array(buffer, 0, rowCount * dims);
    this.query = new Float32Array(buffer, this.data.byteLength, dims);
    this.scores = new Float32Array(buffer, this.query.byteOffset + this.query.byteLength, rowCount);
  }

  static fromRows(rows: ArrayLike<number>[]): VectorMatrix {
    const dims = rows[0]?.length ?? 0;
    const matrix = new VectorMatrix(rows.length, dims);
    rows.forEach((row, r) => {
      if (row.length !== dims) throw new Error(`vector ${r} has ${row.length} dimensions, not ${dims}`);
      matrix.data.set(row, r * dims);
    });
    return matrix;
  }

  /** Reads the vectors file straight into the buffer: no intermediate copy. */
  static async read(file: string, rowCount: number): Promise<VectorMatrix> {
    const size = (await fileSize(file)) ?? 0;
    const dims = rowCount === 0 ? 0 : size / 4 / rowCount;
    if (!Number.isInteger(dims)) throw new Error(`${file} holds ${size} bytes, not ${rowCount} float32 vectors`);
    const matrix = new VectorMatrix(rowCount, dims);
    const target = new Uint8Array(matrix.data.buffer, 0, size);
    const handle = await fs.open(file, 'r');
    try {
      for (let at = 0; at < size; ) {
        const { bytesRead } = await handle.read(target, at, size - at, at);
        if (bytesRead === 0) throw new Error(`${file} ended early`);
        at += bytesRead;
      }
    } finally {
      await handle.close();
    }
    return matrix;
  }

  /** Sets row `r` from float32 little-endian bytes (e.g. a view into a file buffer, any alignment). */
  setRowBytes(r: number, bytes: Uint8Array): void {
    if (bytes.byteLength !== this.dims * 4) throw new Error(`vector ${r} has ${bytes.byteLength / 4} dimensions, not ${this.dims}`);
    new Uint8Array(this.data.buffer, this.data.byteOffset + r * this.dims * 4, bytes.byteLength).set(bytes);
  }

  row(r: number): Float32Array {
    return this.data.subarray(r * this.dims, (r + 1) * this.dims);
  }

  bytes(): Uint8Array {
    return new Uint8Array(this.data.buffer, this.data.byteOffset, this.data.byteLength);
  }

  /** Dot products of `vector` with every row, or the first `rows` (a view, overwritten by the next call). */
  dots(vector: Float32Array, rows = this.rowCount): Float32Array {
    if (this.rowCount > 0 && vector.length !== this.dims) throw new Error(`query has ${vector.length} dimensions, the index ${this.dims}`);
    if (this.kernel) {
      this.query.set(vector);
      this.kernel(this.query.byteOffset, 0, rows, this.dims, this.scores.byteOffset);
      return this.scores.subarray(0, rows);
    }
    for (let r = 0, offset = 0; r < rows; r++, offset += this.dims) {
      let sum = 0;
      for (let j = 0; j < this.dims; j++) sum += vector[j]! * this.data[offset + j]!;
      this.scores[r] = sum;
    }
    return this.scores.subarray(0, rows);
  }
}
