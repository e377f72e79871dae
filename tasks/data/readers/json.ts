import { DatasetError } from '../../../core/errors.js';
import type { ReadOptions } from './read-options.js';
import { readText } from './text.js';

/**
 * `.json` as the `datasets` json builder reads it: JSON Lines first (many hub `.json` files are),
 * else one document that is a list of row objects or a dict of equal-length columns.
 */
export async function readJson(file: string, opts: ReadOptions = {}): Promise<Record<string, unknown>[]> {
  const text = await readText(file, opts);
  const lines = text.split('\n');
  const rows: Record<string, unknown>[] = [];
  let linesOk = true;
  for (const line of lines) {
    if (line.trim() === '') continue;
    try {
      const v: unknown = JSON.parse(line);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) {
        linesOk = false;
        break;
      }
      rows.push(v as Record<string, unknown>);
    } catch {
      linesOk = false;
      break;
    }
  }
  if (linesOk) return rows;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new DatasetError(`invalid JSON: ${(e as Error).message}`, { file }, { cause: e });
  }
  if (Array.isArray(doc)) {
    doc.forEach((r, i) => {
      if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new DatasetError(`element ${i} is not a JSON object`, { file, row: i });
    });
    return doc as Record<string, unknown>[];
  }
  if (doc && typeof doc === 'object') {
    const cols = Object.entries(doc as Record<string, unknown>);
    if (cols.length && cols.every(([, v]) => Array.isArray(v))) {
      const n = (cols[0]![1] as unknown[]).length;
      const bad = cols.find(([, v]) => (v as unknown[]).length !== n);
      if (bad) throw new DatasetError(`column "${bad[0]}" has ${(bad[1] as unknown[]).length} values, expected ${n}`, { file });
      return Array.from({ length: n }, (_, i) => Object.fromEntries(cols.map(([k, v]) => [k, (v as unknown[])[i]])));
    }
    return [doc as Record<string, unknown>];
  }
  throw new DatasetError('JSON document is neither a list of rows nor a dict of columns', { file });
}
