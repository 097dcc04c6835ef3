/**
 * A minimal protocol-buffers *encoder* (wire format only), enough to write ONNX models.
 *
 * Messages are built as trees whose leaves may be "lazy" byte ranges: a known length plus a
 * function that yields the bytes in chunks. That lets a 384 MB tensor be streamed to disk while
 * the length prefixes that protobuf needs up front are still computed exactly.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

/** Bytes whose length is known now but whose content is produced only while writing. */
export interface LazyBytes {
  readonly byteLength: number;
  chunks(): Iterable<Uint8Array>;
}

type Part =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'message'; field: number; message: ProtoMessage }
  | { kind: 'lazy'; field: number; lazy: LazyBytes };

/** Varint of a non-negative integer below 2^53, or of a negative one as 64-bit two's complement. */
export function encodeVarint(value: number | bigint): Uint8Array {
  let rest = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (rest >= 0x80n) {
    out.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  out.push(Number(rest));
  return Uint8Array.from(out);
}

/** How many bytes the varint of a non-negative length takes (lengths are always small enough). */
function varintLength(value: number): number {
  let length = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    length++;
  }
  return length;
}

function tag(field: number, wireType: number): Uint8Array {
  return encodeVarint(field * 8 + wireType);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

const utf8 = new TextEncoder();

/** One protobuf message under construction. Fields are written in the order they are added. */
export class ProtoMessage {
  private readonly parts: Part[] = [];
  private cachedLength: number | undefined;

  /** An int32/int64/enum/bool field (negative values take ten bytes, as protobuf says). */
  int(field: number, value: number | bigint): this {
    return this.push(concat([tag(field, WIRE_VARINT), encodeVarint(value)]));
  }

  /** Each value as its own tagged varint: the unpacked form proto2 uses for `repeated int64`. */
  ints(field: number, values: Iterable<number | bigint>): this {
    for (const v of values) this.int(field, v);
    return this;
  }

  float(field: number, value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    return this.push(concat([tag(field, WIRE_FIXED32), bytes]));
  }

  floats(field: number, values: Iterable<number>): this {
    for (const v of values) this.float(field, v);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  strings(field: number, values: Iterable<string>): this {
    for (const v of values) this.string(field, v);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    return this.push(concat([tag(field, WIRE_LENGTH_DELIMITED), encodeVarint(value.length), value]));
  }

  /** A length-delimited field whose content is streamed at write time. */
  lazyBytes(field: number, lazy: LazyBytes): this {
    this.parts.push({ kind: 'lazy', field, lazy });
    this.cachedLength = undefined;
    return this;
  }

  message(field: number, message: ProtoMessage): this {
    this.parts.push({ kind: 'message', field, message });
    this.cachedLength = undefined;
    return this;
  }

  messages(field: number, messages: Iterable<ProtoMessage>): this {
    for (const m of messages) this.message(field, m);
    return this;
  }

  /** Encoded size in bytes, without this message's own tag and length prefix. */
  get byteLength(): number {
    this.cachedLength ??= this.parts.reduce((sum, part) => sum + partLength(part), 0);
    return this.cachedLength;
  }

  /** The encoded message, chunk by chunk; lazy fields are produced only as they are reached. */
  *chunks(): Generator<Uint8Array> {
    for (const part of this.parts) {
      if (part.kind === 'bytes') {
        yield part.bytes;
      } else if (part.kind === 'message') {
        yield lengthPrefix(part.field, part.message.byteLength);
        yield* part.message.chunks();
      } else {
        yield lengthPrefix(part.field, part.lazy.byteLength);
        yield* checkedLazyChunks(part.lazy);
      }
    }
  }

  /** The whole message in memory: fine for small messages, avoid for models with big tensors. */
  toBytes(): Uint8Array {
    return concat([...this.chunks()]);
  }

  private push(bytes: Uint8Array): this {
    this.parts.push({ kind: 'bytes', bytes });
    this.cachedLength = undefined;
    return this;
  }
}

function lengthPrefix(field: number, length: number): Uint8Array {
  return concat([tag(field, WIRE_LENGTH_DELIMITED), encodeVarint(length)]);
}

function partLength(part: Part): number {
  if (part.kind === 'bytes') return part.bytes.length;
  const contentLength = part.kind === 'message' ? part.message.byteLength : part.lazy.byteLength;
  return tag(part.field, WIRE_LENGTH_DELIMITED).length + varintLength(contentLength) + contentLength;
}

/** A lazy source that yields a different length than it promised would corrupt the file: fail loudly. */
function* checkedLazyChunks(lazy: LazyBytes): Generator<Uint8Array> {
  let written = 0;
  for (const chunk of lazy.chunks()) {
    written += chunk.length;
    yield chunk;
  }
  if (written !== lazy.byteLength) {
    throw new Error(`lazy protobuf field promised ${lazy.byteLength} bytes but produced ${written}`);
  }
}

/** Writes a message to a file through a fixed buffer, so memory stays flat whatever the size. */
export function writeMessageToFile(message: ProtoMessage, path: string, bufferSize = 1 << 22): number {
  const fd = openSync(path, 'w');
  const buffer = new Uint8Array(bufferSize);
  let filled = 0;
  let total = 0;
  const flush = () => {
    let offset = 0;
    while (offset < filled) offset += writeSync(fd, buffer, offset, filled - offset);
    total += filled;
    filled = 0;
  };
  try {
    for (const chunk of message.chunks()) {
      if (chunk.length >= bufferSize) {
        flush();
        let offset = 0;
        while (offset < chunk.length) offset += writeSync(fd, chunk, offset, chunk.length - offset);
        total += chunk.length;
        continue;
      }
      if (filled + chunk.length > bufferSize) flush();
      buffer.set(chunk, filled);
      filled += chunk.length;
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return total;
}
