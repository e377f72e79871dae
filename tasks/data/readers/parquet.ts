import { open } from 'node:fs/promises';
import { type AsyncBuffer, type FileMetaData, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { DatasetError } from '../../../core/errors.js';
import type { ReadOptions } from './read-options.js';

/**
 * Parquet through hyparquet (snappy, zstd, gzip, brotli, lz4 via hyparquet-compressors), decoded one row
 * group at a time from byte ranges of the file, so a big corpus is never held as raw bytes and rows at once.
 * Strings that are not valid UTF-8 are replaced with U+FFFD as before (what `datasets`/pyarrow would refuse), with
 * one warning per file naming the first bad value's row group, row and column.
 */
export async function* streamParquet(file: string, opts: ReadOptions = {}): AsyncGenerator<Record<string, unknown>[]> {
  const fh = await open(file, 'r').catch((e: unknown) => {
    throw new DatasetError(`cannot open parquet file: ${(e as Error).message}`, { file }, { cause: e });
  });
  try {
    const { size } = await fh.stat();
    const buffer: AsyncBuffer = {
      byteLength: size,
      async slice(start: number, end?: number) {
        const stop = end ?? size;
        const out = Buffer.allocUnsafe(Math.max(0, stop - start));
        let off = 0;
        while (off < out.length) {
          const { bytesRead } = await fh.read(out, off, out.length - off, start + off);
          if (!bytesRead) break;
          off += bytesRead;
        }
        return out.buffer.slice(out.byteOffset, out.byteOffset + off) as ArrayBuffer;
      },
    };
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(buffer);
    } catch (e) {
      throw new DatasetError(`malformed parquet file: ${(e as Error).message}`, { file }, { cause: e });
    }
    const utf8 = new Utf8Check();
    let start = 0;
    for (const [group, rg] of metadata.row_groups.entries()) {
      const n = Number(rg.num_rows);
      let rows: Record<string, unknown>[];
      try {
        rows = (await parquetReadObjects({
          file: buffer,
          metadata,
          compressors,
          rowStart: start,
          rowEnd: start + n,
          parsers: { stringFromBytes: utf8.decode },
        })) as Record<string, unknown>[];
      } catch (e) {
        throw new DatasetError(`malformed parquet file (row group at row ${start}): ${(e as Error).message}`, { file, row: start }, { cause: e });
      }
      for (const r of rows) for (const k in r) r[k] = plain(r[k]);
      utf8.locate(rows, group, start);
      start += n;
      yield rows;
    }
    if (utf8.first) opts.warn?.(invalidUtf8ParquetWarning(file, utf8.first, utf8.count));
  } finally {
    await fh.close();
  }
}

export async function readParquet(file: string, opts: ReadOptions = {}): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const batch of streamParquet(file, opts)) for (const r of batch) out.push(r);
  return out;
}

/** Where the first invalid string of a file is: row group (0-based), row of the file (0-based) and column. */
export interface InvalidUtf8Value {
  rowGroup: number;
  row: number;
  column: string;
}

export function invalidUtf8ParquetWarning(file: string, first: InvalidUtf8Value, count: number): string {
  const more = count > 1 ? ` and ${count - 1} more value${count > 2 ? 's' : ''}` : '';
  return `invalid UTF-8 in ${file} in row group ${first.rowGroup}, row ${first.row}, column "${first.column}"${more}: the bad bytes were replaced with U+FFFD, so those texts differ from the source; fix the file's encoding`;
}

/**
 * Decodes parquet strings as hyparquet does (replacing bad bytes with U+FFFD), remembering the strings whose bytes
 * were not valid UTF-8 so the rows holding them can be found after the row group is read. The fatal decoder costs
 * nothing extra on valid bytes; the parser has no row or column, hence the second pass over a group's rows (only
 * when that group had a bad value). A dictionary value is decoded once and can sit in many rows: each is counted.
 */
class Utf8Check {
  private readonly strict = new TextDecoder('utf-8', { fatal: true });
  private readonly lenient = new TextDecoder('utf-8');
  private bad = new Set<string>();
  first: InvalidUtf8Value | undefined;
  count = 0;

  readonly decode = (bytes: Uint8Array): string | undefined => {
    if (!bytes) return bytes;
    try {
      return this.strict.decode(bytes);
    } catch {
      const s = this.lenient.decode(bytes);
      this.bad.add(s);
      return s;
    }
  };

  locate(rows: readonly Record<string, unknown>[], rowGroup: number, start: number): void {
    if (this.bad.size === 0) return;
    const isBad = (v: unknown): boolean => {
      if (typeof v === 'string') return this.bad.has(v);
      if (Array.isArray(v)) return v.some(isBad);
      return typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) && !(v instanceof Date) && Object.values(v).some(isBad);
    };
    rows.forEach((r, i) => {
      for (const column in r) {
        if (!isBad(r[column])) continue;
        this.count++;
        this.first ??= { rowGroup, row: start + i, column };
      }
    });
    this.bad = new Set();
  }
}

/** INT64 columns decode as bigint; rows should look like `datasets` gives them (Python ints -> numbers). */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (typeof v[i] === 'bigint' || Array.isArray(v[i])) v[i] = plain(v[i]);
    return v;
  }
  if (ArrayBuffer.isView(v) && v instanceof BigInt64Array) return Array.from(v, (x) => Number(x));
  return v;
}
