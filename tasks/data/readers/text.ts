import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { DatasetError } from '../../../core/errors.js';
import type { ReadOptions } from './read-options.js';
import { findInvalidUtf8, invalidUtf8Warning } from './utf8.js';

/** A data file's text, decompressed when it ends in .gz or .zst; errors name the file. */
export async function readText(file: string, opts: ReadOptions = {}): Promise<string> {
  if (file.toLowerCase().endsWith('.zst')) return decode(await readZstdBytes(file), file, opts);
  const raw = createReadStream(file);
  const input = file.toLowerCase().endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const chunks: Buffer[] = [];
  try {
    for await (const c of input) chunks.push(c as Buffer);
  } catch (e) {
    throw new DatasetError(`cannot read: ${(e as Error).message}`, { file }, { cause: e });
  }
  return decode(Buffer.concat(chunks), file, opts);
}

/** UTF-8 text without a BOM; bytes that are not UTF-8 become U+FFFD, with a warning naming the line. */
function decode(bytes: Buffer, file: string, opts: ReadOptions): string {
  const bad = findInvalidUtf8(bytes);
  if (bad) opts.warn?.(invalidUtf8Warning(file, bad));
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

async function readZstdBytes(file: string): Promise<Buffer> {
  const { decompressZstd } = await import('hyparquet-compressors');
  try {
    return Buffer.from(decompressZstd(new Uint8Array(await readFile(file))));
  } catch (e) {
    throw new DatasetError(`cannot read zstd file: ${(e as Error).message}`, { file }, { cause: e });
  }
}
