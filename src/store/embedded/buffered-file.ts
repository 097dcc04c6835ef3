/** A file written front to back through a buffer of about a megabyte (the vector folder's files). */
import fs from 'node:fs/promises';

const FLUSH_BYTES = 1 << 20;

export class BufferedFile {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Bytes written so far, buffered ones included. */
  size = 0;

  private constructor(private readonly handle: fs.FileHandle) {}

  static async create(file: string): Promise<BufferedFile> {
    return new BufferedFile(await fs.open(file, 'w'));
  }

  async append(bytes: Uint8Array): Promise<void> {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    this.size += bytes.length;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    const bytes = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    await this.handle.write(bytes, 0, bytes.length, this.size - bytes.length);
  }

  /** Flushes to disk and closes. */
  async close(): Promise<void> {
    try {
      await this.flush();
      await this.handle.sync();
    } finally {
      await this.handle.close();
    }
  }
}
