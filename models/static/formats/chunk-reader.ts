/**
 * Sequential reads over a file read as a stream of chunks (plain or gzip-compressed), so a multi-gigabyte vector
 * file is parsed without holding it in memory. `offset` is the number of (decompressed) bytes consumed so far,
 * for error messages.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

const EMPTY = Buffer.alloc(0);

export function openChunks(file: string): AsyncIterator<Buffer> {
  const raw = createReadStream(file, { highWaterMark: 1 << 22 });
  const stream = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  return (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
}

export class ChunkReader {
  private buf: Buffer = EMPTY;
  private pos = 0;
  private ended = false;
  /** Bytes consumed so far. */
  offset = 0;

  constructor(private readonly it: AsyncIterator<Buffer>) {}

  /** Appends the next chunk to what is left; false at the end of the stream. */
  private async more(): Promise<boolean> {
    if (this.ended) return false;
    const r = await this.it.next();
    if (r.done) {
      this.ended = true;
      return false;
    }
    const chunk = r.value;
    this.buf = this.pos < this.buf.length ? Buffer.concat([this.buf.subarray(this.pos), chunk]) : chunk;
    this.pos = 0;
    return true;
  }

  /** Bytes up to (not including) `delimiter`, which is consumed; at the end of the stream the rest (or undefined). */
  async readUntil(delimiter: number): Promise<Buffer | undefined> {
    let from = this.pos;
    for (;;) {
      const i = this.buf.indexOf(delimiter, from);
      if (i >= 0) {
        const out = this.buf.subarray(this.pos, i);
        this.offset += i + 1 - this.pos;
        this.pos = i + 1;
        return out;
      }
      from = this.buf.length - this.pos;
      if (!(await this.more())) {
        if (this.pos >= this.buf.length) return undefined;
        const out = this.buf.subarray(this.pos);
        this.offset += out.length;
        this.pos = this.buf.length;
        return out;
      }
    }
  }

  /** Fills `target` completely; returns the number of bytes read (less than its length at the end of the stream). */
  async readInto(target: Uint8Array): Promise<number> {
    let done = 0;
    while (done < target.length) {
      if (this.pos >= this.buf.length) {
        this.buf = EMPTY;
        this.pos = 0;
        if (!(await this.more())) break;
      }
      const n = Math.min(target.length - done, this.buf.length - this.pos);
      target.set(this.buf.subarray(this.pos, this.pos + n), done);
      this.pos += n;
      done += n;
    }
    this.offset += done;
    return done;
  }

  /** Skips `n` bytes; false if the stream ends first. */
  async skip(n: number): Promise<boolean> {
    let left = n;
    while (left > 0) {
      if (this.pos >= this.buf.length && !(await this.more())) return false;
      const k = Math.min(left, this.buf.length - this.pos);
      this.pos += k;
      this.offset += k;
      left -= k;
    }
    return true;
  }

  /** Peeks at the next byte without consuming it (-1 at the end). */
  async peek(): Promise<number> {
    if (this.pos >= this.buf.length && !(await this.more())) return -1;
    return this.buf[this.pos]!;
  }

  /** Closes the underlying stream early. */
  async close(): Promise<void> {
    await this.it.return?.();
  }
}
