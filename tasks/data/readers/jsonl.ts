import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { DatasetError } from '../../../core/errors.js';
import type { ReadOptions } from './read-options.js';
import { invalidUtf8Warning } from './utf8.js';

/**
 * Reads JSON Lines (optionally gzip-compressed). Blank lines are skipped; a bad line names its row. Lines are split
 * on the raw bytes, so a line that is not valid UTF-8 (decoded with U+FFFD, as before) is reported by line and row.
 */
export async function readJsonl(file: string, opts: ReadOptions = {}): Promise<Record<string, unknown>[]> {
  const raw = createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const rows: Record<string, unknown>[] = [];
  let lineNo = 0;
  let bad: { line: number; row: number; lines: number } | undefined;
  const onLine = (bytes: Buffer) => {
    lineNo++;
    if (!isUtf8(bytes)) {
      if (bad) bad.lines++;
      else bad = { line: lineNo, row: rows.length, lines: 1 };
    }
    let line = bytes.toString('utf8');
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (lineNo === 1) line = line.replace(/^\uFEFF/, '');
    if (line.trim() === '') return;
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
  };
  try {
    // Pieces of the current line (a long line spans many chunks; joined once, at its newline).
    let pending: Buffer[] = [];
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
        const piece = chunk.subarray(start, nl);
        onLine(pending.length ? Buffer.concat([...pending, piece]) : piece);
        pending = [];
        start = nl + 1;
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
    }
    if (pending.length) onLine(Buffer.concat(pending));
  } catch (e) {
    if (e instanceof DatasetError) throw e;
    throw new DatasetError(`cannot read: ${(e as Error).message}`, { file }, { cause: e });
  }
  if (bad) opts.warn?.(invalidUtf8Warning(file, bad, bad.row));
  return rows;
}
