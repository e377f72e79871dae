import { DatasetError } from '../../../core/errors.js';
import type { ReadOptions } from './read-options.js';

export type { ReadOptions } from './read-options.js';

export type RowReader = (file: string, opts?: ReadOptions) => Promise<Record<string, unknown>[]>;

/** File-extension -> lazily imported reader, so heavy readers (parquet) load only when used. */
const READERS: Record<string, () => Promise<RowReader>> = {
  '.parquet': async () => (await import('./parquet.js')).readParquet,
  '.jsonl': async () => (await import('./jsonl.js')).readJsonl,
  '.jsonl.gz': async () => (await import('./jsonl.js')).readJsonl,
  '.ndjson': async () => (await import('./jsonl.js')).readJsonl,
  '.json': async () => (await import('./json.js')).readJson,
  '.json.gz': async () => (await import('./json.js')).readJson,
  '.csv': async () => (await import('./csv.js')).readCsv,
  '.csv.gz': async () => (await import('./csv.js')).readCsv,
  '.tsv': async () => (await import('./csv.js')).readCsv,
  '.tsv.gz': async () => (await import('./csv.js')).readCsv,
  '.jsonl.zst': async () => (await import('./json.js')).readJson,
  '.json.zst': async () => (await import('./json.js')).readJson,
  '.csv.zst': async () => (await import('./csv.js')).readCsv,
  '.tsv.zst': async () => (await import('./csv.js')).readCsv,
};

export function supportedExtensions(): string[] {
  return Object.keys(READERS);
}

export async function readRowsFile(file: string, opts: ReadOptions = {}): Promise<Record<string, unknown>[]> {
  const ext = Object.keys(READERS)
    .sort((a, b) => b.length - a.length)
    .find((e) => file.toLowerCase().endsWith(e));
  if (!ext) throw new DatasetError(`unsupported data file type (supported: ${supportedExtensions().join(', ')})`, { file });
  const reader = await READERS[ext]!();
  return reader(file, opts);
}

/**
 * Rows of a file in batches: parquet one row group at a time (never the whole file in memory), other
 * formats in slices of `batchSize` after reading (their parsers need the whole text).
 */
export async function* streamRowsFile(file: string, batchSize = 10_000, opts: ReadOptions = {}): AsyncGenerator<Record<string, unknown>[]> {
  if (file.toLowerCase().endsWith('.parquet')) {
    const { streamParquet } = await import('./parquet.js');
    yield* streamParquet(file, opts);
    return;
  }
  const rows = await readRowsFile(file, opts);
  for (let i = 0; i < rows.length; i += batchSize) yield rows.slice(i, i + batchSize);
}
