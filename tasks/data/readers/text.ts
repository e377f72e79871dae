import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { DatasetError } from '../../../core/errors.js';

/** A data file's text, decompressed when it ends in .gz or .zst; errors name the file. */
export async function readText(file: string): Promise<string> {
  if (file.toLowerCase().endsWith('.zst')) return readZstdText(file);
  const raw = createReadStream(file);
  const input = file.toLowerCase().endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const chunks: Buffer[] = [];
  try {
    for await (const c of input) chunks.push(c as Buffer);
  } catch (e) {
    throw new DatasetError(`cannot read: ${(e as Error).message}`, { file }, { cause: e });
  }
  return Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
}

async function readZstdText(file: string): Promise<string> {
  const { decompressZstd } = await import('hyparquet-compressors');
  try {
    return Buffer.from(decompressZstd(new Uint8Array(await readFile(file)))).toString('utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new DatasetError(`cannot read zstd file: ${(e as Error).message}`, { file }, { cause: e });
  }
}
