import { DatasetError } from '../../../core/errors.js';

export type RowReader = (file: string) => Promise<Record<string, unknown>[]>;

/** File-extension -> lazily imported reader, so heavy readers (parquet) load only when used. */
const READERS: Record<string, () => Promise<RowReader>> = {
  '.jsonl': async () => (await import('./jsonl.js')).readJsonl,
  '.jsonl.gz': async () => (await import('./jsonl.js')).readJsonl,
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
