import { DatasetError } from '../../../core/errors.js';

export type RowReader = (file: string) => Promise<Record<string, unknown>[]>;

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
};

export function registerReader(ext: string, load: () => Promise<RowReader>): void {
  READERS[ext] = load;
}

export function supportedExtensions(): string[] {
  return Object.keys(READERS);
}

export async function readRowsFile(file: string): Promise<Record<string, unknown>[]> {
  const ext = Object.keys(READERS)
    .sort((a, b) => b.length - a.length)
    .find((e) => file.toLowerCase().endsWith(e));
  if (!ext) throw new DatasetError(`unsupported data file type (supported: ${supportedExtensions().join(', ')})`, { file });
  const reader = await READERS[ext]!();
  return reader(file);
}
