import { existsSync, readFileSync } from 'node:fs';
import { ModelError } from '../core/errors.js';

/** An optional JSON file of a model folder: undefined when absent, a ModelError naming model and file when unparsable. */
export function readModelJson<T>(file: string, model: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new ModelError(`invalid JSON: ${(e as Error).message}`, { model, file });
  }
}
