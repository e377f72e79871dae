import type { TaskMetadata } from './metadata.js';

/** Placeholder until the custom task file loader lands: JSON/YAML task definitions. */
export function loadTaskFile(_file: string): TaskMetadata[] {
  throw new Error('custom task files are not supported yet');
}
