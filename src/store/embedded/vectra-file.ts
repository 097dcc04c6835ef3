/**
 * vectra's LocalIndex file in its binary codec (`index.pb`, vectra's `ProtobufCodec`), written
 * and read here a record at a time. In that format each item's vector is a packed `repeated
 * float`, which on disk is the float32 little-endian bytes themselves: so vectra's own
 * `new LocalIndex(folder, undefined, undefined, new ProtobufCodec())` lists and queries the
 * folder, while the product streams the vectors straight into its search buffer without
 * protobufjs, without a JSON number array per vector, and without holding the file in memory.
 *
 * The messages (vectra's `schemas/index.proto`):
 *   IndexData { uint32 version = 1; MetadataConfig metadata_config = 2; repeated IndexItem items = 3; }
 *   IndexItem { string id = 1; map<string, MetadataValue> metadata = 2; repeated float vector = 3 [packed]; double norm = 4; }
 *   MetadataValue { oneof value { string string_value = 1; double number_value = 2; bool bool_value = 3; } }
 */
import fs from 'node:fs/promises';
import { BufferedFile } from './buffered-file.js';

export const VECTRA_INDEX_FILE = 'index.pb';

/** One item as read: `vector` is a view into the reader's buffer, valid until the next item. */
export interface VectraRecord {
  id: string;
  articleId: string;
  vector: Uint8Array;
  /** Where the vector's bytes start in the file (for reading it again later). */
  vectorOffset: number;
  norm: number;
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

function varint(value: number, out: number[]): void {
  while (value > 0x7f) {
    out.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  out.push(value);
}

const tag = (field: number, wire: number) => (field << 3) | wire;

function lengthDelimited(field: number, body: Uint8Array): Uint8Array {
  const head: number[] = [tag(field, WIRE_BYTES)];
  varint(body.length, head);
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

const concat = (parts: Uint8Array[]) => Buffer.concat(parts);

/** The L2 norm vectra stores beside each vector (in float64). */
export function normOf(vector: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  return Math.sqrt(sum);
}

function encodeItem(id: string, articleId: string, vector: Float32Array): Uint8Array {
  const metadataValue = lengthDelimited(1, utf8.encode(articleId)); // MetadataValue.string_value
  const entry = concat([lengthDelimited(1, utf8.encode('articleId')), lengthDelimited(2, metadataValue)]);
  const norm = Buffer.alloc(9);
  norm[0] = tag(4, WIRE_FIXED64);
  norm.writeDoubleLE(normOf(vector), 1);
  const bytes = new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
  return lengthDelimited(3, concat([lengthDelimited(1, utf8.encode(id)), lengthDelimited(2, entry), lengthDelimited(3, bytes), norm]));
}

/** Writes an index.pb item by item through a buffer; nothing else of the index is held. */
export class VectraFileWriter {
  count = 0;

  private constructor(private readonly file: BufferedFile) {}

  static async create(file: string): Promise<VectraFileWriter> {
    const writer = new VectraFileWriter(await BufferedFile.create(file));
    // version 1, an empty metadata_config (vectra's own files start the same way).
    await writer.file.append(Uint8Array.from([tag(1, WIRE_VARINT), 1, tag(2, WIRE_BYTES), 0]));
    return writer;
  }

  async add(id: string, articleId: string, vector: Float32Array): Promise<void> {
    await this.file.append(encodeItem(id, articleId, vector));
    this.count++;
  }

  /** Copies an item read from another index.pb as it is. */
  async copy(record: VectraRecord): Promise<void> {
    const vector = new Float32Array(record.vector.byteLength / 4);
    new Uint8Array(vector.buffer).set(record.vector);
    await this.add(record.id, record.articleId, vector);
  }

  /** Flushes to disk and closes. */
  close(): Promise<void> {
    return this.file.close();
  }
}

class Cursor {
  at = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly end: number,
  ) {}

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.end) throw new Error('truncated varint');
      const byte = this.bytes[this.at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  }

  skip(wire: number): void {
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_FIXED64) this.at += 8;
    else if (wire === WIRE_BYTES) this.at += this.varint();
    else if (wire === WIRE_FIXED32) this.at += 4;
    else throw new Error(`unknown wire type ${wire}`);
  }
}

function decodeMetadataEntry(c: Cursor, end: number): [string, string] {
  let key = '';
  let value = '';
  while (c.at < end) {
    const t = c.varint();
    if (t === tag(1, WIRE_BYTES)) {
      const n = c.varint();
      key = fromUtf8.decode(c.bytes.subarray(c.at, c.at + n));
      c.at += n;
    } else if (t === tag(2, WIRE_BYTES)) {
      const valueEnd = c.varint() + c.at;
      while (c.at < valueEnd) {
        const vt = c.varint();
        if (vt !== tag(1, WIRE_BYTES)) {
          c.skip(vt & 7);
          continue;
        }
        const n = c.varint();
        value = fromUtf8.decode(c.bytes.subarray(c.at, c.at + n));
        c.at += n;
      }
    } else c.skip(t & 7);
  }
  return [key, value];
}

/** `base`: the file offset of `bytes[0]`. */
function decodeItem(bytes: Uint8Array, start: number, end: number, base: number): VectraRecord {
  const c = new Cursor(bytes, end);
  c.at = start;
  const record: VectraRecord = { id: '', articleId: '', vector: new Uint8Array(0), vectorOffset: 0, norm: 0 };
  while (c.at < end) {
    const t = c.varint();
    if (t === tag(1, WIRE_BYTES)) {
      const n = c.varint();
      record.id = fromUtf8.decode(bytes.subarray(c.at, c.at + n));
      c.at += n;
    } else if (t === tag(2, WIRE_BYTES)) {
      const entryEnd = c.varint() + c.at;
      const [key, value] = decodeMetadataEntry(c, entryEnd);
      if (key === 'articleId') record.articleId = value;
    } else if (t === tag(3, WIRE_BYTES)) {
      const n = c.varint();
      record.vector = bytes.subarray(c.at, c.at + n);
      record.vectorOffset = base + c.at;
      c.at += n;
    } else if (t === tag(4, WIRE_FIXED64)) {
      record.norm = Buffer.from(bytes.buffer, bytes.byteOffset + c.at, 8).readDoubleLE(0);
      c.at += 8;
    } else if (t === tag(3, WIRE_FIXED32)) {
      throw new Error('unpacked vector (not written by this product or vectra)');
    } else c.skip(t & 7);
  }
  if (c.at !== end) throw new Error('item overruns its length');
  return record;
}

/** Streams the items of an index.pb in file order, reading it in chunks. */
export async function* readVectraFile(file: string, chunkBytes = 4 << 20): AsyncGenerator<VectraRecord> {
  const handle = await fs.open(file, 'r');
  try {
    let buffer = new Uint8Array(chunkBytes);
    let filled = 0;
    let at = 0;
    let position = 0;
    let eof = false;
    /** Ensures `need` bytes from `at` are in the buffer; false at the end of the file. */
    const ensure = async (need: number): Promise<boolean> => {
      while (filled - at < need && !eof) {
        if (at > 0) {
          buffer.copyWithin(0, at, filled);
          filled -= at;
          at = 0;
        }
        if (need > buffer.length) {
          const grown = new Uint8Array(need * 2);
          grown.set(buffer.subarray(0, filled));
          buffer = grown;
        }
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position);
        position += bytesRead;
        filled += bytesRead;
        if (bytesRead === 0) eof = true;
      }
      return filled - at >= need;
    };
    for (;;) {
      if (!(await ensure(11))) {
        if (filled === at) return;
      }
      const head = new Cursor(buffer, filled);
      head.at = at;
      const t = head.varint();
      const wire = t & 7;
      if (t === tag(3, WIRE_BYTES)) {
        const length = head.varint();
        const bodyStart = head.at - at;
        if (!(await ensure(bodyStart + length))) throw new Error(`${file} ends inside an item`);
        yield decodeItem(buffer, at + bodyStart, at + bodyStart + length, position - filled);
        at += bodyStart + length;
        continue;
      }
      if (wire === WIRE_BYTES) {
        const length = head.varint();
        const skip = head.at - at + length;
        if (!(await ensure(skip))) throw new Error(`${file} is truncated`);
        at += skip;
        continue;
      }
      head.skip(wire);
      if (head.at > filled) throw new Error(`${file} is truncated`);
      at = head.at;
    }
  } finally {
    await handle.close();
  }
}
