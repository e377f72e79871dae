/**
 * Where a model's files come from: a local folder. Hub models are first fetched into the HF cache
 * (hub-snapshot.ts) and then read from their snapshot folder like any local folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelError } from '../../core/errors.js';

export interface ModelSource {
  kind: 'local';
  dir: string;
  label: string;
}

/** Reads a small text file of the model, or undefined when the model does not have it. */
export async function readModelText(src: ModelSource, file: string): Promise<string | undefined> {
  const p = join(src.dir, file);
  return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
}

export async function readModelJson<T>(src: ModelSource, file: string): Promise<T | undefined> {
  const text = await readModelText(src, file);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new ModelError(`invalid JSON in ${file}: ${(e as Error).message}`, { model: src.label, file: describeFile(src, file) });
  }
}

export function describeFile(src: ModelSource, file: string): string {
  return join(src.dir, file);
}
