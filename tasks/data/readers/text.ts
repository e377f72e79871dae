import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { DatasetError } from '../../../core/errors.js';

/** A data file's text, gunzipped when it ends in .gz; errors name the file. */
export async function readText(file: string): Promise<string> {
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
