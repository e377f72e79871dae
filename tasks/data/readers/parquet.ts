import { open } from 'node:fs/promises';
import { type AsyncBuffer, type FileMetaData, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { DatasetError } from '../../../core/errors.js';

/**
 * Parquet through hyparquet (snappy, zstd, gzip, brotli, lz4 via hyparquet-compressors), decoded one row
 * group at a time from byte ranges of the file, so a big corpus is never held as raw bytes and rows at once.
 */
export async function* streamParquet(file: string): AsyncGenerator<Record<string, unknown>[]> {
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
    let start = 0;
    for (const rg of metadata.row_groups) {
      const n = Number(rg.num_rows);
      let rows: Record<string, unknown>[];
      try {
        rows = (await parquetReadObjects({ file: buffer, metadata, compressors, rowStart: start, rowEnd: start + n })) as Record<string, unknown>[];
      } catch (e) {
        throw new DatasetError(`malformed parquet file (row group at row ${start}): ${(e as Error).message}`, { file, row: start }, { cause: e });
      }
      for (const r of rows) for (const k in r) r[k] = plain(r[k]);
      start += n;
      yield rows;
    }
  } finally {
    await fh.close();
  }
}

export async function readParquet(file: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const batch of streamParquet(file)) for (const r of batch) out.push(r);
  return out;
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
