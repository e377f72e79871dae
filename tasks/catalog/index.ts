import type { TaskMetadata } from '../metadata.js';
import { tasks as bitext } from './bitext-mining.js';
import { tasks as classification } from './classification.js';
import { tasks as clustering } from './clustering.js';
import { tasks as pair } from './pair-classification.js';
import { tasks as reranking } from './reranking.js';
import { tasks as retrieval } from './retrieval.js';
import { tasks as sts } from './sts.js';
import { tasks as summarization } from './summarization.js';
import { tasks as demo } from '../demo/tasks.js';

/** Every task the runner knows, in a stable order (type, then name). */
export const ALL_TASKS: readonly TaskMetadata[] = [
  ...bitext,
  ...classification,
  ...clustering,
  ...pair,
  ...reranking,
  ...retrieval,
  ...sts,
  ...summarization,
  ...demo,
];
