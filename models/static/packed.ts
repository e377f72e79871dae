/**
 * The packed cache of a static vector file: parsed once (by streaming), then reloaded without parsing, copying
 * or hashing the vocabulary again.
 *
 * Layout (little-endian):
 *   0    "MTEBWV03"
 *   8    u32 dim, u32 nWords, u32 bucket (0: no subwords), u32 minn, u32 maxn, u32 slots, u32 blocks, u32 metaCrc
 *   40   u64 vocabBytes, u64 metaOffset, u64 fileSize
 *   124  u32 CRC-32 of bytes 0..123
 *   128  float32 [nWords + bucket, dim]: word rows, then fastText's subword rows        ("data")
 *   ..   pad to 8; vocabulary: the UTF-8 words back to back                            ("meta" from here)
 *   ..   pad to 4; u32 [nWords + 1] byte offsets of the words in the vocabulary
 *   ..   u32 [slots] open-addressing hash table (FNV-1a of the UTF-8 bytes, linear probing): row + 1, 0 = empty;
 *        a duplicated word holds the row the duplicate rule picked when the file was packed
 *   ..   u32 [blocks] CRC-32 of each 4 MiB block of the data
 * metaCrc is the CRC-32 of the whole meta part. A reload reads the header and meta part (a few MB), checks both
 * CRCs, and maps the data (compute/native/map-file.ts) instead of reading it: no fresh pages, no copy, and the
 * lookup table replaces building a Map of every word. A data block's CRC is checked the first time a row in it is
 * used (ensure); without the mapping addon the data is read and every block checked at once.
 * The rows are written as they are parsed and the header last, into a temporary file renamed into place, so a
 * reader never sees a half-written cache and parsing never holds the text of the file in memory.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileMapper } from '../../compute/native/map-file.js';
import { diskFullError, ModelError } from '../../core/errors.js';
import { crc32 } from './crc32.js';
import { buildIndex, type DuplicateRule, type SubwordTable, type VectorTable } from './vector-table.js';

const MAGIC = 'MTEBWV03';
const HEADER = 128;
/** Data bytes per checksum block. */
export const PACKED_BLOCK = 1 << 22;
/** Largest single read or write (V8 caps one Buffer at 2 GiB on some builds). */
const IO_CHUNK = 1 << 30;
/** Below this much data, reading beats mapping (and tests can force either way). */
const MAP_MIN_BYTES = 1 << 24;

/** FNV-1a over bytes [from, to) of b. */
function fnv1a(b: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ b[i]!, 16777619);
  return h >>> 0;
}

export class PackedWriter {
  private readonly tmp: string;
  private readonly fd: number;
  private dataBytes = 0;
  private rows = 0;
  private done = false;
  private readonly blockCrcs: number[] = [];
  private blockCrc = 0;
  private blockFill = 0;

  constructor(
    readonly file: string,
    readonly dim: number,
  ) {
    mkdirSync(dirname(file), { recursive: true });
    this.tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    this.fd = openSync(this.tmp, 'w');
  }

  /** Appends whole word rows (length a multiple of dim). */
  appendRows(data: Float32Array): void {
    if (data.length % this.dim) throw new RangeError(`${data.length} values is not a whole number of ${this.dim}-d rows`);
    this.appendData(data);
    this.rows += data.length / this.dim;
  }

  get rowCount(): number {
    return this.rows;
  }

  /**
   * Writes the subword rows, vocabulary, word offsets, lookup table (duplicates resolved by `rule`) and block
   * checksums, then the header, and renames the file into place.
   */
  finish(words: readonly string[], rule: DuplicateRule, subwords?: SubwordTable): void {
    if (words.length !== this.rows) throw new RangeError(`${words.length} words for ${this.rows} rows`);
    if (subwords) {
      const r = subwords.rows;
      for (let off = 0; off < r.length; off += IO_CHUNK / 4) this.appendData(r.subarray(off, Math.min(r.length, off + IO_CHUNK / 4)));
    }
    if (this.blockFill) this.blockCrcs.push(this.blockCrc);
    const n = words.length;
    const vocab = Buffer.from(words.join(''), 'utf8');
    const offsets = new Uint32Array(n + 1);
    let at = 0;
    for (let i = 0; i < n; i++) {
      offsets[i] = at;
      at += Buffer.byteLength(words[i]!, 'utf8');
    }
    offsets[n] = at;
    if (at !== vocab.length || at > 0xffffffff) throw new RangeError(`vocabulary of ${at} bytes cannot be packed`);
    const index = buildIndex(words, rule);
    let slots = 2;
    while (slots < 2 * index.size) slots *= 2;
    const table = new Uint32Array(slots);
    const mask = slots - 1;
    for (const row of index.values()) {
      let s = fnv1a(vocab, offsets[row]!, offsets[row + 1]!) & mask;
      while (table[s]) s = (s + 1) & mask;
      table[s] = row + 1;
    }
    const metaOffset = HEADER + this.dataBytes + ((8 - (this.dataBytes % 8)) % 8);
    const pad = (4 - (vocab.length % 4)) % 4;
    const parts: Uint8Array[] = [
      vocab,
      new Uint8Array(pad),
      new Uint8Array(offsets.buffer),
      new Uint8Array(table.buffer),
      new Uint8Array(Uint32Array.from(this.blockCrcs).buffer),
    ];
    let metaCrc = 0;
    let pos = metaOffset;
    for (const p of parts) {
      metaCrc = crc32(p, metaCrc);
      this.writeAt(p, pos);
      pos += p.length;
    }
    const head = Buffer.alloc(HEADER);
    head.write(MAGIC, 0, 'latin1');
    [this.dim, n, subwords?.bucket ?? 0, subwords?.minn ?? 0, subwords?.maxn ?? 0, slots, this.blockCrcs.length, metaCrc].forEach((v, i) =>
      head.writeUInt32LE(v, 8 + 4 * i),
    );
    head.writeBigUInt64LE(BigInt(vocab.length), 40);
    head.writeBigUInt64LE(BigInt(metaOffset), 48);
    head.writeBigUInt64LE(BigInt(pos), 56);
    head.writeUInt32LE(crc32(head.subarray(0, 124)), 124);
    this.writeAt(head, 0);
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

  private appendData(data: Float32Array): void {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    // checksum per PACKED_BLOCK of the data, blocks counted from the start of the data
    for (let off = 0; off < bytes.length; ) {
      const take = Math.min(PACKED_BLOCK - this.blockFill, bytes.length - off);
      this.blockCrc = crc32(bytes.subarray(off, off + take), this.blockCrc);
      this.blockFill += take;
      off += take;
      if (this.blockFill === PACKED_BLOCK) {
        this.blockCrcs.push(this.blockCrc);
        this.blockCrc = 0;
        this.blockFill = 0;
      }
    }
    this.writeAt(bytes, HEADER + this.dataBytes);
    this.dataBytes += bytes.length;
  }

  private writeAt(bytes: Uint8Array, pos: number): void {
    let off = 0;
    try {
      while (off < bytes.length) off += writeSync(this.fd, bytes, off, Math.min(IO_CHUNK, bytes.length - off), pos + off);
    } catch (e) {
      // Node's ENOSPC message names no file; the caller aborts (removes the temporary file).
      throw diskFullError(e, this.file, 'cannot write the packed vector cache');
    }
  }
}

function readFully(fd: number, target: Uint8Array, position: number): void {
  let off = 0;
  while (off < target.length) {
    const n = readSync(fd, target, off, Math.min(IO_CHUNK, target.length - off), position + off);
    if (n <= 0) throw new RangeError('unexpected end of file');
    off += n;
  }
}

export interface ReadPackedOptions {
  /** Map the data instead of reading it: default when the addon is built and the data is at least 16 MiB. */
  map?: boolean;
}

/**
 * Reads a packed file; undefined when it is not one, or its header, vocabulary or (when read rather than mapped)
 * rows fail their checksum, so the caller parses the source again. A mapped table checks each data block when a
 * row in it is first used, and on a mismatch removes the file and throws.
 */
export function readPacked(file: string, opts: ReadPackedOptions = {}): VectorTable | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  let h: { dim: number; n: number; bucket: number; minn: number; maxn: number; slots: number; blocks: number; vocabBytes: number; dataBytes: number };
  let meta: Buffer;
  try {
    const size = fstatSync(fd).size;
    if (size < HEADER) return undefined;
    const head = Buffer.alloc(HEADER);
    readFully(fd, head, 0);
    if (head.toString('latin1', 0, 8) !== MAGIC || head.readUInt32LE(124) !== crc32(head.subarray(0, 124))) return undefined;
    const u = (i: number) => head.readUInt32LE(8 + 4 * i);
    h = {
      dim: u(0),
      n: u(1),
      bucket: u(2),
      minn: u(3),
      maxn: u(4),
      slots: u(5),
      blocks: u(6),
      vocabBytes: Number(head.readBigUInt64LE(40)),
      dataBytes: 0,
    };
    const metaCrc = u(7);
    const metaOffset = Number(head.readBigUInt64LE(48));
    h.dataBytes = (h.n + h.bucket) * h.dim * 4;
    if (!h.dim || Number(head.readBigUInt64LE(56)) !== size || metaOffset !== HEADER + h.dataBytes + ((8 - (h.dataBytes % 8)) % 8)) return undefined;
    if (h.blocks !== Math.ceil(h.dataBytes / PACKED_BLOCK) || h.slots < 2 || (h.slots & (h.slots - 1)) !== 0) return undefined;
    const vocabPadded = h.vocabBytes + ((4 - (h.vocabBytes % 4)) % 4);
    if (size !== metaOffset + vocabPadded + 4 * (h.n + 1 + h.slots + h.blocks)) return undefined;
    meta = Buffer.alloc(size - metaOffset);
    readFully(fd, meta, metaOffset);
    if (crc32(meta) !== metaCrc) return undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
  const { dim, n, bucket, slots, blocks, vocabBytes, dataBytes } = h;
  const vocab = meta.subarray(0, vocabBytes);
  const at = vocabBytes + ((4 - (vocabBytes % 4)) % 4);
  const u32 = (from: number, count: number) => new Uint32Array(meta.buffer, meta.byteOffset + from, count);
  const offsets = u32(at, n + 1);
  const table = u32(at + 4 * (n + 1), slots);
  const blockCrcs = u32(at + 4 * (n + 1 + slots), blocks);
  if (offsets[n] !== vocabBytes) return undefined;

  const map = fileMapper();
  const useMap = opts.map ?? (dataBytes >= MAP_MIN_BYTES && map !== undefined);
  let data: ArrayBuffer;
  let dataOffset = 0;
  let ensureBlocks: ((firstByte: number, endByte: number) => void) | undefined;
  if (useMap && map && dataBytes > 0) {
    try {
      data = map(file);
    } catch {
      return undefined;
    }
    dataOffset = HEADER;
    const checked = new Uint8Array(blocks);
    ensureBlocks = (from, to) => {
      for (let b = Math.floor(from / PACKED_BLOCK); b * PACKED_BLOCK < to; b++) {
        if (checked[b]) continue;
        const start = HEADER + b * PACKED_BLOCK;
        const bytes = new Uint8Array(data, start, Math.min(PACKED_BLOCK, dataBytes - b * PACKED_BLOCK));
        if (crc32(bytes) !== blockCrcs[b]) {
          rmSync(file, { force: true });
          throw new ModelError(
            `the packed vector cache is damaged (checksum of bytes ${start}..${start + bytes.length - 1}); it has been removed and the next run parses the vectors again`,
            { file },
          );
        }
        checked[b] = 1;
      }
    };
  } else {
    const buf = new Uint8Array(dataBytes);
    try {
      fd = openSync(file, 'r');
      try {
        readFully(fd, buf, HEADER);
      } finally {
        closeSync(fd);
      }
    } catch {
      return undefined;
    }
    for (let b = 0; b < blocks; b++) {
      if (crc32(buf.subarray(b * PACKED_BLOCK, Math.min(dataBytes, (b + 1) * PACKED_BLOCK))) !== blockCrcs[b]) return undefined;
    }
    data = buf.buffer;
  }

  const rowBytes = dim * 4;
  const scratch = { bytes: new Uint8Array(256) };
  const encoder = new TextEncoder();
  const mask = slots - 1;
  let words: string[] | undefined;
  const vectors = new Float32Array(data, dataOffset, n * dim);
  const out: VectorTable = {
    dim,
    size: n,
    vectors,
    get words(): string[] {
      words ??= Array.from({ length: n }, (_, i) => vocab.toString('utf8', offsets[i]!, offsets[i + 1]!));
      return words;
    },
    lookup(word: string): number | undefined {
      // UTF-8 bytes of the word (at most 3 bytes per UTF-16 unit)
      if (scratch.bytes.length < word.length * 3) scratch.bytes = new Uint8Array(word.length * 3);
      const b = scratch.bytes;
      const len = encoder.encodeInto(word, b).written;
      for (let s = fnv1a(b, 0, len) & mask; table[s]; s = (s + 1) & mask) {
        const row = table[s]! - 1;
        const o = offsets[row]!;
        if (offsets[row + 1]! - o !== len) continue;
        let i = 0;
        while (i < len && vocab[o + i] === b[i]) i++;
        if (i === len) return row;
      }
      return undefined;
    },
  };
  if (ensureBlocks) {
    const ensure = ensureBlocks;
    out.ensure = (row) => ensure(row * rowBytes, (row + 1) * rowBytes);
  }
  if (bucket) {
    const sub: SubwordTable = { minn: h.minn, maxn: h.maxn, bucket, rows: new Float32Array(data, dataOffset + n * rowBytes, bucket * dim) };
    if (ensureBlocks) {
      const ensure = ensureBlocks;
      sub.ensure = (b) => ensure((n + b) * rowBytes, (n + b + 1) * rowBytes);
    }
    out.subwords = sub;
  }
  return out;
}
