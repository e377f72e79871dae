import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { DatasetError } from '../../../core/errors.js';

/** Reads JSON Lines (optionally gzip-compressed). Blank lines are skipped; a bad line names its row. */
export async function readJsonl(file: string): Promise<Record<string, unknown>[]> {
  const raw = createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const lines = createInterface({ input, crlfDelay: Infinity });
  const rows: Record<string, unknown>[] = [];
  let lineNo = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === '') continue;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch (e) {
        throw new DatasetError(`invalid JSON on line ${lineNo}: ${(e as Error).message}`, { file, row: rows.length });
      }
      if (v === null || typeof v !== 'object' || Array.isArray(v)) {
        throw new DatasetError(`line ${lineNo} is not a JSON object`, { file, row: rows.length });
      }
      rows.push(v as Record<string, unknown>);
    }
  } catch (e) {
    if (e instanceof DatasetError) throw e;
    throw new DatasetError(`cannot read: ${(e as Error).message}`, { file }, { cause: e });
  }
  return rows;
}
