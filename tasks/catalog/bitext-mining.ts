import type { TaskMetadata } from '../metadata.js';

export const tasks: TaskMetadata[] = [];
