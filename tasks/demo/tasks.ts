import type { TaskMetadata } from '../metadata.js';
import { tasks as rerankingDemo } from './reranking.js';
import { tasks as retrievalDemo } from './retrieval.js';

export const tasks: TaskMetadata[] = [...retrievalDemo, ...rerankingDemo];
