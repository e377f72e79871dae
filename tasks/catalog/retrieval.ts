import type { TaskMetadata } from '../metadata.js';

/** retrieval tasks (filled in by the retrieval issue). */
export const tasks: TaskMetadata[] = [];
