import type { TaskMetadata } from '../metadata.js';

/** clustering tasks (filled in by the clustering issue). */
export const tasks: TaskMetadata[] = [];
