import type { TaskMetadata } from '../metadata.js';

/** classification tasks (filled in by the classification issue). */
export const tasks: TaskMetadata[] = [];
