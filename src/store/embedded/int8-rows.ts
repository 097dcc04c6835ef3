/**
 * Row vectors kept as int8 (each row with its own scale), a quarter of float32's memory, for a
 * first pass over every row: integer dot products with the query quantised to int16, with a
 * bound on how far each differs from the float32 one, so that the rows that can be in the top k
 * are known and only they are scored exactly (vector-store.ts). WebAssembly SIMD where it runs
 * and the dimension is a multiple of 16, a plain loop otherwise.
 */
import fs from 'node:fs/promises';
import { INT8_MAX, quantiseRow } from '../int8.js';
import { BufferedFile } from './buffered-file.js';
import { compileKernel, WASM_MAX_BYTES, type RowKernel } from './wasm-kernel.js';


/**
 * out[r] = Σ q16[j]·row8[r][j] as int32: per 16 bytes of a row, i8→i16 widened halves times the
 * query's i16 lanes (i32x4.dot_i16x8_s), four lanes summed per row. Source (WAT, assembled with
 * wabt 1.0.32's parseWat/toBinary, simd on):
 *   (func (export "dots8") (param $q i32) (param $row i32) (param $rows i32) (param $dims i32) (param $out i32)
 *     per row: acc = i32x4(0); per 16 bytes: v = load(row);
 *       acc += dot_i16x8_s(extend_low_i8x16_s(v), load(q)) + dot_i16x8_s(extend_high_i8x16_s(v), load(q+16));
 *     store i32 out = lanes summed; row and out advance)
 * with its memory imported as env.memory. A test checks it against the plain loop.
 */
const DOTS8_WASM =
  'AGFzbQEAAAABCQFgBX9/f39/AAIPAQNlbnYGbWVtb3J5AgABAwIBAAcJAQVkb3RzOAAACq8BAawBAgN/AnsgBCACQQJ0aiEFAkADQCAEIAVPDQH9DAAAAAAAAAAAAAAAAAAAAAAhCCAAIQYgASADaiEHAkADQCABIAdPDQEgAf0ABAAhCSAIIAn9hwEgBv0ABAD9ugH9rgEgCf2IASAG/QAEEP26Af2uASEIIAFBEGohASAGQSBqIQYMAAsLIAQgCP0bACAI/RsBaiAI/RsCIAj9GwNqajYCACAEQQRqIQQMAAsLCw==';

const instantiate = compileKernel(DOTS8_WASM, 'dots8');
const INT16_MAX = 32767;

/** A query quantised for `Int8Rows.dots`: int16 values and their scale, and the sums the error bound needs. */
export interface QuantisedQuery {
  values: Int16Array;
  scale: number;
  /** Σ|q| of the float query. */
  l1: number;
}

export function quantiseQuery(vector: Float32Array): QuantisedQuery {
  let max = 0;
  let l1 = 0;
  for (const x of vector) {
    max = Math.max(max, Math.abs(x));
    l1 += Math.abs(x);
  }
  // Large enough for precision, small enough that no int32 sum can overflow (dims × 127 × qmax < 2³¹).
  const qmax = Math.min(INT16_MAX, Math.floor(0x7fffffff / (INT8_MAX * Math.max(1, vector.length))));
  const scale = max / qmax || 1;
  return { values: Int16Array.from(vector, (x) => Math.round(x / scale)), scale, l1 };
}


/** The int8 rows file: the rows, then (at an 8-byte boundary) each row's scale as float64, then its Σ|int8| as uint32. */
function fileLayout(rows: number, dims: number): { scalesAt: number; l1At: number; size: number } {
  const scalesAt = Math.ceil((rows * dims) / 8) * 8;
  const l1At = scalesAt + rows * 8;
  return { scalesAt, l1At, size: l1At + rows * 4 };
}

/** Writes the int8 rows file as vectors come (rows streamed; scales and sums, 12 bytes a row, held until the end). */
export class Int8RowsWriter {
  private readonly scales: number[] = [];
  private readonly l1: number[] = [];

  private constructor(private readonly file: BufferedFile) {}

  static async create(file: string): Promise<Int8RowsWriter> {
    return new Int8RowsWriter(await BufferedFile.create(file));
  }

  async add(vector: Float32Array): Promise<void> {
    const row = new Int8Array(vector.length);
    const { scale, l1 } = quantiseRow(vector, row);
    this.scales.push(scale);
    this.l1.push(l1);
    await this.file.append(new Uint8Array(row.buffer));
  }

  /** Appends the scales and sums (after padding to 8 bytes), flushes to disk and closes. */
  async close(): Promise<void> {
    const rows = this.scales.length;
    const layout = fileLayout(rows, rows > 0 ? this.file.size / rows : 0);
    const tail = new Uint8Array(layout.size - this.file.size);
    tail.set(new Uint8Array(Float64Array.from(this.scales).buffer), layout.scalesAt - this.file.size);
    tail.set(new Uint8Array(Uint32Array.from(this.l1).buffer), layout.l1At - this.file.size);
    await this.file.append(tail);
    await this.file.close();
  }
}

export class Int8Rows {
  private readonly data: Int8Array;
  private readonly query: Int16Array;
  private readonly out: Int32Array;
  /** Each row's scale: its float values ≈ int8 × scale, within scale / 2. */
  private readonly scales: Float64Array;
  /** Each row's Σ|int8|. */
  private readonly l1: Uint32Array;
  private readonly kernel: RowKernel | null;

  constructor(
    readonly rowCount: number,
    readonly dims: number,
  ) {
    // int8 rows, then the int16 query at a 16-byte boundary, then int32 results.
    const queryAt = Math.ceil((rowCount * dims) / 16) * 16;
    const outAt = Math.ceil((queryAt + dims * 2) / 16) * 16;
    const bytes = outAt + rowCount * 4;
    const useWasm = instantiate !== null && dims > 0 && dims % 16 === 0 && bytes <= WASM_MAX_BYTES;
    let buffer: ArrayBuffer;
    if (useWasm) {
      ({ kernel: this.kernel, buffer } = instantiate(bytes));
    } else {
      this.kernel = null;
      buffer = new ArrayBuffer(bytes);
    }
    this.data = new Int8Array(buffer, 0, rowCount * dims);
    this.query = new Int16Array(buffer, queryAt, dims);
    this.out = new Int32Array(buffer, outAt, rowCount);
    this.scales = new Float64Array(rowCount);
    this.l1 = new Uint32Array(rowCount);
    this.scratch = new Float32Array(dims);
    this.scratchBytes = new Uint8Array(this.scratch.buffer);
  }

  /** One row as float32, aligned (the file's bytes may not be). */
  private readonly scratch: Float32Array;
  private readonly scratchBytes: Uint8Array;

  /** Sets row `r` from float32 little-endian bytes (any alignment). */
  setRowBytes(r: number, bytes: Uint8Array): void {
    if (bytes.byteLength !== this.dims * 4) throw new Error(`vector ${r} has ${bytes.byteLength / 4} dimensions, not ${this.dims}`);
    this.scratchBytes.set(bytes);
    const { scale, l1 } = quantiseRow(this.scratch, this.data.subarray(r * this.dims, (r + 1) * this.dims));
    this.scales[r] = scale;
    this.l1[r] = l1;
  }

  /**
   * Fills every row from a file `Int8RowsWriter` wrote for the same vectors (one read instead of
   * quantising them all); false, leaving the rows as they are, when the file is absent or of
   * another shape.
   */
  async readFile(file: string): Promise<boolean> {
    const layout = fileLayout(this.rowCount, this.dims);
    const handle = await fs.open(file, 'r').catch(() => null);
    if (!handle) return false;
    try {
      if ((await handle.stat()).size !== layout.size) return false;
      const read = async (target: Uint8Array, at: number) => {
        for (let done = 0; done < target.byteLength; ) {
          const { bytesRead } = await handle.read(target, done, target.byteLength - done, at + done);
          if (bytesRead === 0) throw new Error(`${file} ended early`);
          done += bytesRead;
        }
      };
      await read(new Uint8Array(this.data.buffer, this.data.byteOffset, this.data.byteLength), 0);
      await read(new Uint8Array(this.scales.buffer), layout.scalesAt);
      await read(new Uint8Array(this.l1.buffer), layout.l1At);
      return true;
    } finally {
      await handle.close();
    }
  }

  /** Integer dot products of the quantised query with every row (a view, overwritten by the next call). */
  dots(query: QuantisedQuery): Int32Array {
    if (this.rowCount > 0 && query.values.length !== this.dims) throw new Error(`query has ${query.values.length} dimensions, the index ${this.dims}`);
    this.query.set(query.values);
    if (this.kernel) {
      this.kernel(this.query.byteOffset, 0, this.rowCount, this.dims, this.out.byteOffset);
      return this.out;
    }
    for (let r = 0, offset = 0; r < this.rowCount; r++, offset += this.dims) {
      let sum = 0;
      for (let j = 0; j < this.dims; j++) sum += this.query[j]! * this.data[offset + j]!;
      this.out[r] = sum;
    }
    return this.out;
  }

  /**
   * Each row's cosine with the query, within [low, high], from the integer dots: the float dot is
   * within ‖q‖₁·s/2 + ‖ṽ‖₁·s_q/2 of the quantised one (|Σq·v − Σq̃·ṽ| ≤ Σ|q|·|v − ṽ| + Σ|ṽ|·|q − q̃|),
   * plus `slack` (relative) for the float32 rounding of the exact score. Rows of norm 0: [0, 0].
   */
  cosineBounds(query: QuantisedQuery, queryNorm: number, norms: Float64Array, slack: number, low: Float64Array, high: Float64Array): void {
    const dots = this.dots(query);
    const { scales, l1 } = this;
    for (let r = 0; r < this.rowCount; r++) {
      const n = norms[r]! * queryNorm;
      if (!(n > 0)) {
        low[r] = high[r] = 0;
        continue;
      }
      const scale = scales[r]!;
      const dot = dots[r]! * query.scale * scale;
      const error = ((query.l1 + l1[r]! * query.scale) * scale) / 2 + slack * n;
      low[r] = (dot - error) / n;
      high[r] = (dot + error) / n;
    }
  }
}
