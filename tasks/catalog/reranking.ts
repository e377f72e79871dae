import type { TaskMetadata } from '../metadata.js';

/** reranking tasks (filled in by the reranking issue). */
export const tasks: TaskMetadata[] = [];
