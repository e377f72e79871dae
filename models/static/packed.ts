/**
 * The packed cache of a static vector file: parsed once (by streaming), then reloaded with a few large reads.
 *
 * Layout (little-endian):
 *   0   "MTEBWV02"
 *   8   u32 dim, u32 nWords, u32 vocabBytes, u32 minn, u32 maxn, u32 bucket (0: no subwords)
 *   32  u64 vocabOffset, u64 bucketOffset, pad to 64
 *   64  float32 [nWords, dim]       word vectors
 *   ..  vocabulary: UTF-8 words joined by "\0"
 *   ..  pad to 4, float32 [bucket, dim]   fastText subword rows (when bucket > 0)
 * The vectors are written as they are parsed and the header last, into a temporary file renamed into place, so a
 * reader never sees a half-written cache and parsing never holds the text of the file in memory.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { diskFullError } from '../../core/errors.js';
import type { SubwordTable, VectorTable } from './vector-table.js';

const MAGIC = 'MTEBWV02';
const HEADER = 64;
/** Largest single read (V8 caps one Buffer at 2 GiB on some builds). */
const READ_CHUNK = 1 << 30;

export class PackedWriter {
  private readonly tmp: string;
  private readonly fd: number;
  private pos = HEADER;
  private rows = 0;
  private done = false;

  constructor(
    readonly file: string,
    readonly dim: number,
  ) {
    mkdirSync(dirname(file), { recursive: true });
    this.tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    this.fd = openSync(this.tmp, 'w');
  }

  /** Appends whole rows (length a multiple of dim). */
  appendRows(data: Float32Array): void {
    if (data.length % this.dim) throw new RangeError(`${data.length} values is not a whole number of ${this.dim}-d rows`);
    this.write(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    this.rows += data.length / this.dim;
  }

  get rowCount(): number {
    return this.rows;
  }

  /** Writes vocabulary, subword rows and header, then renames the file into place. */
  finish(words: readonly string[], subwords?: SubwordTable): void {
    if (words.length !== this.rows) throw new RangeError(`${words.length} words for ${this.rows} rows`);
    const vocab = Buffer.from(words.join('\0'), 'utf8');
    const vocabOffset = this.pos;
    this.write(vocab);
    let bucketOffset = 0;
    if (subwords) {
      this.write(new Uint8Array((4 - (this.pos % 4)) % 4));
      bucketOffset = this.pos;
      const r = subwords.rows;
      for (let off = 0; off < r.length; off += READ_CHUNK / 4) {
        const part = r.subarray(off, Math.min(r.length, off + READ_CHUNK / 4));
        this.write(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
      }
    }
    const head = Buffer.alloc(HEADER);
    head.write(MAGIC, 0, 'latin1');
    head.writeUInt32LE(this.dim, 8);
    head.writeUInt32LE(words.length, 12);
    head.writeUInt32LE(vocab.length, 16);
    head.writeUInt32LE(subwords?.minn ?? 0, 20);
    head.writeUInt32LE(subwords?.maxn ?? 0, 24);
    head.writeUInt32LE(subwords?.bucket ?? 0, 28);
    head.writeBigUInt64LE(BigInt(vocabOffset), 32);
    head.writeBigUInt64LE(BigInt(bucketOffset), 40);
    writeSync(this.fd, head, 0, HEADER, 0);
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.done = true;
    renameSync(this.tmp, this.file);
  }

  /** Drops the temporary file (parse failed). */
  abort(): void {
    if (this.done) return;
    this.done = true;
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
    rmSync(this.tmp, { force: true });
  }

  private write(bytes: Uint8Array): void {
    let off = 0;
    try {
      while (off < bytes.length) {
        const n = writeSync(this.fd, bytes, off, bytes.length - off, this.pos);
        off += n;
        this.pos += n;
      }
    } catch (e) {
      // Node's ENOSPC message names no file; the caller aborts (removes the temporary file).
      throw diskFullError(e, this.file, 'cannot write the packed vector cache');
    }
  }
}

function readFully(fd: number, target: Uint8Array, position: number): void {
  let off = 0;
  while (off < target.length) {
    const n = readSync(fd, target, off, Math.min(READ_CHUNK, target.length - off), position + off);
    if (n <= 0) throw new RangeError('unexpected end of file');
    off += n;
  }
}

function readFloats(fd: number, count: number, position: number): Float32Array {
  const out = new Float32Array(count);
  readFully(fd, new Uint8Array(out.buffer), position);
  return out;
}

/** Reads a packed file; undefined when it is not one (or is damaged), so the caller re-parses the source. */
export function readPacked(file: string): VectorTable | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const size = statSync(file).size;
    if (size < HEADER) return undefined;
    const head = Buffer.alloc(HEADER);
    readFully(fd, head, 0);
    if (head.toString('latin1', 0, 8) !== MAGIC) return undefined;
    const dim = head.readUInt32LE(8);
    const n = head.readUInt32LE(12);
    const vocabBytes = head.readUInt32LE(16);
    const minn = head.readUInt32LE(20);
    const maxn = head.readUInt32LE(24);
    const bucket = head.readUInt32LE(28);
    const vocabOffset = Number(head.readBigUInt64LE(32));
    const bucketOffset = Number(head.readBigUInt64LE(40));
    if (dim === 0 || vocabOffset !== HEADER + n * dim * 4) return undefined;
    const expected = bucket ? bucketOffset + bucket * dim * 4 : vocabOffset + vocabBytes;
    if (size !== expected || (bucket && bucketOffset < vocabOffset + vocabBytes)) return undefined;
    const vectors = readFloats(fd, n * dim, HEADER);
    const vocab = Buffer.alloc(vocabBytes);
    readFully(fd, vocab, vocabOffset);
    const words = n ? vocab.toString('utf8').split('\0') : [];
    if (words.length !== n) return undefined;
    const table: VectorTable = { dim, words, vectors };
    if (bucket) table.subwords = { minn, maxn, bucket, rows: readFloats(fd, bucket * dim, bucketOffset) };
    return table;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
